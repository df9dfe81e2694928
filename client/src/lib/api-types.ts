import type { hc, InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/**
 * Response and request shapes, inferred from the server's routes (type-only: nothing of the
 * server or of hono/client ends up in the bundle). A change of the API breaks `tsc` here first.
 */
type Client = ReturnType<typeof hc<ApiRoutes>>;

export type Me = InferResponseType<Client["auth"]["me"]["$get"], 200>;
export type SetupStatus = InferResponseType<Client["setup"]["$get"], 200>;
export type SetupRequest = InferRequestType<Client["setup"]["$post"]>["json"];
export type ExampleSetup = InferResponseType<Client["setup"]["example"]["$post"], 200>;
export type ExampleDeleted = InferResponseType<Client["example"]["$delete"], 200>;
export type Team = InferResponseType<Client["team"]["$get"], 200>;
export type PlannerInvitation = InferResponseType<Client["team"]["invitations"][":token"]["$get"], 200>;

export type CanonItem = InferResponseType<Client["canon"]["items"]["$get"], 200>["items"][number];
export type CanonFacets = InferResponseType<Client["canon"]["facets"]["$get"], 200>;
export type NewCanonItem = InferRequestType<Client["canon"]["items"]["$post"]>["json"];
export type CanonItemRevision = InferRequestType<Client["canon"]["items"][":itemId"]["$put"]>["json"];
export type CanonItemVersions = InferResponseType<Client["canon"]["items"][":itemId"]["versions"]["$get"], 200>;
export type CanonItemVersion = CanonItemVersions["versions"][number];
export type QuestionnaireImportRequest = InferRequestType<Client["surveys"]["import"]["$post"]>["json"];
export type QuestionnaireImportResult = InferResponseType<Client["surveys"]["import"]["$post"], 201>;
export type ImportReportEntry = QuestionnaireImportResult["report"][number];

export type SurveySummary = InferResponseType<Client["surveys"]["$get"], 200>["surveys"][number];
export type SurveyDetail = InferResponseType<Client["surveys"][":id"]["$get"], 200>;
export type PickedItem = SurveyDetail["items"][number];
export type SurveyPage = SurveyDetail["pages"][number];
export type SurveyTexts = SurveyDetail["texts"];
export type SurveyTemplate = InferResponseType<Client["templates"]["$get"], 200>["templates"][number];
export type SurveyPatch = InferRequestType<Client["surveys"][":id"]["$patch"]>["json"];
export type SurveyPreview = InferResponseType<Client["surveys"][":id"]["preview"]["$get"], 200>;

export type CheckedRecipient = InferResponseType<
  Client["surveys"][":id"]["recipients"]["check"]["$post"],
  200
>["entries"][number];
export type InvitationResult = InferResponseType<Client["surveys"][":id"]["invitations"]["$post"], 200>;
export type Invitation = InferResponseType<Client["surveys"][":id"]["invitations"]["$get"], 200>["invitations"][number];

export type Results = InferResponseType<Client["surveys"][":id"]["results"]["$get"], 200>;
export type QuestionResult = Results["questions"][number];
/** The questions drawn as bar charts (the others list texts or their parts). */
export type ChartedQuestionResult = Extract<QuestionResult, { kind: "choice" | "multiple" | "numeric" | "matrix" }>;

export type Mail = InferResponseType<Client["dev"]["mailbox"]["$get"], 200>["mails"][number];

export type RespondentView = InferResponseType<Client["r"][":token"]["$get"], 200>;
export type SaveResult = InferResponseType<Client["r"][":token"]["draft"]["$put"], 200>;

export type PasswordResetRequested = InferResponseType<Client["auth"]["password-reset"]["$post"], 200>;
export type PasswordResetLink = InferResponseType<Client["auth"]["password-reset"][":token"]["$get"], 200>;
export type PasswordChanged = InferResponseType<Client["auth"]["password"]["$post"], 200>;

import type { hc, InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "../../../server/app.ts";

/** Shapes of the recipients API, inferred from the server's routes (type-only). */
type Client = ReturnType<typeof hc<ApiRoutes>>;
type SurveyRoutes = Client["surveys"][":id"];

export type InvitationList = InferResponseType<SurveyRoutes["invitations"]["$get"], 200>;
export type InvitationCounts = InvitationList["counts"];
export type InviteRequest = InferRequestType<SurveyRoutes["invitations"]["$post"]>["json"];
export type InviteResult = InferResponseType<SurveyRoutes["invitations"]["$post"], 200>;
export type Targets = InferResponseType<SurveyRoutes["recipients"]["targets"]["$post"], 200>;
export type Target = Targets["targets"][number];
export type TargetFilter = InferRequestType<SurveyRoutes["recipients"]["targets"]["$post"]>["json"]["filter"];
export type Mailing = InferResponseType<SurveyRoutes["mailings"]["$get"], 200>["mailings"][number];
export type MailTemplates = InferResponseType<SurveyRoutes["mail-templates"]["$get"], 200>;
export type MailTemplate = MailTemplates["de"]["invitation"];
export type TemplateLanguage = "de" | "en";
export type MailPreview = InferResponseType<SurveyRoutes["mail-templates"]["preview"]["$post"], 200>;
export type ReminderOverview = InferResponseType<SurveyRoutes["reminders"]["$get"], 200>;
export type ReminderResult = InferResponseType<SurveyRoutes["reminders"]["$post"], 200>;
export type ReminderAudience = "not_opened" | "not_started" | "draft";
export type TemplateKind = "invitation" | "reminder";
export type RecipientResponse = InferResponseType<SurveyRoutes["invitations"][":invitationId"]["response"]["$get"], 200>;

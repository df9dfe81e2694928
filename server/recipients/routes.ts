import { createRouter } from "../lib/openapi.ts";
import { invitationRoutes } from "./invitation-routes.ts";
import { surveyMailingRoutes } from "./mailing-routes.ts";
import { responseExclusionRoutes } from "./response-exclusion-routes.ts";
import { responseRoutes } from "./response-routes.ts";

/** Recipients of a survey: checking addresses, targeting the directory, invitations, mailings and reminders. */
export const recipientRoutes = createRouter().route("/", invitationRoutes).route("/", surveyMailingRoutes).route("/", responseRoutes).route("/", responseExclusionRoutes);

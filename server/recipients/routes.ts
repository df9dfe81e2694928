import { createRouter } from "../lib/openapi.ts";
import { invitationRoutes } from "./invitation-routes.ts";
import { mailTemplateRoutes } from "./mail-template-routes.ts";
import { surveyMailingRoutes } from "./mailing-routes.ts";
import { recipientCheckRoutes } from "./recipient-check-routes.ts";
import { reminderRoutes } from "./reminder-routes.ts";
import { responseExclusionRoutes } from "./response-exclusion-routes.ts";
import { responseRoutes } from "./response-routes.ts";

/** Recipients of a survey: checking addresses, targeting the directory, invitations, mail wording, mailings, reminders and single responses. */
export const recipientRoutes = createRouter()
  .route("/", recipientCheckRoutes)
  .route("/", invitationRoutes)
  .route("/", mailTemplateRoutes)
  .route("/", surveyMailingRoutes)
  .route("/", reminderRoutes)
  .route("/", responseRoutes)
  .route("/", responseExclusionRoutes);

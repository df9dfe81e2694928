import { createRouter } from "../lib/openapi.ts";
import { surveyDefinitionRoutes } from "./survey-definition-routes.ts";
import { surveyLifecycleRoutes } from "./survey-lifecycle-routes.ts";
import { surveyResourceRoutes } from "./survey-routes.ts";
import { templateRoutes } from "./template-routes.ts";

/** Surveys: the list and the builder's view, preview and download, opening and closing, and survey templates. */
export const surveyRoutes = createRouter()
  .route("/", surveyResourceRoutes)
  .route("/", surveyDefinitionRoutes)
  .route("/", surveyLifecycleRoutes)
  .route("/", templateRoutes);

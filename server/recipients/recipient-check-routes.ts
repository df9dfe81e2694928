import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { directoryFilterSchema } from "../directory/directory-filter.ts";
import { EMAIL_PROBLEM_CODES, type EmailProblemCode } from "../lib/email-address.ts";
import { LANGUAGES } from "../lib/languages.ts";
import { createRouter, errorResponses, json, jsonBody, uuidParam } from "../lib/openapi.ts";
import { SALUTATIONS } from "../lib/person-name.ts";
import { organisationSurvey } from "../lib/tenant-survey.ts";
import { checkPastedRecipients } from "./recipient-check.ts";
import { recipientTargets } from "./recipient-targets.ts";

const MAX_PASTE = 500_000;

const checkedEntrySchema = z
  .object({
    /** The entry as pasted; invalid entries are shown (and kept to be fixed) in this form. */
    raw: z.string(),
    /** Lower-case, internationalised domains in Unicode; the tidied text for invalid entries. */
    email: z.string(),
    /** As written ("Müller, Anna"), without quotes and salutation. */
    name: z.string(),
    salutation: z.enum(SALUTATIONS).nullable(),
    status: z.enum(["valid", "invalid", "duplicate", "already_invited"]),
    /** Why the entry cannot be used (see describeEmailProblem for the German and English reason). */
    problem: z.enum(EMAIL_PROBLEM_CODES as [EmailProblemCode, ...EmailProblemCode[]]).optional(),
    /** The character, domain part or ending the problem points at. */
    problemDetail: z.string().optional(),
    /** The first line of the mail this recipient would get ("Guten Tag Frau Müller,"); empty for invalid entries. */
    greeting: z.string(),
    /** The directory entry that already has this address, if any. */
    directoryEntry: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi("CheckedRecipient");

const checkRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/recipients/check",
  tags: ["Recipients"],
  summary:
    "Parse and validate pasted addresses with names (Outlook, lists, spreadsheet rows); gives the reason per invalid entry, marks duplicates, addresses already invited and those the directory knows, and the greeting each would get",
  middleware: [requireSession, organisationSurvey] as const,
  request: {
    params: uuidParam,
    ...jsonBody(z.object({ text: z.string().max(MAX_PASTE), language: z.enum(LANGUAGES).default("de") })),
  },
  responses: { 200: json(z.object({ entries: z.array(checkedEntrySchema) })), ...errorResponses },
});

const targetSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["institution", "network"]),
    name: z.string(),
    type: z.string(),
    districtName: z.string().nullable(),
    email: z.string().nullable(),
    alreadyInvited: z.boolean(),
  })
  .openapi("RecipientTarget");

const targetsRoute = createRoute({
  method: "post",
  path: "/surveys/{id}/recipients/targets",
  tags: ["Recipients"],
  summary: "Directory entries a filter selects for this survey, marking those already invited and those without an address",
  middleware: [requireSession, organisationSurvey] as const,
  request: { params: uuidParam, ...jsonBody(z.object({ filter: directoryFilterSchema })) },
  responses: {
    200: json(
      z.object({
        targets: z.array(targetSchema),
        counts: z.object({ total: z.number(), invitable: z.number(), alreadyInvited: z.number(), withoutEmail: z.number() }),
      }),
    ),
    ...errorResponses,
  },
});

/** Choosing a survey's recipients before inviting them: checking pasted addresses, and the directory entries a filter selects. */
export const recipientCheckRoutes = createRouter()
  .openapi(checkRoute, async (c) => {
    const { text, language } = c.req.valid("json");
    return c.json({ entries: await checkPastedRecipients(c.var.services.db, c.var.survey, text, language) }, 200);
  })
  .openapi(targetsRoute, async (c) => {
    const { filter } = c.req.valid("json");
    return c.json(await recipientTargets(c.var.services.db, c.var.session.organisationId, c.var.survey.id, filter), 200);
  });

import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { questionsOf } from "../results/question-kinds.ts";
import { checkFilterAndGrouping, responsesFilterCondition, resultsFilterSchema, type ResultsFilter } from "../results/results-filter.ts";

const invalidFilter = (reason: string) =>
  new ApiError(
    400,
    "invalid_filter",
    {
      de: `Der Filter ist ungültig: ${reason}. Erwartet wird ein Ergebnisfilter als JSON, z. B. {"recipients":{"districtIds":["…"]}}.`,
      en: `The filter is not valid: ${reason}. Expected a results filter as JSON, e.g. {"recipients":{"districtIds":["…"]}}.`,
    },
    { reason },
  );

/**
 * The `filter` query parameter of an export (a results filter as JSON, as the results page sends
 * it) as conditions on the responses (alias `r`): so the files hold what the filtered results
 * page shows. Empty when there is no filter; 400 `invalid_filter` for bad JSON or a bad filter,
 * and the results' own 400s for unknown or unsuitable questions.
 */
export function exportFilterCondition(
  db: Kysely<Database>,
  organisationId: string,
  survey: { id: string; definition: Record<string, unknown> | null },
  text: string | undefined,
): { filter: ResultsFilter | null; where: RawBuilder<unknown> } {
  if (text === undefined || text.trim() === "") return { filter: null, where: sql`` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidFilter("no JSON");
  }
  const parsed = resultsFilterSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidFilter(`${issue.path.join(".") || "filter"}: ${issue.message}`);
  }
  checkFilterAndGrouping(questionsOf(survey.definition), parsed.data, undefined);
  return { filter: parsed.data, where: responsesFilterCondition(db, organisationId, survey.id, parsed.data, "r") };
}

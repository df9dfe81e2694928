import type { Kysely } from "kysely";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { surveyCounts, zeroCounts } from "../lib/survey-counts.ts";
import { pendingRelease } from "../respond/release-anonymous-answers.ts";
import { pendingPseudonymousRelease } from "../respond/release-pseudonymous-answers.ts";
import { aggregateChoices } from "./aggregate-choices.ts";
import { aggregateCompound } from "./aggregate-compound.ts";
import { aggregateMatrices } from "./aggregate-matrices.ts";
import { aggregateNumbers } from "./aggregate-numbers.ts";
import { aggregateTexts } from "./aggregate-texts.ts";
import { questionResultOf, type Aggregates } from "./assemble-results.ts";
import { OVERALL } from "./group-slots.ts";
import { questionsOf, type ResultQuestion } from "./question-kinds.ts";
import { knownGroups, resultGroupsOf } from "./result-groups.ts";
import type { ResultsJson } from "./result-schemas.ts";
import { checkFilterAndGrouping, questionNamed, type GroupBy, type ResultsFilter, type ResultsScope } from "./results-filter.ts";
import { planAggregation } from "./value-sources.ts";
import { cachedResult } from "./results-cache.ts";

export const DEFAULT_TEXT_LIMIT = 200;

export interface ResultsRequest {
  filter?: ResultsFilter;
  groupBy?: GroupBy;
  /** Only texts containing this (case-insensitive) are listed. */
  search?: string;
  /** Most texts listed per question (and group). */
  textLimit?: number;
  /** Only these top-level questions, in questionnaire order (default: all). */
  questions?: string[];
}

/** The survey as results need it: its id and frozen definition (null before it was opened). */
export interface ResultsSurvey {
  id: string;
  definition: Record<string, unknown> | null;
  /** Pseudonymous surveys are counted from their released answers (release-pseudonymous-answers.ts). */
  privacy_mode?: PrivacyMode;
}

/**
 * Every question of a survey aggregated over its submitted responses, filtered and grouped as
 * asked, with the survey's invitation counts. The aggregates come from the results cache when
 * nothing they depend on changed since they were computed (results-cache.ts); the invitation
 * counts change with every mail sent and are always read fresh.
 *
 * @example
 * const results = await surveyResults(db, organisationId, survey, { groupBy: { recipient: "district" } });
 * results.questions[0].groups?.[0]; // { key: "<district id>", n: 12, options: [...] }
 */
export async function surveyResults(db: Kysely<Database>, organisationId: string, survey: ResultsSurvey, request: ResultsRequest = {}): Promise<ResultsJson> {
  return JSON.parse(await surveyResultsJson(db, organisationId, survey, request)) as ResultsJson;
}

/** surveyResults() as JSON text, as the results routes send it (no parsing of cached results). */
export async function surveyResultsJson(db: Kysely<Database>, organisationId: string, survey: ResultsSurvey, request: ResultsRequest = {}): Promise<string> {
  const all = questionsOf(survey.definition);
  checkFilterAndGrouping(all, request.filter ?? {}, request.groupBy);
  for (const name of request.questions ?? []) questionNamed(all, name);
  const [counts, pending, aggregated] = await Promise.all([
    surveyCounts(db, organisationId, [survey.id]),
    pendingRelease(db, organisationId, survey.id).then(async (anonymous) => anonymous ?? (await pendingPseudonymousRelease(db, organisationId, survey.id))),
    cachedResult(db, organisationId, survey, "results", request, async () =>
      JSON.stringify(await aggregatedResults(db, organisationId, survey.id, all, request, survey.privacy_mode === "pseudonymous")),
    ),
  ]);
  // `aggregated` is an object's JSON text: `{"respondents":…}`; the counts go in front.
  const waiting = pending ? `"pendingRelease":${JSON.stringify(pending)},` : "";
  return `{"counts":${JSON.stringify(counts.get(survey.id) ?? zeroCounts)},${waiting}${aggregated.slice(1)}`;
}

/**
 * The aggregates of surveyResults(), computed: all counting happens in SQL, in one query per kind
 * of value (choices, matrices, texts, the respondent and compound counts; numbers in two:
 * figures, then bins), run concurrently; this function only puts the small aggregates into the
 * response's shape.
 */
async function aggregatedResults(
  db: Kysely<Database>,
  organisationId: string,
  surveyId: string,
  all: ResultQuestion[],
  request: ResultsRequest,
  released: boolean,
): Promise<Omit<ResultsJson, "counts">> {
  const filter = request.filter ?? {};
  const questions = request.questions ? all.filter((question) => request.questions!.includes(question.name)) : all;
  const plan = planAggregation(questions);
  const scope: ResultsScope = { db, organisationId, surveyId, filter, groupBy: request.groupBy, released };
  const of = (kind: string) => plan.sources.filter((source) => source.kind === kind);

  const [choices, numbers, matrices, texts, compound, known] = await Promise.all([
    aggregateChoices(scope, of("choice")),
    aggregateNumbers(scope, of("numeric")),
    aggregateMatrices(scope, of("matrix")),
    aggregateTexts(scope, of("text"), { search: request.search, limit: request.textLimit ?? DEFAULT_TEXT_LIMIT }),
    aggregateCompound(scope, of("compound")),
    request.groupBy ? knownGroups(db, organisationId, request.groupBy, all) : Promise.resolve(undefined),
  ]);
  const aggregates: Aggregates = { choices, numbers, matrices, texts, compound };
  const groups = known ? resultGroupsOf(known, compound.respondents) : undefined;

  return {
    respondents: compound.respondents.get(OVERALL) ?? 0,
    ...(groups ? { groups } : {}),
    questions: plan.questions.map((planned) => questionResultOf(planned, aggregates, groups)),
  };
}

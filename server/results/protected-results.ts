import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { surveyCounts, zeroCounts } from "../lib/survey-counts.ts";
import { sharedQuestionSchema, type SharedQuestion } from "../sharing/shared-results-schema.ts";
import { figuresOf, ownDecision, shareQuestion, type Body, type Decider, type Decision, type DistributionSite } from "../sharing/suppression.ts";
import { protectBreakdown, protectGroupAgainstRest } from "../sharing/table-suppression.ts";
import { countsSchema } from "../lib/survey-counts.ts";
import { resultsSchema, type QuestionResultJson, type ResultsJson } from "./result-schemas.ts";
import type { GroupBy, ResultsFilter } from "./results-filter.ts";
import { surveyResults, type ResultsRequest, type ResultsSurvey } from "./results-service.ts";

/**
 * What a planner sees of a pseudonymous or anonymous survey: aggregates only, none resting on
 * fewer than the organisation's smallest group (k), and none that another view of the same
 * survey could be subtracted from to reveal one. The method (documented in
 * docs/data-protection.md) is the statistical offices' cell suppression over a fixed set of tables:
 *
 * 1. Only views that are cells of those tables can be asked for: the whole survey, one grouping at a
 *    time (district, kind, type, life phase, field of action, network, the answer to a choice
 *    question), or one group of one of them as a filter. Lists of recipients, text searches,
 *    several values or criteria at once, and a filter combined with a grouping are refused
 *    (`isolating_request`): each would let a planner draw a line around one institution.
 * 2. A filter on one group is answered from its grouping's table, so it shows exactly that group's
 *    row, whatever else was asked before.
 * 3. The whole survey's figures are protected on their own (primary and complementary suppression,
 *    suppression.ts); each grouping's table is protected against them (table-suppression.ts), the
 *    margin's withheld cells fixed, so a group's row, the other rows and the margin cannot be
 *    subtracted from each other.
 * 4. Free texts, minima, maxima and single values never leave; means, medians and quartiles only
 *    where no cell of their table is withheld.
 * 5. Inside a repeatable list the counts are entries; every one is withheld by the respondents
 *    behind it (`respondents` in the results), so one institution's three offers are a group of one.
 */

export const isProtectedMode = (mode: PrivacyMode): boolean => mode !== "identified";

const localized = z.object({ de: z.string(), en: z.string() });
const maybeCount = z.number().int().nonnegative().nullable();

export const protectedResultsSchema = z
  .object({
    counts: countsSchema,
    protection: z
      .object({
        mode: z.enum(["pseudonymous", "anonymous"]),
        k: z.number().int().openapi({ description: "The organisation's smallest shown group." }),
      })
      .openapi({ description: "Present when the survey's answers are shown only in protected aggregates (pseudonymous and anonymous surveys)." }),
    pendingRelease: resultsSchema.shape.pendingRelease,
    respondents: maybeCount.openapi({ description: "Submitted responses in this view; null when fewer than k (then nothing else is shown)." }),
    filtered: z.object({ label: localized }).optional().openapi({ description: "The one group the filter selected." }),
    groups: z.array(z.object({ key: z.string().nullable(), label: localized, n: maybeCount })).optional(),
    questions: z.array(
      sharedQuestionSchema.extend({
        groups: z.array(sharedQuestionSchema.extend({ key: z.string().nullable() })).optional(),
      }),
    ),
  })
  .openapi("ProtectedResults");

export type ProtectedResultsJson = z.infer<typeof protectedResultsSchema>;
type ProtectedQuestion = ProtectedResultsJson["questions"][number];

const isolating = (de: string, en: string, field: string) =>
  new ApiError(
    400,
    "isolating_request",
    {
      de: `${de} In pseudonymen und anonymen Umfragen zeigt Kanon Antworten nur zusammengefasst: ganze Umfrage, eine Aufschlüsselung oder eine Gruppe daraus.`,
      en: `${en} In pseudonymous and anonymous surveys Kanon shows answers only in aggregate: the whole survey, one breakdown, or one group of it.`,
    },
    { field },
  );

/** The grouping and group key a protected view's filter selects, or null for the whole survey. */
export function filterAsGroup(filter: ResultsFilter | undefined): { groupBy: GroupBy; key: string } | null {
  if (!filter) return null;
  const recipients = filter.recipients ?? {};
  if (recipients.ids?.length) throw isolating("Einzelne Empfänger können nicht ausgewählt werden.", "Single recipients cannot be selected.", "filter.recipients.ids");
  if (recipients.search?.trim()) throw isolating("Nach Namen kann nicht gefiltert werden.", "Results cannot be filtered by name.", "filter.recipients.search");
  const criteria: { groupBy: GroupBy; values: string[]; field: string }[] = [];
  if (recipients.kind) criteria.push({ groupBy: { recipient: "kind" }, values: [recipients.kind], field: "filter.recipients.kind" });
  if (recipients.types?.length) criteria.push({ groupBy: { recipient: "type" }, values: recipients.types, field: "filter.recipients.types" });
  if (recipients.districtIds?.length) criteria.push({ groupBy: { recipient: "district" }, values: recipients.districtIds, field: "filter.recipients.districtIds" });
  if (recipients.lifePhases?.length) criteria.push({ groupBy: { recipient: "lifePhase" }, values: recipients.lifePhases, field: "filter.recipients.lifePhases" });
  if (recipients.fieldsOfAction?.length) criteria.push({ groupBy: { recipient: "fieldOfAction" }, values: recipients.fieldsOfAction, field: "filter.recipients.fieldsOfAction" });
  if (recipients.memberOfNetworkIds?.length) criteria.push({ groupBy: { recipient: "network" }, values: recipients.memberOfNetworkIds, field: "filter.recipients.memberOfNetworkIds" });
  if (filter.answer) criteria.push({ groupBy: { question: filter.answer.question }, values: filter.answer.values.map(String), field: "filter.answer" });
  if (criteria.length === 0) return null;
  if (criteria.length > 1) throw isolating("Es kann nur nach einem Merkmal auf einmal gefiltert werden.", "Results can be filtered by one criterion at a time.", criteria[1]!.field);
  const [criterion] = criteria;
  if (criterion!.values.length > 1) throw isolating("Es kann nur eine Gruppe auf einmal gewählt werden.", "One group can be chosen at a time.", criterion!.field);
  return { groupBy: criterion!.groupBy, key: criterion!.values[0]! };
}

/** Refuses what a protected view cannot answer (before anything is counted). */
export function checkProtectedRequest(request: ResultsRequest): void {
  if (request.search?.trim()) throw isolating("Freitexte können nicht durchsucht werden.", "Free texts cannot be searched.", "q");
  if (filterAsGroup(request.filter) && request.groupBy) {
    throw isolating("Filter und Aufschlüsselung zusammen sind nicht möglich.", "A filter and a breakdown cannot be combined.", "groupBy");
  }
}

/** Groupings whose groups do not overlap (each respondent in exactly one, "not specified" included). */
function isPartition(groupBy: GroupBy, questions: QuestionResultJson[]): boolean {
  if ("question" in groupBy) return questions.find((question) => question.name === groupBy.question)?.kind === "choice";
  return groupBy.recipient === "district" || groupBy.recipient === "kind" || groupBy.recipient === "type";
}

/** Records every distribution the walker meets, deciding as `inner` does. */
function recording(inner: Decider, sites: Map<string, DistributionSite & { decision: Decision }>): Decider {
  return {
    k: inner.k,
    decide(site) {
      const decision = inner.decide(site);
      sites.set(site.path, { ...site, decision });
      return decision;
    },
  };
}

const NOTHING_HIDDEN: Decision = { hidden: [], whole: false };

const small = (count: number, k: number) => count > 0 && count < k;

type Group = NonNullable<QuestionResultJson["groups"]>[number];

/**
 * One question's figures per group, protected as one table per distribution against the
 * question's protected overall figures.
 */
function protectedGroups(question: QuestionResultJson, groups: Group[], k: number, partition: boolean, withheldGroups: boolean[]): SharedQuestion[] {
  const margin = new Map<string, DistributionSite & { decision: Decision }>();
  figuresOf(question.kind, question as unknown as Body, recording(ownDecision(k), margin));
  const perGroup = groups.map((group) => {
    const sites = new Map<string, DistributionSite & { decision: Decision }>();
    // k = 1 here: every distribution is recorded, also a group's whose n is below k (its row
    // is withheld whole, but its counts are part of the column sums a planner can subtract).
    figuresOf(question.kind, group as unknown as Body, recording({ k: 1, decide: () => NOTHING_HIDDEN }, sites));
    return sites;
  });

  // Decisions per path and group, cells in the order the group's own distribution has them.
  const decisions = groups.map(() => new Map<string, Decision>());
  for (const [path, overall] of margin) {
    // Each group's cells in the margin's order, with the respondents behind them (inside a
    // repeatable list they differ from the counts, which are entries; elsewhere they are the counts).
    const aligned = perGroup.map((sites) => {
      const site = sites.get(path);
      const indexOf = new Map(site ? site.keys.map((key, index) => [key, index] as const) : []);
      const cell = (values: readonly number[] | undefined, key: string) => {
        const index = indexOf.get(key);
        return index === undefined ? 0 : (values?.[index] ?? site!.counts[index]!);
      };
      return {
        counts: overall.keys.map((key) => cell(site?.counts, key)),
        behind: overall.keys.map((key) => cell(site?.respondents, key)),
        total: site?.total ?? 0,
        totalBehind: site?.totalRespondents ?? site?.total ?? 0,
      };
    });
    const marginBehind = overall.keys.map((_, index) => overall.respondents?.[index] ?? overall.counts[index]!);
    const place = (groupIndex: number, hiddenByMarginKey: boolean[], whole: boolean, statisticsWithheld: boolean) => {
      const site = perGroup[groupIndex]!.get(path);
      if (!site) return;
      const hiddenOf = new Map(overall.keys.map((key, index) => [key, hiddenByMarginKey[index]!] as const));
      // Cells of the group that the margin does not have cannot be placed in the table: withheld.
      decisions[groupIndex]!.set(path, { hidden: site.keys.map((key) => whole || (hiddenOf.get(key) ?? true)), whole, statisticsWithheld });
    };
    if (overall.decision.whole) {
      groups.forEach((_, index) => place(index, overall.keys.map(() => true), true, true));
      continue;
    }
    if (partition) {
      const table = protectBreakdown(
        {
          rows: aligned.map((row) => row.counts),
          rowTotals: aligned.map((row) => row.total),
          additive: overall.additive,
          margin: overall.counts,
          marginHidden: overall.decision.hidden,
          // A group's figures of a list rest on the respondents behind them, not on its entries.
          withheldRows: withheldGroups.map((withheld, index) => withheld || small(aligned[index]!.totalBehind, k)),
          withheldCells: aligned.map((row) => row.behind.map((behind) => small(behind, k))),
        },
        k,
      );
      const anyHidden = table.whole || table.hidden.some((row) => row.some(Boolean));
      groups.forEach((_, index) => place(index, table.hidden[index]!, table.whole || table.wholeRows[index]!, anyHidden));
    } else {
      aligned.forEach((row, index) => {
        if (withheldGroups[index]) return place(index, overall.keys.map(() => true), true, true);
        const result = protectGroupAgainstRest(
          { counts: row.counts, n: row.total, respondents: row.behind, nRespondents: row.totalBehind },
          { counts: overall.counts, n: overall.total, hidden: overall.decision.hidden, respondents: marginBehind, nRespondents: overall.totalRespondents ?? overall.total },
          overall.additive,
          k,
        );
        place(index, result.hidden, result.whole, result.hidden.some(Boolean) || overall.decision.hidden.some(Boolean));
      });
    }
  }

  return groups.map((group, index) => {
    const decider: Decider = {
      k,
      decide: (site) => decisions[index]!.get(site.path) ?? { hidden: site.counts.map(() => true), whole: true, statisticsWithheld: true },
    };
    if (withheldGroups[index]) return { name: question.name, title: question.title, type: question.type, kind: question.kind, n: null, suppressed: true };
    return shareQuestion({ ...question, ...group } as unknown as QuestionResultJson, k, decider);
  });
}

/**
 * Which groups are withheld whole: those with fewer than k respondents, and for a grouping by a
 * question's answer, the groups whose count the question's own protected figures withhold.
 */
function withheldGroupsOf(results: ResultsJson, groupBy: GroupBy, k: number): boolean[] {
  const groups = results.groups ?? [];
  const small = groups.map((group) => group.n > 0 && group.n < k);
  if (!("question" in groupBy)) return small;
  const question = results.questions.find((candidate) => candidate.name === groupBy.question);
  if (!question) return groups.map(() => true);
  const shared = shareQuestion(question, k);
  const hiddenValues = new Set((shared.options ?? []).filter((cell) => cell.suppressed).map((cell) => cell.value));
  const whole = shared.n === null || shared.suppressed;
  // "Not specified" (did not answer) is n minus the answered: withheld when the question's n is.
  return groups.map((group, index) => small[index]! || whole || (group.key !== null && hiddenValues.has(group.key)));
}

/** The organisation's smallest shown group, k. */
export async function minCellSize(db: Kysely<Database>, organisationId: string): Promise<number> {
  const row = await db.selectFrom("organisations").select("min_cell_size").where("id", "=", organisationId).executeTakeFirstOrThrow();
  return row.min_cell_size;
}

/** What the whole survey's protected view asks the results engine for (the trend asks the same, so both read one cached aggregate). */
const OVERALL_REQUEST: ResultsRequest = { textLimit: 0 };

/**
 * The whole survey's protected figures (no filter, no grouping) from its results: every question
 * protected on its own; fewer than k respondents show nothing but that.
 */
export function protectedOverall(results: ResultsJson, k: number): { respondents: number | null; questions: SharedQuestion[] } {
  if (results.respondents > 0 && results.respondents < k) return { respondents: null, questions: [] };
  return { respondents: results.respondents, questions: results.questions.map((question) => shareQuestion(question, k)) };
}

/**
 * The results page of a pseudonymous or anonymous survey without filter or grouping, with the
 * unprotected results it was made from (for callers that put the protected cells onto other
 * cells, like the trend across waves, and need the true counts behind shown ones).
 */
export async function protectedOverallResults(
  db: Kysely<Database>,
  organisationId: string,
  survey: ResultsSurvey,
  k: number,
): Promise<{ results: ResultsJson; shared: ReturnType<typeof protectedOverall> }> {
  const results = await surveyResults(db, organisationId, survey, OVERALL_REQUEST);
  return { results, shared: protectedOverall(results, k) };
}

/**
 * The planner's results of a pseudonymous or anonymous survey (see the module comment).
 *
 * @example
 * const results = await protectedResults(db, organisationId, survey, { groupBy: { recipient: "district" } });
 * results.questions[0].groups?.[0].options?.[1]; // { value: "2", count: null, suppressed: true, … }
 */
export async function protectedResults(
  db: Kysely<Database>,
  organisationId: string,
  survey: ResultsSurvey & { privacy_mode: PrivacyMode },
  request: ResultsRequest,
): Promise<ProtectedResultsJson> {
  checkProtectedRequest(request);
  const k = await minCellSize(db, organisationId);
  const protection = { mode: survey.privacy_mode as "pseudonymous" | "anonymous", k };
  const selected = filterAsGroup(request.filter);
  const groupBy = selected?.groupBy ?? request.groupBy;
  const [counts, results] = await Promise.all([
    surveyCounts(db, organisationId, [survey.id]),
    surveyResults(db, organisationId, survey, { groupBy, questions: request.questions, textLimit: 0 }),
  ]);
  const base = { counts: counts.get(survey.id) ?? zeroCounts, protection, ...(results.pendingRelease ? { pendingRelease: results.pendingRelease } : {}) };
  const small = (count: number) => count > 0 && count < k;
  if (small(results.respondents)) return { ...base, respondents: null, questions: [] };

  if (!groupBy) return { ...base, ...protectedOverall(results, k) };

  const groups = results.groups ?? [];
  const withheld = withheldGroupsOf(results, groupBy, k);
  const partition = isPartition(groupBy, results.questions);
  const questions: ProtectedQuestion[] = results.questions.map((question) => {
    const overall = shareQuestion(question, k);
    const byKey = new Map((question.groups ?? []).map((group) => [group.key, group] as const));
    // Every group of the grouping is a row of the table, also those without answers to this question.
    const rows = groups.map((group) => byKey.get(group.key) ?? ({ key: group.key, n: 0 } as unknown as Group));
    const shared = protectedGroups(question, rows, k, partition, withheld);
    return { ...overall, groups: shared.map((figures, index) => ({ ...figures, key: groups[index]!.key })) };
  });

  if (selected) {
    const index = groups.findIndex((group) => group.key === selected.key);
    const group = groups[index];
    if (!group || withheld[index] || small(group.n)) return { ...base, respondents: null, filtered: { label: group?.label ?? { de: selected.key, en: selected.key } }, questions: [] };
    return {
      ...base,
      respondents: group.n,
      filtered: { label: group.label },
      questions: questions.map(({ groups: perGroup, ...question }) => ({ ...question, ...perGroup![index]!, key: undefined }) as ProtectedQuestion),
    };
  }
  return {
    ...base,
    respondents: results.respondents,
    groups: groups.map((group, index) => ({ key: group.key, label: group.label, n: withheld[index] ? null : group.n })),
    questions,
  };
}

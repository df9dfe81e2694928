import { z } from "@hono/zod-openapi";
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { directoryFilterSchema, filteredEntries, type DirectoryFilter } from "../directory/directory-filter.ts";
import type { ResultQuestion } from "./question-kinds.ts";
import { countedAnswers } from "./counted-responses.ts";

/** Responses whose answer to a question is one of these values (for multiple choice: includes one of them). */
export const answerFilterSchema = z
  .object({
    question: z.string().min(1).max(300).openapi({ description: "Name of a choice, multiple-choice or number question of the survey." }),
    values: z
      .array(z.union([z.string().max(500), z.number(), z.boolean()]))
      .min(1)
      .max(200)
      .openapi({ description: "Option values (compared as text: `true`, `3`, `\"kita\"`)." }),
  })
  .openapi("ResultsAnswerFilter");

export const resultsFilterSchema = z
  .object({
    recipients: directoryFilterSchema.optional().openapi({
      description: "Only responses of recipients from the directory matching this filter (responses without a directory entry drop out once any criterion is set).",
    }),
    answer: answerFilterSchema.optional(),
  })
  .openapi("ResultsFilter");

export type ResultsFilter = z.infer<typeof resultsFilterSchema>;

export const RECIPIENT_GROUPINGS = ["district", "kind", "type", "lifePhase", "fieldOfAction", "network"] as const;
export type RecipientGrouping = (typeof RECIPIENT_GROUPINGS)[number];

export const groupBySchema = z
  .union([
    z.strictObject({ recipient: z.enum(RECIPIENT_GROUPINGS) }),
    z.strictObject({ question: z.string().min(1).max(300).openapi({ description: "Name of a choice or multiple-choice question." }) }),
  ])
  .openapi("ResultsGroupBy", {
    description:
      "Aggregate per group of respondents: by an attribute of the recipient's directory entry, or by the answer to a choice question. " +
      "A respondent can be in several groups (life phases, fields of action, networks, multiple choice).",
  });

export type GroupBy = z.infer<typeof groupBySchema>;

/** Everything that narrows and splits the responses one results request aggregates. */
export interface ResultsScope {
  db: Kysely<Database>;
  organisationId: string;
  surveyId: string;
  filter: ResultsFilter;
  groupBy?: GroupBy;
  /**
   * Read the released answers (pseudonymous surveys, release-pseudonymous-answers.ts): responses
   * count with the answers of their last release, whatever happened since.
   */
  released?: boolean;
}

export const unknownQuestion = (name: string) =>
  new ApiError(400, "unknown_question", { de: `Die Umfrage hat keine Frage „${name}“.`, en: `The survey has no question "${name}".` }, { question: name });

/** The top-level question of this name, or a 400 naming it. */
export function questionNamed(questions: ResultQuestion[], name: string): ResultQuestion {
  const question = questions.find((candidate) => candidate.name === name);
  if (!question) throw unknownQuestion(name);
  return question;
}

/**
 * Checks the question names a filter and a grouping refer to: unknown names and questions of the
 * wrong kind are 400s, so a bad request never reaches SQL.
 */
export function checkFilterAndGrouping(questions: ResultQuestion[], filter: ResultsFilter, groupBy: GroupBy | undefined): void {
  if (filter.answer) {
    const question = questionNamed(questions, filter.answer.question);
    if (!["choice", "multiple", "numeric"].includes(question.kind)) {
      throw new ApiError(
        400,
        "question_not_filterable",
        {
          de: `Nach der Frage „${question.name}“ kann nicht gefiltert werden (nur Auswahl- und Zahlfragen).`,
          en: `Results cannot be filtered by question "${question.name}" (only choice and number questions).`,
        },
        { question: question.name, kind: question.kind },
      );
    }
  }
  if (groupBy && "question" in groupBy) {
    const question = questionNamed(questions, groupBy.question);
    if (question.kind !== "choice" && question.kind !== "multiple") {
      throw new ApiError(
        400,
        "question_not_groupable",
        {
          de: `Nach der Frage „${question.name}“ kann nicht gruppiert werden (nur Auswahlfragen).`,
          en: `Results cannot be grouped by question "${question.name}" (only choice questions).`,
        },
        { question: question.name, kind: question.kind },
      );
    }
  }
}

/**
 * The distinct option values in a jsonb answer, as a subquery of one text column `value`: the
 * elements of an array, or the value itself; strings (not empty), numbers and booleans only.
 */
export function choiceValuesOf(value: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(
    select distinct chosen #>> '{}' as value
    from jsonb_array_elements(case jsonb_typeof(${value}) when 'array' then ${value} else jsonb_build_array(${value}) end) as chosen
    where jsonb_typeof(chosen) in ('string', 'number', 'boolean') and chosen <> '""'::jsonb
  )`;
}

function hasRecipientCriteria(filter: DirectoryFilter | undefined): filter is DirectoryFilter {
  if (!filter) return false;
  return Boolean(
    filter.kind ||
      filter.types?.length ||
      filter.districtIds?.length ||
      filter.lifePhases?.length ||
      filter.fieldsOfAction?.length ||
      filter.memberOfNetworkIds?.length ||
      filter.ids?.length ||
      filter.search?.trim(),
  );
}

/** The value texts an answer filter matches (`true`, `3`, `kita`). */
export function filterValueTexts(values: (string | number | boolean)[]): string[] {
  return [...new Set(values.map((value) => String(value)))];
}

/** True for an answer document whose answer to the filter's question is one of its values. */
function answerCondition(answers: RawBuilder<unknown> | ReturnType<typeof sql.ref>, answer: NonNullable<ResultsFilter["answer"]>): RawBuilder<unknown> {
  return sql`exists (
    select 1 from ${choiceValuesOf(sql`${answers} -> ${answer.question}`)} as answered
    where answered.value = any(${sql.val(filterValueTexts(answer.values))}::text[])
  )`;
}

/**
 * The filter as conditions (`and …`, empty without criteria) on the responses table under
 * `alias`, for queries that read responses one by one (exports) instead of through
 * respondentsCtes(). The filter must have been checked (checkFilterAndGrouping).
 */
export function responsesFilterCondition(
  db: Kysely<Database>,
  organisationId: string,
  surveyId: string,
  filter: ResultsFilter,
  alias: string,
): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  if (hasRecipientCriteria(filter.recipients)) {
    const entries = filteredEntries(db, organisationId, filter.recipients).select("directory_entries.id");
    conditions.push(sql`and ${sql.ref(`${alias}.invitation_id`)} in (
      select invitations.id from invitations
      where invitations.organisation_id = ${organisationId}
        and invitations.survey_id = ${surveyId}
        and invitations.directory_entry_id in (${entries})
    )`);
  }
  if (filter.answer) conditions.push(sql`and ${answerCondition(sql.ref(`${alias}.answers`), filter.answer)}`);
  return conditions.length === 0 ? sql`` : sql.join(conditions, sql` `);
}

/**
 * The CTEs every aggregate query starts with: `respondents` (the submitted responses of the survey
 * that pass the filter) and `members` (each respondent once with `grouped = false`, and, when
 * grouping, once more per group it belongs to with `grouped = true` and the group key `g`, null
 * for "not specified"). Both are inlined into each query (which reads every document once); a
 * recipient filter comes first as `recipient_entries` and `recipient_invitations`.
 */
export function respondentsCtes(scope: ResultsScope): RawBuilder<unknown> {
  const { db, organisationId, surveyId, filter, groupBy } = scope;
  const conditions: RawBuilder<unknown>[] = [];
  // The recipients are worked out once, up front (materialized), so a plan without table
  // statistics (PGlite, fresh tables) cannot re-run the directory lookup for every response.
  const recipients: RawBuilder<unknown>[] = [];
  if (hasRecipientCriteria(filter.recipients)) {
    const entries = filteredEntries(db, organisationId, filter.recipients).select("directory_entries.id");
    recipients.push(sql`recipient_entries as materialized (${entries}),
    recipient_invitations as materialized (
      select invitations.id from invitations
      where invitations.organisation_id = ${organisationId}
        and invitations.survey_id = ${surveyId}
        and invitations.directory_entry_id in (select recipient_entries.id from recipient_entries)
    ),`);
    conditions.push(sql`and responses.invitation_id in (select recipient_invitations.id from recipient_invitations)`);
  }
  const { answers, counted } = countedAnswers("responses", Boolean(scope.released));
  if (filter.answer) conditions.push(sql`and ${answerCondition(answers, filter.answer)}`);

  // `answers || '{}'` hands on the answer document decompressed (documents over ~2 kB are stored
  // compressed), and `offset 0` keeps it a subquery: each document is decompressed once, not once
  // for every question read from it.
  const respondents = sql`${sql.join(recipients, sql` `)} respondents as not materialized (
    select responses.id, ${answers} || '{}'::jsonb as answers, responses.submitted_at, responses.invitation_id,
      ${scope.released ? sql`responses.released_groups` : sql`null::jsonb`} as released_groups
    from responses
    where responses.organisation_id = ${organisationId}
      and responses.survey_id = ${surveyId}
      and ${counted}
      ${sql.join(conditions, sql` `)}
    offset 0
  )`;

  const overall = sql`select respondents.id, respondents.answers, respondents.submitted_at, false as grouped, null::text as g from respondents`;
  if (!groupBy) return sql`${respondents}, members as not materialized (${overall})`;
  return sql`${respondents}, members as not materialized (
    ${overall}
    union all
    select respondents.id, respondents.answers, respondents.submitted_at, true as grouped, group_key.g
    from respondents
    ${groupKeysJoin(scope, groupBy)}
  )`;
}

/**
 * Group keys from the groups released with the answers (pseudonymous surveys: a directory edit
 * shows only with the next batch, see recipient-groups.ts).
 */
function releasedGroupKeys(recipient: Exclude<GroupBy, { question: string }>["recipient"]): RawBuilder<unknown> {
  const single = (key: string) => sql`cross join lateral (select respondents.released_groups ->> ${sql.lit(key)}) as group_key(g)`;
  const listed = (key: string) => sql`left join lateral (
    select distinct listed from jsonb_array_elements_text(
      case jsonb_typeof(respondents.released_groups -> ${sql.lit(key)}) when 'array' then respondents.released_groups -> ${sql.lit(key)} else '[]'::jsonb end
    ) as listed
  ) as group_key(g) on true`;
  switch (recipient) {
    case "district":
      return single("district");
    case "kind":
      return single("kind");
    case "type":
      return single("type");
    case "lifePhase":
      return listed("lifePhases");
    case "fieldOfAction":
      return listed("fieldsOfAction");
    case "network":
      return listed("networks");
  }
}

/** Joins each respondent to its group keys (one row per group; a row with null when it has none). */
function groupKeysJoin(scope: ResultsScope, groupBy: GroupBy): RawBuilder<unknown> {
  const { organisationId } = scope;
  if ("question" in groupBy) {
    return sql`left join lateral ${choiceValuesOf(sql`respondents.answers -> ${groupBy.question}`)} as group_key(g) on true`;
  }
  if (scope.released) return releasedGroupKeys(groupBy.recipient);
  const entry = sql`
    left join invitations on invitations.id = respondents.invitation_id and invitations.organisation_id = ${organisationId}
    left join directory_entries as entry on entry.id = invitations.directory_entry_id and entry.organisation_id = ${organisationId}`;
  const listed = (column: RawBuilder<unknown>) =>
    sql`${entry} left join lateral (
      select distinct listed from jsonb_array_elements_text(case jsonb_typeof(${column}) when 'array' then ${column} else '[]'::jsonb end) as listed
    ) as group_key(g) on true`;
  switch (groupBy.recipient) {
    case "district":
      return sql`${entry} cross join lateral (select entry.district_id::text) as group_key(g)`;
    case "kind":
      return sql`${entry} cross join lateral (select entry.kind) as group_key(g)`;
    case "type":
      return sql`${entry} cross join lateral (select nullif(btrim(entry.type), '')) as group_key(g)`;
    case "lifePhase":
      return listed(sql`entry.life_phases`);
    case "fieldOfAction":
      return listed(sql`entry.fields_of_action`);
    case "network":
      return sql`${entry} left join lateral (
        select distinct network_members.network_id::text from network_members
        where network_members.member_id = entry.id and network_members.organisation_id = ${organisationId}
      ) as group_key(g) on true`;
  }
}

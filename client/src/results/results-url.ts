import type { GroupBy, RecipientFilter, RecipientGrouping, ResultsFilter } from "./result-types.ts";

/**
 * What the results page shows, kept in the address (search params) so a filtered, grouped view
 * can be bookmarked or sent to a colleague: recipient criteria, an answer filter, a grouping and
 * a cross-table. Parameter names are short and stable; unknown values are dropped, unknown
 * question names are left for the server to refuse with a message.
 *
 * @example
 * viewFromParams(new URLSearchParams("district=a1&answer=network.sphere&value=quartier&group=kind"));
 * // { recipients: { districtIds: ["a1"], … }, answer: { question: "network.sphere", values: ["quartier"] }, groupBy: { recipient: "kind" }, cross: null }
 */

export const RECIPIENT_GROUPINGS = ["district", "kind", "type", "lifePhase", "fieldOfAction", "network"] as const satisfies readonly RecipientGrouping[];

export type DirectoryKindChoice = "institution" | "network";

export interface RecipientCriteria {
  kind: DirectoryKindChoice | null;
  districtIds: string[];
  types: string[];
  lifePhases: string[];
  fieldsOfAction: string[];
  memberOfNetworkIds: string[];
}

export type ListCriterion = Exclude<keyof RecipientCriteria, "kind">;

export interface ResultsView {
  recipients: RecipientCriteria;
  answer: { question: string; values: string[] } | null;
  groupBy: GroupBy | null;
  cross: { rows: string; columns: string } | null;
}

export const emptyCriteria: RecipientCriteria = { kind: null, districtIds: [], types: [], lifePhases: [], fieldsOfAction: [], memberOfNetworkIds: [] };

export const emptyView: ResultsView = { recipients: emptyCriteria, answer: null, groupBy: null, cross: null };

/** The search parameter of each list criterion (repeated once per value). */
export const LIST_PARAMS: Record<ListCriterion, string> = {
  districtIds: "district",
  types: "type",
  lifePhases: "phase",
  fieldsOfAction: "field",
  memberOfNetworkIds: "network",
};

const QUESTION_GROUP = "q:";
/** Every parameter this page owns (others in the address are left alone). */
const OWN_PARAMS = ["kind", ...Object.values(LIST_PARAMS), "answer", "value", "group", "rows", "cols"];

const distinct = (values: string[]) => [...new Set(values.map((value) => value.trim()).filter(Boolean))];

export function viewFromParams(params: URLSearchParams): ResultsView {
  const kind = params.get("kind");
  const recipients: RecipientCriteria = {
    kind: kind === "institution" || kind === "network" ? kind : null,
    districtIds: distinct(params.getAll(LIST_PARAMS.districtIds)),
    types: distinct(params.getAll(LIST_PARAMS.types)),
    lifePhases: distinct(params.getAll(LIST_PARAMS.lifePhases)),
    fieldsOfAction: distinct(params.getAll(LIST_PARAMS.fieldsOfAction)),
    memberOfNetworkIds: distinct(params.getAll(LIST_PARAMS.memberOfNetworkIds)),
  };
  const question = params.get("answer")?.trim();
  const values = distinct(params.getAll("value"));
  const group = params.get("group") ?? "";
  let groupBy: GroupBy | null = null;
  if (group.startsWith(QUESTION_GROUP) && group.length > QUESTION_GROUP.length) groupBy = { question: group.slice(QUESTION_GROUP.length) };
  else if ((RECIPIENT_GROUPINGS as readonly string[]).includes(group)) groupBy = { recipient: group as RecipientGrouping };
  const rows = params.get("rows")?.trim();
  const columns = params.get("cols")?.trim();
  return {
    recipients,
    answer: question && values.length > 0 ? { question, values } : null,
    groupBy,
    cross: rows && columns ? { rows, columns } : null,
  };
}

/** The address's search params with this view written in (other parameters kept). */
export function paramsOfView(view: ResultsView, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const name of OWN_PARAMS) params.delete(name);
  if (view.recipients.kind) params.set("kind", view.recipients.kind);
  for (const [criterion, name] of Object.entries(LIST_PARAMS) as [ListCriterion, string][]) {
    for (const value of view.recipients[criterion]) params.append(name, value);
  }
  if (view.answer && view.answer.values.length > 0) {
    params.set("answer", view.answer.question);
    for (const value of view.answer.values) params.append("value", value);
  }
  if (view.groupBy) params.set("group", "question" in view.groupBy ? `${QUESTION_GROUP}${view.groupBy.question}` : view.groupBy.recipient);
  if (view.cross) {
    params.set("rows", view.cross.rows);
    params.set("cols", view.cross.columns);
  }
  return params;
}

export function hasRecipientCriteria(criteria: RecipientCriteria): boolean {
  return criteria.kind !== null || (Object.keys(LIST_PARAMS) as ListCriterion[]).some((criterion) => criteria[criterion].length > 0);
}

/** Whether the view narrows the responses (grouping and cross-tables do not). */
export function isFiltered(view: ResultsView): boolean {
  return hasRecipientCriteria(view.recipients) || view.answer !== null;
}

/** The view's filter as the API takes it: only criteria that are set. */
export function filterOfView(view: ResultsView): ResultsFilter {
  const { kind, ...lists } = view.recipients;
  const recipients: RecipientFilter = Object.fromEntries(Object.entries(lists).filter(([, values]) => values.length > 0));
  if (kind) recipients.kind = kind;
  return {
    ...(Object.keys(recipients).length > 0 ? { recipients } : {}),
    ...(view.answer ? { answer: { question: view.answer.question, values: view.answer.values } } : {}),
  };
}

/** The view without any filter (grouping and cross-table kept): what "reset" leads to. */
export function withoutFilter(view: ResultsView): ResultsView {
  return { ...view, recipients: emptyCriteria, answer: null };
}

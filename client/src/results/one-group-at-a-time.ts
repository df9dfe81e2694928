import { emptyCriteria, type ListCriterion, type ResultsView } from "./results-url.ts";

const LIST_CRITERIA: ListCriterion[] = ["districtIds", "types", "lifePhases", "fieldsOfAction", "memberOfNetworkIds"];

const newest = (before: string[], after: string[]) => after.filter((value) => !before.includes(value)).at(-1);

/**
 * The view a protected survey (pseudonymous, anonymous) can show after a change of the filter bar:
 * the server answers the whole survey, one breakdown, or one group of one breakdown. What the
 * planner just chose wins and replaces everything else (a second district replaces the first, a
 * breakdown clears the filter), so the controls never ask for a view the server refuses.
 *
 * @example
 * oneGroupAtATime(view, { ...view, recipients: { ...view.recipients, districtIds: ["a", "b"] } });
 * // → recipients: { …empty, districtIds: ["b"] }, answer: null, groupBy: null
 */
export function oneGroupAtATime(previous: ResultsView, next: ResultsView): ResultsView {
  const only = (changes: Partial<ResultsView>): ResultsView => ({ ...next, recipients: emptyCriteria, answer: null, groupBy: null, cross: null, ...changes });
  if (next.groupBy && JSON.stringify(next.groupBy) !== JSON.stringify(previous.groupBy)) return only({ groupBy: next.groupBy });
  if (next.answer && JSON.stringify(next.answer) !== JSON.stringify(previous.answer)) {
    const value = newest(previous.answer?.question === next.answer.question ? previous.answer.values : [], next.answer.values) ?? next.answer.values.at(-1);
    return value === undefined ? only({}) : only({ answer: { question: next.answer.question, values: [value] } });
  }
  if (next.recipients.kind && next.recipients.kind !== previous.recipients.kind) return only({ recipients: { ...emptyCriteria, kind: next.recipients.kind } });
  for (const criterion of LIST_CRITERIA) {
    const value = newest(previous.recipients[criterion], next.recipients[criterion]);
    if (value !== undefined) return only({ recipients: { ...emptyCriteria, [criterion]: [value] } });
  }
  return { ...next, cross: null };
}

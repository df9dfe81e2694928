import type { DirectoryChoices } from "../directory/use-directory-choices.ts";
import type { I18n } from "../lib/i18n.ts";
import type { CatalogueQuestion } from "./question-catalogue.ts";
import { CRITERION_LABELS, criterionOptions } from "./recipient-filters.tsx";
import { LIST_PARAMS, type ListCriterion, type ResultsView } from "./results-url.ts";

/** One active criterion value, worded, with the view that drops it. */
export interface FilterPart {
  key: string;
  criterion: string;
  value: string;
  without: ResultsView;
}

/**
 * The view's filter in words, one part per chosen value ("Sozialraum: Vohwinkel"), for the chips
 * on screen, the printed report's header and a PNG's caption. Values the directory or catalogue
 * no longer know are shown as they are.
 */
export function filterParts(view: ResultsView, choices: DirectoryChoices | null, catalogue: CatalogueQuestion[], i18n: Pick<I18n, "t" | "pick">): FilterPart[] {
  const { t, pick } = i18n;
  const parts: FilterPart[] = [];
  const { recipients } = view;
  if (recipients.kind) {
    parts.push({
      key: "kind",
      criterion: t("resultsView.criterion.kind"),
      value: t(recipients.kind === "network" ? "resultsView.kind.network" : "resultsView.kind.institution"),
      without: { ...view, recipients: { ...recipients, kind: null } },
    });
  }
  const options = choices ? criterionOptions(choices, recipients.kind, pick) : null;
  for (const criterion of Object.keys(LIST_PARAMS) as ListCriterion[]) {
    for (const value of recipients[criterion]) {
      parts.push({
        key: `${criterion}:${value}`,
        criterion: t(CRITERION_LABELS[criterion]),
        value: options?.[criterion].find((option) => option.value === value)?.label ?? value,
        without: { ...view, recipients: { ...recipients, [criterion]: recipients[criterion].filter((entry) => entry !== value) } },
      });
    }
  }
  if (view.answer) {
    const { question: name, values } = view.answer;
    const question = catalogue.find((candidate) => candidate.name === name);
    for (const value of values) {
      const rest = values.filter((entry) => entry !== value);
      const label = question?.values.find((entry) => entry.value === value)?.label;
      parts.push({
        key: `answer:${value}`,
        criterion: question ? pick(question.title) : name,
        value: label ? pick(label) : value,
        without: { ...view, answer: rest.length > 0 ? { question: name, values: rest } : null },
      });
    }
  }
  return parts;
}

/** The parts as one line: values of the same criterion joined ("Sozialraum: A, B · Art: Netzwerk"). */
export function filterSentence(parts: FilterPart[]): string {
  const byCriterion = new Map<string, string[]>();
  for (const part of parts) byCriterion.set(part.criterion, [...(byCriterion.get(part.criterion) ?? []), part.value]);
  return [...byCriterion].map(([criterion, values]) => `${criterion}: ${values.join(", ")}`).join(" · ");
}

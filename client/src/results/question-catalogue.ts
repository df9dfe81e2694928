import type { Localized } from "./result-types.ts";

/** What the catalogue needs of a question of full or protected results. */
interface ListedQuestion {
  name: string;
  title: Localized;
  kind: string;
  options?: { value: string; label: Localized }[];
}

/** A question the page can filter, group or cross-tabulate by, with the values to pick from. */
export interface CatalogueQuestion {
  name: string;
  title: Localized;
  kind: "choice" | "multiple" | "numeric";
  values: { value: string; label: Localized }[];
}

/**
 * The survey's choice and number questions with their values, for the filter, grouping and
 * cross-table pickers. Merged with what earlier answers listed, so values a filter happens to
 * exclude (numbers are listed only when answered) stay pickable.
 */
export function catalogueOf(questions: ListedQuestion[], previous: CatalogueQuestion[] = []): CatalogueQuestion[] {
  const before = new Map(previous.map((question) => [question.name, question]));
  const catalogue: CatalogueQuestion[] = [];
  for (const question of questions) {
    if (question.kind !== "choice" && question.kind !== "multiple" && question.kind !== "numeric") continue;
    const values = (question.options ?? []).map((option) => ({ value: option.value, label: option.label }));
    for (const old of before.get(question.name)?.values ?? []) if (!values.some((entry) => entry.value === old.value)) values.push(old);
    if (question.kind === "numeric") values.sort((a, b) => Number(a.value) - Number(b.value));
    catalogue.push({ name: question.name, title: question.title, kind: question.kind as CatalogueQuestion["kind"], values });
  }
  return catalogue;
}

/** Questions results can be grouped or cross-tabulated by: choice and multiple choice. */
export const choiceQuestions = (catalogue: CatalogueQuestion[]) => catalogue.filter((question) => question.kind !== "numeric");

/** Questions results can be filtered by: choices, and numbers with a short list of values. */
export const filterQuestions = (catalogue: CatalogueQuestion[]) => catalogue.filter((question) => question.values.length > 0);

import type { LocalizedText } from "../db/schema.ts";
import { answerOptionsOf, localizedOf, optionsOfList, type OptionLabel } from "../lib/question-options.ts";

export type { OptionLabel };

export type QuestionKind = "choice" | "multiple" | "numeric" | "matrix" | "text" | "other";

export interface QuestionShape {
  name: string;
  type: string;
  kind: QuestionKind;
  title: LocalizedText;
  options: OptionLabel[];
  rows: OptionLabel[];
}

type Json = Record<string, unknown>;

/** Reads a SurveyJS definition into the shapes results are aggregated by. */
export function questionsOf(definition: Json): QuestionShape[] {
  const shapes: QuestionShape[] = [];
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Json[]) {
      const type = String(element.type ?? "");
      if (type === "panel") {
        visit(element.elements);
        continue;
      }
      if (type === "html" || type === "image" || !element.name) continue;
      const name = String(element.name);
      const title = localizedOf(element.title, name);
      const base = { name, type, title, options: [] as OptionLabel[], rows: [] as OptionLabel[] };
      switch (type) {
        case "radiogroup":
        case "dropdown":
        case "checkbox":
        case "tagbox":
        case "boolean":
        case "rating":
          shapes.push({ ...base, kind: type === "checkbox" || type === "tagbox" ? "multiple" : "choice", options: answerOptionsOf(element) });
          break;
        case "matrix":
          shapes.push({ ...base, kind: "matrix", options: optionsOfList(element.columns), rows: optionsOfList(element.rows) });
          break;
        case "comment":
          shapes.push({ ...base, kind: "text" });
          break;
        case "text":
          shapes.push({ ...base, kind: ["number", "range"].includes(String(element.inputType)) || element.inputType === "year" ? "numeric" : "text" });
          break;
        default:
          shapes.push({ ...base, kind: "other" });
      }
    }
  };
  for (const page of (definition.pages as Json[] | undefined) ?? []) visit(page.elements);
  visit(definition.elements);
  return shapes;
}

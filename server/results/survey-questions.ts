import type { LocalizedText } from "../db/schema.ts";

export type QuestionKind = "choice" | "multiple" | "numeric" | "matrix" | "text" | "other";

export interface OptionLabel {
  value: string;
  label: LocalizedText;
}

export interface QuestionShape {
  name: string;
  type: string;
  kind: QuestionKind;
  title: LocalizedText;
  options: OptionLabel[];
  rows: OptionLabel[];
}

type Json = Record<string, unknown>;

function text(value: unknown, fallback: string): LocalizedText {
  if (typeof value === "string") return { de: value, en: value };
  if (value && typeof value === "object") {
    const record = value as Record<string, string>;
    const de = record.de ?? record.default ?? record.en ?? fallback;
    return { de, en: record.en ?? record.default ?? de };
  }
  return { de: fallback, en: fallback };
}

function optionsOf(list: unknown): OptionLabel[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    if (entry && typeof entry === "object") {
      const choice = entry as Json;
      const value = String(choice.value);
      return { value, label: text(choice.text, value) };
    }
    return { value: String(entry), label: { de: String(entry), en: String(entry) } };
  });
}

const OTHER: OptionLabel = { value: "other", label: { de: "Sonstiges", en: "Other" } };

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
      const title = text(element.title, name);
      const base = { name, type, title, options: [] as OptionLabel[], rows: [] as OptionLabel[] };
      switch (type) {
        case "radiogroup":
        case "dropdown":
        case "checkbox":
        case "tagbox": {
          const options = optionsOf(element.choices);
          if (element.showOtherItem || element.hasOther) options.push({ value: "other", label: text(element.otherText, OTHER.label.de) });
          if (element.showNoneItem || element.hasNone) options.push({ value: "none", label: text(element.noneText, "Keine") });
          shapes.push({ ...base, kind: type === "checkbox" || type === "tagbox" ? "multiple" : "choice", options });
          break;
        }
        case "boolean":
          shapes.push({
            ...base,
            kind: "choice",
            options: [
              { value: "true", label: element.labelTrue ? text(element.labelTrue, "Ja") : { de: "Ja", en: "Yes" } },
              { value: "false", label: element.labelFalse ? text(element.labelFalse, "Nein") : { de: "Nein", en: "No" } },
            ],
          });
          break;
        case "rating": {
          let options = optionsOf(element.rateValues);
          if (options.length === 0) {
            const min = Number(element.rateMin ?? 1);
            const max = Number(element.rateMax ?? 5);
            const step = Number(element.rateStep ?? 1);
            options = [];
            for (let value = min; value <= max; value += step) options.push({ value: String(value), label: { de: String(value), en: String(value) } });
          }
          shapes.push({ ...base, kind: "choice", options });
          break;
        }
        case "matrix":
          shapes.push({ ...base, kind: "matrix", options: optionsOf(element.columns), rows: optionsOf(element.rows) });
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

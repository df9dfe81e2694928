import type { EntryRule } from "../lib/panel-entries.ts";
import type { NumericScale, ResultQuestion } from "./question-kinds.ts";

/**
 * The unit of SQL aggregation: one place in the answer documents where values of one kind sit.
 * A top-level question reads `answers -> top`; a multipletext item reads `answers -> top -> item`;
 * a question inside a paneldynamic reads `entry -> field` for every entry of `answers -> top`.
 * All sources of one kind are aggregated together by one query.
 */
export interface ValueSource {
  id: number;
  kind: "choice" | "numeric" | "matrix" | "text" | "compound";
  /** The key in the answer document. */
  top: string;
  /** Values come from each entry of the array at `top` (paneldynamic). */
  inPanel: boolean;
  /** Keys below `answers -> top` (or below each entry): [], [item], [field] or [field, item]. */
  keys: string[];
  /** numeric sources: how histograms are binned. */
  scale: NumericScale;
  /** compound sources: what n counts (matrixdropdown: a row with an answered cell). */
  compound?: "multipletext" | "matrixdropdown" | "paneldynamic" | "any";
  /** matrix sources of a ranking: the value is the options in rank order, read as {option: rank}. */
  ranking?: boolean;
  /** "other" texts: the sibling key (next to the last key) whose answer must include "other". */
  otherOf?: string;
  /**
   * Sources inside a paneldynamic (`inPanel`) and the paneldynamic's own compound source: which
   * of its entries count (only those with content; empty default rows are left out).
   */
  entryRule?: EntryRule;
}

/** A question with the ids of the sources its aggregates come from. */
export interface PlannedQuestion {
  question: ResultQuestion;
  /** The values (choice, numeric, matrix, text) or the compound counts (multipletext, paneldynamic, other). */
  sourceId: number;
  /** choice/multiple with "other": the source of the "other" texts. */
  otherSourceId?: number;
  items: PlannedQuestion[];
  fields: PlannedQuestion[];
}

export interface AggregationPlan {
  questions: PlannedQuestion[];
  sources: ValueSource[];
}

/**
 * Assigns every question (and item, and panel field) the sources its aggregates are read from.
 *
 * @example
 * const plan = planAggregation(questionsOf(definition));
 * plan.sources.filter((source) => source.kind === "choice"); // aggregated by aggregateChoices
 */
export function planAggregation(questions: ResultQuestion[]): AggregationPlan {
  const sources: ValueSource[] = [];
  const add = (source: Omit<ValueSource, "id">) => {
    const id = sources.length + 1;
    sources.push({ ...source, id });
    return id;
  };

  const plan = (question: ResultQuestion, top: string | null, inPanel: boolean, prefix: string[], entryRule?: EntryRule): PlannedQuestion => {
    // Top-level questions are found under their name; items and fields under keys below it.
    const at = (path: string[]) => ({
      ...(top === null ? { top: path[0]!, keys: [...prefix, ...path.slice(1)] } : { top, keys: [...prefix, ...path] }),
      ...(entryRule ? { entryRule } : {}),
    });
    const own = question.keys ?? [question.name];
    const planned: PlannedQuestion = { question, sourceId: 0, items: [], fields: [] };
    switch (question.kind) {
      case "choice":
      case "multiple":
        planned.sourceId = add({ kind: "choice", ...at(own), inPanel, scale: "number" });
        if (question.hasOther) {
          planned.otherSourceId = add({ kind: "text", ...at([`${question.name}-Comment`]), inPanel, scale: "number", otherOf: question.name });
        }
        break;
      case "numeric":
        planned.sourceId = add({ kind: "numeric", ...at(own), inPanel, scale: question.scale });
        break;
      case "matrix":
        planned.sourceId = add({ kind: "matrix", ...at(own), inPanel, scale: "number", ...(question.type === "ranking" ? { ranking: true } : {}) });
        break;
      case "text":
        planned.sourceId = add({ kind: "text", ...at(own), inPanel, scale: "number" });
        break;
      case "multipletext": {
        const self = at(own);
        const compound = question.type === "matrixdropdown" ? "matrixdropdown" : "multipletext";
        planned.sourceId = add({ kind: "compound", ...self, inPanel, scale: "number", compound });
        planned.items = question.items.map((item) => plan(item, self.top, inPanel, self.keys, entryRule));
        break;
      }
      case "paneldynamic":
        planned.sourceId = add({ kind: "compound", ...at(own), inPanel, scale: "number", compound: "paneldynamic", entryRule: question.entryRule });
        planned.fields = question.fields.map((field) => plan(field, question.name, true, [], question.entryRule));
        break;
      default:
        planned.sourceId = add({ kind: "compound", ...at(own), inPanel, scale: "number", compound: "any" });
    }
    return planned;
  };

  return { questions: questions.map((question) => plan(question, null, false, [])), sources };
}

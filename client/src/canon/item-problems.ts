import type { MessageKey } from "../lib/i18n.ts";
import type { Localized } from "../lib/localized.ts";
import { CODE_PATTERN, type CodedText, type ItemDraft } from "./item-draft.ts";

/**
 * What keeps a draft from being saved, each problem tied to the id of the input it is about
 * (the form marks the input, the summary links to it). The server checks the same again.
 */
export interface Problem {
  /** The id of the input to focus. */
  field: string;
  message: string;
}

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const TOPIC_PATTERN = /^[a-z]+(_[a-z]+)*$/;

function localizedProblems(problems: Problem[], t: Translate, idBase: string, text: Localized, label: string, required = true) {
  const hasAny = text.de.trim() !== "" || text.en.trim() !== "";
  if (!required && !hasAny) return;
  if (text.de.trim() === "") problems.push({ field: `${idBase}-de`, message: t("editor.problem.german", { label }) });
  if (text.en.trim() === "") problems.push({ field: `${idBase}-en`, message: t("editor.problem.english", { label }) });
}

function listProblems(
  problems: Problem[],
  t: Translate,
  list: CodedText[],
  idBase: string,
  itemLabel: (n: number) => string,
  min: number,
  listLabel: string,
) {
  if (list.length < min) problems.push({ field: `${idBase}-add`, message: t("editor.problem.tooFew", { label: listLabel, n: min }) });
  const seen = new Set<string>();
  list.forEach((entry, index) => {
    const label = itemLabel(index + 1);
    localizedProblems(problems, t, `${idBase}-${entry.key}`, entry.text, label);
    if (!CODE_PATTERN.test(entry.code)) {
      problems.push({ field: `${idBase}-${entry.key}-code`, message: t("editor.problem.code", { label }) });
    } else if (seen.has(entry.code)) {
      problems.push({ field: `${idBase}-${entry.key}-code`, message: t("editor.problem.codeTwice", { label, code: entry.code }) });
    }
    seen.add(entry.code);
  });
}

function isNumber(text: string): boolean {
  return text.trim() !== "" && Number.isFinite(Number(text));
}

export function draftProblems(draft: ItemDraft, t: Translate): Problem[] {
  const problems: Problem[] = [];
  localizedProblems(problems, t, "item-title", draft.title, t("editor.questionText"));
  localizedProblems(problems, t, "item-help", draft.help, t("editor.help"));
  switch (draft.kind) {
    case "singleChoice":
    case "multipleChoice":
      listProblems(problems, t, draft.choices, "item-choices", (n) => t("editor.optionN", { n }), 2, t("editor.options"));
      if (draft.showOther) localizedProblems(problems, t, "item-other", draft.otherText, t("editor.otherText"));
      break;
    case "yesNo":
      localizedProblems(problems, t, "item-yes", draft.yes, t("editor.yesLabel"));
      localizedProblems(problems, t, "item-no", draft.no, t("editor.noLabel"));
      break;
    case "number":
      if (draft.numberMin.trim() !== "" && !isNumber(draft.numberMin)) problems.push({ field: "item-number-min", message: t("editor.problem.number", { label: t("editor.numberMin") }) });
      if (draft.numberMax.trim() !== "" && !isNumber(draft.numberMax)) problems.push({ field: "item-number-max", message: t("editor.problem.number", { label: t("editor.numberMax") }) });
      if (isNumber(draft.numberMin) && isNumber(draft.numberMax) && Number(draft.numberMin) > Number(draft.numberMax)) {
        problems.push({ field: "item-number-max", message: t("editor.problem.minMax") });
      }
      break;
    case "rating": {
      const min = Number(draft.ratingMin);
      const max = Number(draft.ratingMax);
      if (!Number.isInteger(min) || draft.ratingMin.trim() === "") problems.push({ field: "item-rating-min", message: t("editor.problem.integer", { label: t("editor.ratingMin") }) });
      if (!Number.isInteger(max) || draft.ratingMax.trim() === "") problems.push({ field: "item-rating-max", message: t("editor.problem.integer", { label: t("editor.ratingMax") }) });
      if (Number.isInteger(min) && Number.isInteger(max) && (max <= min || max - min > 10)) {
        problems.push({ field: "item-rating-max", message: t("editor.problem.ratingRange") });
      }
      localizedProblems(problems, t, "item-rating-min-label", draft.ratingMinLabel, t("editor.ratingMinLabel"), false);
      localizedProblems(problems, t, "item-rating-max-label", draft.ratingMaxLabel, t("editor.ratingMaxLabel"), false);
      break;
    }
    case "likert":
      listProblems(problems, t, draft.rows, "item-rows", (n) => t("editor.rowN", { n }), 1, t("editor.rows"));
      listProblems(problems, t, draft.columns, "item-columns", (n) => t("editor.columnN", { n }), 2, t("editor.columns"));
      break;
    case "repeatable":
      listProblems(problems, t, draft.subFields, "item-fields", (n) => t("editor.fieldN", { n }), 1, t("editor.fields"));
      break;
    default:
      break;
  }
  if (draft.module.mode === "new") localizedProblems(problems, t, "item-module-new", draft.module.title, t("editor.newModuleName"));
  for (const topic of draft.tags.topics) {
    if (!TOPIC_PATTERN.test(topic)) problems.push({ field: "item-topic-new", message: t("editor.problem.topic", { topic }) });
  }
  return problems;
}

import type { LocalizedText, SurveyStructure, SurveyTexts } from "../db/schema.ts";
import type { Audience } from "./survey-audience.ts";
import { isOwnElement } from "./survey-structure.ts";

/** The parts of a canon item needed to render it as a SurveyJS question. */
export interface RenderableItem {
  item_id: string;
  version: number;
  help: LocalizedText;
  personal_data_warning: boolean;
  element: Record<string, unknown>;
}

export const PERSONAL_DATA_WARNING: LocalizedText = {
  de: "Bitte keine Angaben zu einzelnen Klient:innen oder Familien (keine Namen, keine Fallbeschreibungen).",
  en: "Please do not enter details about individual clients or families (no names, no case descriptions).",
};

/**
 * One canon item as a SurveyJS question: the element, its help text as description, the
 * personal-data warning on free-text items (unless `clientDataWarning` is off: the warning is
 * meant for professionals), and the canon identity kept on the question so results stay
 * comparable across surveys and waves.
 */
export function renderCanonElement(item: RenderableItem, { clientDataWarning = true } = {}): Record<string, unknown> {
  const description: LocalizedText = item.personal_data_warning && clientDataWarning
    ? { de: `${item.help.de} ${PERSONAL_DATA_WARNING.de}`.trim(), en: `${item.help.en} ${PERSONAL_DATA_WARNING.en}`.trim() }
    : item.help;
  return { ...item.element, name: item.item_id, description, canonId: item.item_id, canonVersion: item.version };
}

/** A planner text in both languages; English falls back to German when not translated. */
function bilingual(german: string, english: string): LocalizedText {
  return { de: german, en: english.trim() ? english : german };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Paragraphs of plain text as HTML (SurveyJS shows `completedHtml` as HTML). */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

/**
 * The SurveyJS definition a respondent sees: the planner's pages of canon items and the survey's
 * own (imported) elements, each with its required flag and condition; page conditions and the
 * survey's own logic (triggers, calculated values); the planner's texts in German and English.
 * Nothing about where an element came from (import provenance) goes in here. A survey of people
 * (young people, parents) shows no warning about client data: they have no clients.
 */
export function buildSurveyDefinition(
  texts: SurveyTexts,
  structure: SurveyStructure,
  itemOf: (itemId: string, version: number) => RenderableItem,
  { audience = "institutions" }: { audience?: Audience } = {},
): Record<string, unknown> {
  const clientDataWarning = audience !== "people";
  const pages = structure.pages
    .filter((page) => page.elements.length > 0)
    .map((page) => ({
      name: page.id,
      ...(page.title && (page.title.de || page.title.en) ? { title: bilingual(page.title.de, page.title.en) } : {}),
      ...(page.description ? { description: page.description } : {}),
      ...(page.visibleIf ? { visibleIf: page.visibleIf } : {}),
      elements: page.elements.map((placed) => ({
        ...(isOwnElement(placed) ? placed.element : renderCanonElement(itemOf(placed.itemId, placed.version), { clientDataWarning })),
        ...(placed.required ? { isRequired: true } : {}),
        ...(placed.visibleIf ? { visibleIf: placed.visibleIf } : {}),
      })),
    }));
  const closing = bilingual(texts.closingText, texts.closingTextEn);
  const logic = structure.logic ?? {};
  return {
    title: bilingual(texts.title, texts.titleEn),
    description: bilingual(texts.intro, texts.introEn),
    ...(closing.de ? { completedHtml: { de: paragraphs(closing.de), en: paragraphs(closing.en) } } : {}),
    showQuestionNumbers: "onPage",
    showProgressBar: pages.length > 1 ? "top" : "off",
    progressBarType: "pages",
    ...(logic.calculatedValues?.length ? { calculatedValues: logic.calculatedValues } : {}),
    ...(logic.triggers?.length ? { triggers: logic.triggers } : {}),
    pages,
  };
}

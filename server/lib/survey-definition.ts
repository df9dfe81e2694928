import type { LocalizedText } from "../db/schema.ts";

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
 * personal-data warning on free-text items, and the canon identity kept on the question so
 * results stay comparable across surveys and waves.
 */
export function renderCanonElement(item: RenderableItem): Record<string, unknown> {
  const description: LocalizedText = item.personal_data_warning
    ? { de: `${item.help.de} ${PERSONAL_DATA_WARNING.de}`.trim(), en: `${item.help.en} ${PERSONAL_DATA_WARNING.en}`.trim() }
    : item.help;
  return { ...item.element, name: item.item_id, description, canonId: item.item_id, canonVersion: item.version };
}

export interface SurveyTexts {
  title: string;
  intro: string;
}

/**
 * The SurveyJS definition a respondent sees: one page per canon module in the order picked,
 * the intro as the survey description. Survey texts are the planner's own (one language);
 * the canon items carry German and English.
 */
export function buildSurveyDefinition(texts: SurveyTexts, items: RenderableItem[], moduleOf: (itemId: string) => { module: string; title: LocalizedText }): Record<string, unknown> {
  const pages: { name: string; title: LocalizedText; elements: Record<string, unknown>[] }[] = [];
  for (const item of items) {
    const { module, title } = moduleOf(item.item_id);
    const last = pages[pages.length - 1];
    if (last && last.name === module) {
      last.elements.push(renderCanonElement(item));
    } else {
      const name = pages.some((page) => page.name === module) ? `${module}-${pages.length + 1}` : module;
      pages.push({ name, title, elements: [renderCanonElement(item)] });
    }
  }
  return {
    title: texts.title,
    description: texts.intro,
    showQuestionNumbers: "onPage",
    showProgressBar: pages.length > 1 ? "top" : "off",
    progressBarType: "pages",
    pages,
  };
}

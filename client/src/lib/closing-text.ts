import type { Language } from "./i18n.ts";
import { localizedText } from "./localized.ts";

/**
 * The closing text of a survey definition (`completedHtml`, escaped HTML the server made from
 * the planner's plain text) as paragraphs of plain text: tags are dropped, `<br>` become line
 * breaks. The HTML is parsed inertly (DOMParser runs no scripts) and never inserted as HTML.
 *
 * @example
 * closingParagraphs({ completedHtml: { de: "<p>Danke!</p><p>Bis bald.</p>", en: "" } }, "de"); // ["Danke!", "Bis bald."]
 */
export function closingParagraphs(definition: Record<string, unknown>, lang: Language): string[] {
  const html = localizedText(definition.completedHtml, lang).trim();
  if (!html) return [];
  const document = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  for (const lineBreak of document.querySelectorAll("br")) lineBreak.replaceWith("\n");
  const blocks = [...document.body.querySelectorAll("p")];
  const texts = blocks.length > 0 ? blocks.map((block) => block.textContent ?? "") : [document.body.textContent ?? ""];
  return texts.map((text) => text.trim()).filter(Boolean);
}

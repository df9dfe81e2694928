/**
 * Markup that SurveyJS shows as HTML (html elements, `…Html` texts) from an imported file. Kanon
 * runs under a Content Security Policy without inline scripts, so script could not run anyway;
 * still, nothing active may reach a respondent's page: markup with scripts, frames, objects or
 * forms is refused as a whole, everything else is reduced to plain formatting and links.
 *
 * @example
 * safeHtml('<p onclick="x()">Hallo <b>du</b></p>'); // { html: "<p>Hallo <b>du</b></p>", changed: true, refused: false }
 */
import sanitizeHtml from "sanitize-html";

const ACTIVE = /<\s*(script|iframe|object|embed|form|frame|frameset|applet|base|meta|link)\b|javascript\s*:|\bon[a-z]+\s*=/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "span", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "table", "thead", "tbody", "tr", "th", "td", "a"],
  allowedAttributes: { a: ["href", "title"] },
  allowedSchemes: ["https", "http", "mailto"],
  disallowedTagsMode: "discard",
};

export interface SafeHtml {
  html: string;
  /** Something was removed (attributes, images, styles). */
  changed: boolean;
  /** Active content (script, frames, event handlers): the markup is not kept at all. */
  refused: boolean;
}

export function safeHtml(html: string): SafeHtml {
  if (ACTIVE.test(html)) return { html: "", changed: true, refused: true };
  const cleaned = sanitizeHtml(html, OPTIONS);
  const normalise = (text: string) => text.replace(/\s+/g, " ").replace(/ ?\/>/g, ">").trim();
  return { html: cleaned, changed: normalise(cleaned) !== normalise(html), refused: false };
}

/**
 * The deepest nesting of brackets and braces in JSON text, found in one linear pass before
 * JSON.parse: a file of a few megabytes can nest millions deep, and every later walk over such a
 * value (recursive code, structured cloning) would overflow the stack or take long.
 */
import { questionnaireTooLarge } from "./import-limits.ts";

/** A SurveyJS survey nests a few levels per panel; 12 panels deep stay far below this. */
export const MAX_JSON_DEPTH = 100;

export function checkJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (inString) {
      if (char === 0x5c) at++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > max) throw questionnaireTooLarge({ de: `JSON ist mehr als ${max} Ebenen tief verschachtelt`, en: `JSON is nested more than ${max} levels deep` });
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
}

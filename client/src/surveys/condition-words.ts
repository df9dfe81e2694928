/**
 * Any SurveyJS condition (`visibleIf`) in words for planners: question variables become the
 * questions' titles, stored values their answer labels, and operators words, so
 * `{own.school_2bx} = true and {age} >= 14` reads „Gehst du zur Schule?“ = Ja und „Alter“ ≥ 14.
 * The builder writes simple conditions itself (condition-expression.ts); this is for the ones it
 * did not write (from an import). Expressions it cannot read (or very long ones) give null, and
 * the caller shows a neutral sentence instead.
 */
import type { Localized } from "../lib/localized.ts";

/** What the words need to know about a question a condition may refer to. */
export interface ConditionQuestion {
  itemId: string;
  title: Localized;
  choices: { value: string; text: Localized }[];
}

export interface ConditionVocabulary {
  /** The reader's side of a `{de, en}` text. */
  pick: (text: Localized) => string;
  and: string;
  or: string;
  not: string;
  isOneOf: string;
  containsAll: string;
  contains: string;
  notContains: string;
  answered: string;
  notAnswered: string;
  yes: string;
  no: string;
  /** A variable that is no question of the survey (a calculated value, say). */
  otherValue: (name: string) => string;
}

/** Longer expressions are not worth putting into words (and the tokenizer stays bounded). */
const MAX_EXPRESSION_LENGTH = 2_000;

type Token =
  | { kind: "variable"; name: string }
  | { kind: "literal"; value: string; quoted: boolean }
  | { kind: "word"; text: string }
  | { kind: "symbol"; text: string };

const TOKEN =
  /\s*(?:\{([^{}]+)\}|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*)|(<>|!=|>=|<=|==|=|>|<|\*|\/|\+|-|!|\(|\)|\[|\]|,))/y;

function tokenize(expression: string): Token[] | null {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match || TOKEN.lastIndex === start) return null;
    const [, variable, single, double, number, word, symbol] = match;
    if (variable !== undefined) tokens.push({ kind: "variable", name: variable.trim() });
    else if (single !== undefined || double !== undefined) {
      tokens.push({ kind: "literal", value: (single ?? double)!.replace(/\\(.)/g, "$1"), quoted: true });
    } else if (number !== undefined) tokens.push({ kind: "literal", value: number, quoted: false });
    else if (word !== undefined) tokens.push({ kind: "word", text: word });
    else tokens.push({ kind: "symbol", text: symbol! });
  }
  return tokens;
}

const SYMBOLS: Record<string, string> = { "=": "=", "==": "=", "<>": "≠", "!=": "≠", ">=": "≥", "<=": "≤" };

/**
 * The condition in words, or null when it cannot be read.
 *
 * @example
 * describeCondition("{school} = true", [{ itemId: "school", title: { de: "Gehst du zur Schule?", en: "…" }, choices: [{ value: "true", text: { de: "Ja", en: "Yes" } }] }], vocabulary);
 * // "„Gehst du zur Schule?“ = „Ja“"
 */
export function describeCondition(expression: string, questions: readonly ConditionQuestion[], words: ConditionVocabulary): string | null {
  if (expression.length > MAX_EXPRESSION_LENGTH) return null;
  const tokens = tokenize(expression);
  if (!tokens || tokens.length === 0) return null;
  const byId = new Map(questions.map((question) => [question.itemId, question]));
  const quote = (text: string) => `„${text}“`;
  let subject: ConditionQuestion | undefined;
  const parts: string[] = [];

  for (const token of tokens) {
    switch (token.kind) {
      case "variable": {
        const comment = token.name.endsWith("-Comment");
        const question = byId.get(comment ? token.name.slice(0, -"-Comment".length) : token.name);
        subject = question;
        parts.push(question ? quote(words.pick(question.title)) : words.otherValue(token.name));
        break;
      }
      case "literal": {
        const choice = subject?.choices.find((candidate) => candidate.value === token.value);
        parts.push(choice ? quote(words.pick(choice.text)) : token.quoted ? quote(token.value) : token.value);
        break;
      }
      case "word": {
        const lower = token.text.toLowerCase();
        if (lower === "true" || lower === "false") {
          const choice = subject?.choices.find((candidate) => candidate.value === lower);
          parts.push(quote(choice ? words.pick(choice.text) : lower === "true" ? words.yes : words.no));
        } else if (lower === "and") {
          parts.push(words.and);
          subject = undefined;
        } else if (lower === "or") {
          parts.push(words.or);
          subject = undefined;
        } else if (lower === "anyof") parts.push(words.isOneOf);
        else if (lower === "allof") parts.push(words.containsAll);
        else if (lower === "contains") parts.push(words.contains);
        else if (lower === "notcontains") parts.push(words.notContains);
        else if (lower === "notempty") parts.push(words.answered);
        else if (lower === "empty") parts.push(words.notAnswered);
        else return null;
        break;
      }
      case "symbol": {
        if (token.text === "[" || token.text === "]") break;
        if (token.text === "!") parts.push(words.not);
        else parts.push(SYMBOLS[token.text] ?? token.text);
        break;
      }
    }
  }
  return parts
    .join(" ")
    .replace(/\s+,/g, ",")
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")");
}

/**
 * LimeSurvey's ExpressionScript (relevance equations, equation questions) as SurveyJS
 * expressions, where a faithful translation exists: comparisons, `and`/`or`/`!`, `is_empty()`,
 * answers by question code (`Q1`, `Q1.NAOK`, `Q1.code`), array rows (`Q2_SQ001` → `{Q2.SQ001}`)
 * and multiple-choice options (`Q3_SQ002 == "Y"` → `{Q3} contains 'SQ002'`). Anything else
 * (other functions, regular expressions, tokens) is reported and the condition left out: a
 * wrong condition would hide questions from respondents who should see them.
 *
 * @example
 * convertExpression('((Q00.NAOK == "F")) and !is_empty(Q01)', lookup); // "(({Q00} = 'F')) and {Q01} notempty"
 */
import { MAX_EXPRESSION_CHARS } from "./import-limits.ts";

export interface CodeLookup {
  /** How a variable name is answered: a question, a row of an array, an option of a multiple choice. */
  resolve(name: string): { kind: "question"; name: string } | { kind: "row"; question: string; row: string } | { kind: "option"; question: string; option: string } | null;
}

type Token =
  | { type: "name"; text: string }
  | { type: "string"; text: string }
  | { type: "number"; text: string }
  | { type: "op"; text: string }
  | { type: "paren"; text: "(" | ")" }
  | { type: "comma" };

export class Unconvertible extends Error {}

const OPERATORS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "="];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const char = source[at]!;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    if (char === '"' || char === "'") {
      const end = source.indexOf(char, at + 1);
      if (end < 0) throw new Unconvertible("unterminated string");
      tokens.push({ type: "string", text: source.slice(at + 1, end) });
      at = end + 1;
      continue;
    }
    if (char === "(" || char === ")") {
      tokens.push({ type: "paren", text: char });
      at++;
      continue;
    }
    if (char === ",") {
      tokens.push({ type: "comma" });
      at++;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(source.slice(at, at + 40));
    if (number) {
      tokens.push({ type: "number", text: number[0] });
      at += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z]+)?/.exec(source.slice(at, at + 200));
    if (name) {
      tokens.push({ type: "name", text: name[0] });
      at += name[0].length;
      continue;
    }
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, at));
    if (!operator) throw new Unconvertible(`unknown character ${char}`);
    tokens.push({ type: "op", text: operator });
    at += operator.length;
  }
  return tokens;
}

const WORD_OPERATORS: Record<string, string> = { and: "and", or: "or", eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };
const COMPARISONS: Record<string, string> = { "==": "=", "=": "=", "!=": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">=" };
/** Suffixes that read a question's answer (the code, for choice questions). */
const ANSWER_SUFFIXES = new Set(["", "NAOK", "code", "value"]);

const quote = (text: string) => `'${text.replace(/'/g, "\\'")}'`;

/** A recursive-descent translation with a depth limit, so hostile nesting cannot exhaust the stack. */
class Translator {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly lookup: CodeLookup,
  ) {}

  run(): string {
    const result = this.or();
    if (this.at !== this.tokens.length) throw new Unconvertible("trailing tokens");
    return result;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private word(token: Token | undefined): string | undefined {
    if (!token) return undefined;
    if (token.type === "op") return token.text;
    if (token.type === "name") return WORD_OPERATORS[token.text.toLowerCase()];
    return undefined;
  }

  private or(): string {
    let left = this.and();
    while (["or", "||"].includes(this.word(this.peek()) ?? "")) {
      this.at++;
      left = `${left} or ${this.and()}`;
    }
    return left;
  }

  private and(): string {
    let left = this.comparison();
    while (["and", "&&"].includes(this.word(this.peek()) ?? "")) {
      this.at++;
      left = `${left} and ${this.comparison()}`;
    }
    return left;
  }

  private comparison(): string {
    const start = this.at;
    const left = this.unary();
    const operator = this.word(this.peek());
    if (!operator || !COMPARISONS[operator]) return left.text;
    this.at++;
    const right = this.unary();
    // Multiple choice: `Q3_SQ002 == "Y"` asks whether the option was chosen.
    if (left.option && (right.literal === "Y" || right.literal === "")) {
      const chosen = right.literal === "Y";
      const positive = operator === "==" || operator === "=" ? chosen : operator === "!=" ? !chosen : null;
      if (positive === null) throw new Unconvertible(`comparison of option at ${start}`);
      return `{${left.option.question}} ${positive ? "contains" : "notcontains"} ${quote(left.option.option)}`;
    }
    if (left.option || right.option) throw new Unconvertible("option compared");
    return `${left.text} ${COMPARISONS[operator]} ${right.text}`;
  }

  private unary(): { text: string; literal?: string; option?: { question: string; option: string } } {
    const token = this.peek();
    if (!token) throw new Unconvertible("unexpected end");
    if (token.type === "op" && token.text === "!") {
      this.at++;
      const inner = this.unary();
      const emptyCheck = / empty$/.exec(inner.text);
      if (emptyCheck) return { text: inner.text.replace(/ empty$/, " notempty") };
      return { text: `!(${inner.text})` };
    }
    if (token.type === "op" && token.text === "-") {
      this.at++;
      const next = this.peek();
      if (next?.type !== "number") throw new Unconvertible("minus");
      this.at++;
      return { text: `-${next.text}`, literal: `-${next.text}` };
    }
    if (token.type === "paren" && token.text === "(") {
      if (++this.depth > 40) throw new Unconvertible("too deep");
      this.at++;
      const inner = this.or();
      if (this.peek()?.type !== "paren" || (this.peek() as { text: string }).text !== ")") throw new Unconvertible("missing )");
      this.at++;
      this.depth--;
      return { text: `(${inner})` };
    }
    this.at++;
    if (token.type === "string") return { text: quote(token.text), literal: token.text };
    if (token.type === "number") return { text: token.text, literal: token.text };
    if (token.type !== "name") throw new Unconvertible("unexpected token");
    const lower = token.text.toLowerCase();
    if (lower === "is_empty" || lower === "isempty") {
      const argument = this.call();
      return { text: `${argument} empty` };
    }
    if (lower === "true" || lower === "false") return { text: lower };
    if (this.peek()?.type === "paren") throw new Unconvertible(`function ${token.text}`);
    return this.variable(token.text);
  }

  /** `( variable )` of a function call. */
  private call(): string {
    const open = this.peek();
    if (open?.type !== "paren" || open.text !== "(") throw new Unconvertible("call");
    this.at++;
    const argument = this.peek();
    if (argument?.type !== "name") throw new Unconvertible("call argument");
    this.at++;
    const variable = this.variable(argument.text);
    if (variable.option) throw new Unconvertible("option in call");
    const close = this.peek();
    if (close?.type !== "paren" || close.text !== ")") throw new Unconvertible("call )");
    this.at++;
    return variable.text;
  }

  private variable(text: string): { text: string; option?: { question: string; option: string } } {
    const [base, suffix = ""] = text.split(".");
    if (!ANSWER_SUFFIXES.has(suffix)) throw new Unconvertible(`suffix ${suffix}`);
    const resolved = this.lookup.resolve(base!);
    if (!resolved) throw new Unconvertible(`unknown ${base}`);
    if (resolved.kind === "question") return { text: `{${resolved.name}}` };
    if (resolved.kind === "row") return { text: `{${resolved.question}.${resolved.row}}` };
    return { text: "", option: { question: resolved.question, option: resolved.option } };
  }
}

/**
 * The SurveyJS form of an ExpressionScript condition, "" for "always" (`1`, empty), or null
 * when it cannot be translated faithfully.
 */
export function convertExpression(source: string, lookup: CodeLookup): string | null {
  const trimmed = source.trim();
  if (trimmed === "" || trimmed === "1") return "";
  if (trimmed.length > MAX_EXPRESSION_CHARS || trimmed.includes("{")) return null;
  try {
    return new Translator(tokenize(trimmed), lookup).run();
  } catch (error) {
    if (error instanceof Unconvertible) return null;
    throw error;
  }
}

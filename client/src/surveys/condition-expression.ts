/**
 * The conditions the builder writes ("Nur anzeigen, wenn …") as SurveyJS expressions, and back:
 *
 *   {id} = 'value'            is
 *   {id} <> 'value'           is not
 *   {id} anyof ['a', 'b']     is one of / contains one of (multiple choice)
 *   {id} = true               yes/no questions
 *
 * Expressions the builder did not write (from an import, say) do not parse into a Condition;
 * they are shown as they are and can be removed.
 */
export type ConditionOperator = "equals" | "notEquals" | "anyOf";

export interface Condition {
  questionId: string;
  operator: ConditionOperator;
  values: string[];
}

/** What the builder knows about the question a condition tests. */
export interface ConditionSubject {
  type: string;
  choices: { value: string }[];
}

const MULTIPLE = new Set(["checkbox", "tagbox"]);

export function isMultipleChoice(type: string): boolean {
  return MULTIPLE.has(type);
}

/** The operators that make sense for a question type. */
export function operatorsFor(type: string): ConditionOperator[] {
  if (MULTIPLE.has(type)) return ["anyOf"];
  if (type === "boolean") return ["equals", "notEquals"];
  return ["equals", "notEquals", "anyOf"];
}

function literal(value: string, subject: ConditionSubject): string {
  if (subject.type === "boolean" && (value === "true" || value === "false")) return value;
  if (subject.type === "rating" && /^-?\d+(\.\d+)?$/.test(value)) return value;
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/**
 * The SurveyJS expression of a condition.
 *
 * @example
 * conditionExpression({ questionId: "network.has_focus", operator: "equals", values: ["true"] }, { type: "boolean", choices: [] });
 * // "{network.has_focus} = true"
 */
export function conditionExpression(condition: Condition, subject: ConditionSubject): string {
  const variable = `{${condition.questionId}}`;
  const values = condition.values.map((value) => literal(value, subject));
  switch (condition.operator) {
    case "equals":
      return `${variable} = ${values[0] ?? "''"}`;
    case "notEquals":
      return `${variable} <> ${values[0] ?? "''"}`;
    case "anyOf":
      return `${variable} anyof [${values.join(", ")}]`;
  }
}

const QUOTED = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`;
const SCALAR = String.raw`(?:${QUOTED}|true|false|-?\d+(?:\.\d+)?)`;
const COMPARISON = new RegExp(String.raw`^\s*\{([^{}]+)\}\s*(=|==|<>|!=)\s*(${SCALAR})\s*$`, "i");
const ANY_OF = new RegExp(String.raw`^\s*\{([^{}]+)\}\s*anyof\s*\[\s*((?:${SCALAR})(?:\s*,\s*(?:${SCALAR}))*)?\s*\]\s*$`, "i");

function unquote(token: string): string {
  const trimmed = token.trim();
  if ((trimmed.startsWith("'") && trimmed.endsWith("'")) || (trimmed.startsWith('"') && trimmed.endsWith('"'))) {
    return trimmed.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return trimmed.toLowerCase() === "true" || trimmed.toLowerCase() === "false" ? trimmed.toLowerCase() : trimmed;
}

/** A condition the builder can edit, or null for any other expression. */
export function parseCondition(expression: string): Condition | null {
  const comparison = COMPARISON.exec(expression);
  if (comparison) {
    const [, questionId, operator, value] = comparison;
    return {
      questionId: questionId!.trim(),
      operator: operator === "=" || operator === "==" ? "equals" : "notEquals",
      values: [unquote(value!)],
    };
  }
  const anyOf = ANY_OF.exec(expression);
  if (anyOf) {
    const list = anyOf[2] ?? "";
    const values = [...list.matchAll(new RegExp(SCALAR, "gi"))].map((match) => unquote(match[0]));
    return { questionId: anyOf[1]!.trim(), operator: "anyOf", values };
  }
  return null;
}

/** The question ids an expression refers to (`{id}`), in order, without repeats. */
export function variablesOf(expression: string): string[] {
  return [...new Set([...expression.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]!.trim()))];
}

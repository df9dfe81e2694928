/**
 * What the numbers of a number question are: amounts (`number`: counts, hours, euros) or calendar
 * years (`year`). Years get histograms with one bin per year (or per 5, 10, … years) and are
 * never written like amounts: "2014", not "2.014"; their mean is shown as a whole year.
 */
export type NumericScale = "number" | "year";

type Json = Record<string, unknown>;

/**
 * A number question holds years when its name says so (`…year`, `…_jahr`) or its bounds are
 * calendar years (`min: 1900`, `maxValueExpression: "year(today())"`).
 *
 * @example
 * isYearLike({ type: "text", inputType: "number", name: "network.founding_year" }); // true
 * isYearLike({ type: "text", inputType: "number", name: "staff", min: 0 }); // false
 */
export function isYearLike(element: Json): boolean {
  const name = String(element.name ?? "");
  if (/(^|[._-])(\w*_)?(year|jahr)$/i.test(name)) return true;
  const min = Number(element.min);
  if (typeof element.min !== "undefined" && Number.isFinite(min) && min >= 1000 && min <= 3000) return true;
  return /year\s*\(/i.test(String(element.maxValueExpression ?? "")) || /year\s*\(/i.test(String(element.minValueExpression ?? ""));
}

/** The scale of a number question (SurveyJS text with inputType number or range). */
export function numericScaleOf(element: Json): NumericScale {
  return isYearLike(element) ? "year" : "number";
}

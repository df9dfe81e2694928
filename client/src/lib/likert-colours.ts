/**
 * Colours of an answer scale (Likert rows, ratings) for the results page and network views: a
 * diverging scale from a neutral grey middle, the negative answers orange-brown and the positive
 * ones blue (a pair told apart with the common colour-vision deficiencies), each side darker
 * towards its extreme, so "strongly disagree" and "strongly agree" weigh the same and neither end
 * looks like "more".
 *
 * Contrast (WCAG 2.1, 1.4.11): every colour has at least 3:1 against white, the page's background
 * and the white border drawn between stacked segments, so each segment stands out even from a
 * neighbour of a similar shade; the text written into a segment is black or white, whichever has
 * the higher contrast (always at least 4.5:1 here). Colour is never the only cue: segments keep
 * the scale's order, are named in the legend, labelled with their share and listed in the table.
 *
 * @example
 * divergingColours(5, "negative-first"); // [dark orange, orange, grey, blue, dark blue]
 * scaleDirection([{ value: "voll", label: "trifft voll zu" }, …, { value: "gar_nicht", label: "trifft gar nicht zu" }]); // "positive-first"
 */

/** Negative answers, from next to the middle out to the extreme. */
const NEGATIVE = ["#c8702a", "#b05a1a", "#8f4510", "#6e320a", "#4d2105"];
/** Positive answers, from next to the middle out to the extreme. */
const POSITIVE = ["#3f84b8", "#2c6ea3", "#1d5788", "#12406a", "#0a2a4a"];
/** The middle answer of an odd scale ("teils, teils"): neutral. */
export const NEUTRAL_COLOUR = "#8c8c8c";

/** Which of the steps above a side of `half` answers uses, spread so the extreme is the darkest. */
const STEPS: Record<number, number[]> = { 1: [2], 2: [1, 3], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4] };

function side(palette: string[], half: number): string[] {
  const steps = STEPS[Math.min(half, 5)] ?? [];
  const colours = steps.map((step) => palette[step]!);
  // Longer scales (rare): the outermost answers share the darkest shade.
  while (colours.length < half) colours.push(palette[palette.length - 1]!);
  return colours;
}

/** Whether a scale starts with its negative end (ratings 1 … 5) or its positive one ("trifft voll zu" … "trifft gar nicht zu"). */
export type ScaleDirection = "negative-first" | "positive-first";

/**
 * A colour per answer of a k-point scale, in the scale's order: the first half one hue, the second
 * half the other, the middle of an odd scale grey.
 */
export function divergingColours(columnCount: number, direction: ScaleDirection = "negative-first"): string[] {
  const half = Math.floor(columnCount / 2);
  const [first, last] = direction === "negative-first" ? [NEGATIVE, POSITIVE] : [POSITIVE, NEGATIVE];
  return [...side(first, half).reverse(), ...(columnCount % 2 === 1 ? [NEUTRAL_COLOUR] : []), ...side(last, half)];
}

/**
 * The places of a ranking, first to last: one hue, darkest for the top place, lighter further
 * down (a ranking is an order, not agreement, so it has no negative side). Beyond five places the
 * lightest shade repeats; segments stay apart by their white borders and are listed in the table.
 */
export function rankColours(count: number): string[] {
  const darkestFirst = [...POSITIVE].reverse();
  const steps = STEPS[Math.min(count, 5)] ?? [];
  const colours = steps.map((step) => darkestFirst[step]!);
  while (colours.length < count) colours.push(darkestFirst[darkestFirst.length - 1]!);
  return colours;
}

/** Words that mark the negative end of a scale, German and English. */
const NEGATIVE_WORDS =
  /(^|[^\p{L}])(nicht|nie|niemals|kaum|kein\p{L}*|unzureichend|ungenügend|mangelhaft|schlecht\p{L}*|unzufrieden\p{L}*|ablehn\p{L}*|not|never|no|none|hardly|rarely|poor\p{L}*|bad|disagree\p{L}*|dissatisfied|unsatisfied)(?=$|[^\p{L}])/iu;

/**
 * Which end of a scale is negative: numbers run from low (negative) to high unless they are
 * listed downwards; worded answers by which end says "nicht", "kaum", "schlecht" … (the canon
 * lists "trifft voll zu" first). Without any sign, the first answer counts as the negative end.
 */
export function scaleDirection(columns: { value: string; label: string }[]): ScaleDirection {
  if (columns.length < 2) return "negative-first";
  const numbers = columns.map((column) => Number(column.value));
  if (columns.every((column) => column.value.trim() !== "") && numbers.every(Number.isFinite)) {
    return numbers[0]! > numbers[numbers.length - 1]! ? "positive-first" : "negative-first";
  }
  const negative = (column: { label: string }) => NEGATIVE_WORDS.test(column.label);
  const first = negative(columns[0]!);
  const last = negative(columns[columns.length - 1]!);
  if (last && !first) return "positive-first";
  return "negative-first";
}

function luminance(colour: string): number {
  const [r, g, b] = [1, 3, 5].map((offset) => {
    const channel = parseInt(colour.slice(offset, offset + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The WCAG contrast ratio of two colours ("#rrggbb"), from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Black or white text, whichever has the higher contrast on a background colour ("#rrggbb"). */
export function textOn(background: string): string {
  return contrastRatio(background, "#000000") >= contrastRatio(background, "#ffffff") ? "#000000" : "#ffffff";
}

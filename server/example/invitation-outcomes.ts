/**
 * What became of each invitation of an example survey: refused by the receiving mail server,
 * never opened, opened without an answer, a saved draft, or submitted; and when the link was
 * opened and the answers saved, within the survey's time window. Institutions differ in how
 * readily they answer (`propensity`), as they do in real stocktakings.
 *
 * @example
 * const outcomes = drawOutcomes(random, institutions, { refused: 2, shares: { submitted: 0.55, draft: 0.12, opened: 0.08, notOpened: 0.25 } });
 * moments(random, "submitted", { from: openedAt, to: now }); // { openedAt, savedAt }
 */
import type { Random } from "./random.ts";

export type Outcome = "refused" | "not_opened" | "opened" | "draft" | "submitted";

export interface OutcomeShares {
  submitted: number;
  draft: number;
  opened: number;
  notOpened: number;
}

export interface OutcomeOptions<T> {
  /** How many mails the receiving servers refuse. */
  refused: number;
  shares: OutcomeShares;
  /** Factor on the chance to submit (1: average). */
  propensity?: (target: T) => number;
  /** Outcomes fixed in advance (e.g. the network whose share link the example shows must have answered). */
  forced?: ReadonlyMap<T, Outcome>;
}

/** One outcome per target, in the targets' order. */
export function drawOutcomes<T>(random: Random, targets: readonly T[], options: OutcomeOptions<T>): Map<T, Outcome> {
  const free = targets.filter((target) => !options.forced?.has(target));
  const refused = new Set(random.sample(free, options.refused));
  const outcomes = new Map<T, Outcome>();
  for (const target of targets) {
    const forced = options.forced?.get(target);
    if (forced) {
      outcomes.set(target, forced);
      continue;
    }
    if (refused.has(target)) {
      outcomes.set(target, "refused");
      continue;
    }
    const { shares } = options;
    const submit = Math.min(0.95, shares.submitted * (options.propensity?.(target) ?? 1));
    if (random.chance(submit)) {
      outcomes.set(target, "submitted");
      continue;
    }
    outcomes.set(
      target,
      random.weighted([
        ["draft", shares.draft],
        ["opened", shares.opened],
        ["not_opened", shares.notOpened],
      ]),
    );
  }
  return outcomes;
}

/** Coarse device labels as the respondent page records them (never an address). */
export const DEVICES = [
  "Chrome · Windows",
  "Edge · Windows",
  "Firefox · Windows",
  "Firefox · Linux",
  "Safari · iPhone",
  "Chrome · Android",
  "Safari · Mac",
  "Safari · iPad",
] as const;

const MINUTE = 60_000;

/**
 * When a respondent opened the link and last saved, within [from, to]: most answer in the first
 * third of the window; a draft stays where it was left, a submission follows after minutes to days.
 */
export function moments(random: Random, outcome: "opened" | "draft" | "submitted", window: { from: Date; to: Date }): { openedAt: Date; savedAt: Date } {
  const from = window.from.getTime() + 60 * MINUTE;
  const to = Math.max(from + MINUTE, window.to.getTime() - 10 * MINUTE);
  const early = random.chance(0.6);
  const span = to - from;
  const openedAt = from + Math.floor((early ? random.next() / 3 : random.next()) * span * 0.9);
  if (outcome === "opened") return { openedAt: new Date(openedAt), savedAt: new Date(openedAt) };
  const work = random.weighted<number>([
    [random.int(8, 45) * MINUTE, 5],
    [random.int(1, 6) * 60 * MINUTE, 2],
    [random.int(1, 4) * 24 * 60 * MINUTE, 2],
  ]);
  return { openedAt: new Date(openedAt), savedAt: new Date(Math.min(to, openedAt + work)) };
}

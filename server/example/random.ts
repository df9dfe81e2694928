/**
 * A small seeded pseudo-random generator (mulberry32) with the helpers the example data and the
 * benchmarks' data generator need. The same seed gives the same sequence on every platform, so
 * generated data is reproducible; `fork(label)` derives an independent stream, so adding a draw in
 * one part of a generator does not shift every value after it in another part.
 *
 * @example
 * const random = seededRandom(42);
 * random.int(1, 6);                       // 4
 * random.pick(["Kita", "Schule"]);         // "Schule"
 * random.fork("answers").chance(0.3);      // true or false, independent of the stream above
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** One value, chosen with the given (non-negative, not all zero) weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A new list in random order. */
  shuffle<T>(list: readonly T[]): T[];
  /** `count` different elements (fewer if the list is shorter), in the list's order. */
  sample<T>(list: readonly T[], count: number): T[];
  /** A generator whose sequence depends only on this one's seed and the label. */
  fork(label: string): Random;
}

/** 32-bit FNV-1a of a text: turns labels and text seeds into numbers. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A generator for a seed (a number, or any text such as "musterstadt"). */
export function seededRandom(seed: number | string): Random {
  const origin = typeof seed === "number" ? seed >>> 0 : hashText(seed);
  let state = origin;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const random: Random = {
    next,
    int,
    chance: (p) => next() < p,
    pick(list) {
      if (list.length === 0) throw new Error("pick from an empty list");
      return list[int(0, list.length - 1)]!;
    },
    weighted(entries) {
      const total = entries.reduce((sum, [, weight]) => sum + Math.max(0, weight), 0);
      if (entries.length === 0 || total <= 0) throw new Error("weighted pick without weights");
      let point = next() * total;
      for (const [value, weight] of entries) {
        point -= Math.max(0, weight);
        if (point < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
    shuffle(list) {
      const copy = [...list];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = int(0, index);
        [copy[index], copy[other]] = [copy[other]!, copy[index]!];
      }
      return copy;
    },
    sample(list, count) {
      const chosen = new Set(random.shuffle(list.map((_, index) => index)).slice(0, Math.max(0, count)));
      return list.filter((_, index) => chosen.has(index));
    },
    fork: (label) => seededRandom((hashText(label) ^ Math.imul(origin, 0x9e3779b1)) >>> 0),
  };
  return random;
}

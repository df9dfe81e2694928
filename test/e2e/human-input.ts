import type { Page } from "playwright-core";

/**
 * Input the way people give it, for browser tests of respondent features: one key at a time with
 * uneven delays, pauses in the middle of words (long enough for an autosave to start), and a
 * network that holds autosave requests back like a slow mobile connection, so replies land
 * while the next word is typed. Seeded, so a failing run can be repeated exactly.
 */

export type Random = () => number;

/** A small deterministic generator (mulberry32) seeded from a string. */
export function seededRandom(seed: string): Random {
  let state = 2166136261;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A whole number between `low` and `high`. */
export const between = (random: Random, low: number, high: number) => Math.round(low + random() * (high - low));

/** The autosave waits this long after the last change; pauses longer than it start a save. */
const AUTOSAVE_DEBOUNCE_MS = 800;

/**
 * Types `text` into the focused element key by key (30–110 ms apart) and, every 6–14
 * characters, pauses just past the autosave's debounce so a save starts mid-word; the next
 * characters then follow while that save is on its way and its reply comes back.
 */
export async function humanType(page: Page, text: string, random: Random): Promise<void> {
  let sincePause = 0;
  let nextPauseAfter = between(random, 6, 14);
  for (const char of text) {
    await page.keyboard.type(char, { delay: 0 });
    await pause(between(random, 30, 110));
    sincePause += 1;
    if (sincePause >= nextPauseAfter) {
      await pause(between(random, AUTOSAVE_DEBOUNCE_MS + 100, AUTOSAVE_DEBOUNCE_MS + 350));
      sincePause = 0;
      nextPauseAfter = between(random, 6, 14);
    }
  }
}

/**
 * Holds every autosave and submit request of this page back for 150–700 ms before it leaves,
 * so its reply arrives while the respondent is already typing the next characters.
 */
export async function slowDraftSaves(page: Page, random: Random): Promise<void> {
  await page.route(/\/api\/r\/[^/]+\/(draft|submit)$/, async (route) => {
    await pause(between(random, 150, 700));
    await route.continue();
  });
}

/**
 * Holds this page's autosaves until `release()`: a scene can open a popup, see the save start
 * (`started`), and only then let its reply come back, so the reply lands while the popup is open.
 * Registered after `slowDraftSaves`, it runs first (Playwright runs the latest route first).
 */
export async function holdSaves(page: Page): Promise<{ started: Promise<void>; release: () => void }> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = () => {};
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  await page.route(/\/api\/r\/[^/]+\/draft$/, async (route) => {
    started();
    await released;
    await route.fallback();
  });
  return { started: startedPromise, release };
}

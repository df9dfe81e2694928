import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";

/**
 * What the browser tests share: finding Debian's Chromium (or failing loudly in CI when it is
 * missing), building the client once, axe checks that fail on serious and critical WCAG 2.1 AA
 * violations, and optional screenshots (E2E_SCREENSHOTS=1 keeps them in test-results/e2e/).
 */
export const root = fileURLToPath(new URL("../../", import.meta.url));
export const screenshotDirectory = path.join(root, "test-results", "e2e");
export const stepScreenshots = process.env.E2E_SCREENSHOTS === "1";

export const chromiumPath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (candidate): candidate is string => Boolean(candidate && existsSync(candidate)),
);

/** Throws in CI (KANON_REQUIRE_ALL_SUITES) when Chromium is missing; otherwise says why the suite is skipped. */
export function requireChromiumOrExplain(suite: string): void {
  if (!chromiumPath && process.env.KANON_REQUIRE_ALL_SUITES) {
    throw new Error(`KANON_REQUIRE_ALL_SUITES is set (CI) but no Chromium was found: the ${suite} must not be skipped.`);
  }
  if (!chromiumPath) {
    console.warn(`Skipping the ${suite}: no Chromium found (set CHROMIUM_PATH, or \`apt-get install -y chromium\`).`);
  }
}

export async function ensureClientBuilt(): Promise<void> {
  if (!existsSync(path.join(root, "dist", "client", "index.html"))) {
    const { build } = await import("vite");
    await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
  }
  if (!existsSync(path.join(root, "dist", "client", "index.html"))) {
    throw new Error("dist/client/index.html is missing and could not be built: run `npm run build`.");
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Runs axe on the page and fails on serious or critical violations, listed readably. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (process.env.AXE_VERBOSE === "1") {
    console.info(
      `axe on ${name}: ${result.passes.length} rules passed; violations: ` +
        (result.violations.map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length}×)`).join(", ") || "none"),
    );
  }
  const blocking = result.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const report = blocking
    .map(
      (violation) =>
        `- [${violation.impact}] ${violation.id}: ${violation.help}\n` +
        violation.nodes
          .slice(0, 5)
          .map((node) => `    at ${node.target.join(" ")}: ${node.failureSummary?.replace(/\n/g, " ")}`)
          .join("\n"),
    )
    .join("\n");
  if (blocking.length > 0) console.error(`axe violations on the ${name} page:\n${report}`);
  expect(blocking.map((violation) => violation.id), `axe violations on the ${name} page:\n${report}`).toEqual([]);
}

/** A full-page screenshot when E2E_SCREENSHOTS=1 (or always, with `force`). */
export async function screenshot(page: Page, name: string, force = false): Promise<void> {
  if (!stepScreenshots && !force) return;
  mkdirSync(screenshotDirectory, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDirectory, `${name}.png`), fullPage: true });
}

/** The page at phone width (375 px) and back, with a screenshot of each. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  if (!stepScreenshots) return;
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(300);
  await screenshot(page, `${name}-375`);
  // Long phone pages also in parts of 1,200 px, which are easier to look at.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let top = 0, part = 1; top < height; top += 1200, part++) {
    await page.screenshot({
      path: path.join(screenshotDirectory, `${name}-375-part${part}.png`),
      fullPage: true,
      clip: { x: 0, y: top, width: 375, height: Math.min(1200, height - top) },
    });
  }
  await page.setViewportSize(viewport);
  await page.waitForTimeout(200);
}

/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const repositoryRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * The client is a single-page app in client/, built into dist/client where the server picks it
 * up. Pages are split with React.lazy, so the respondent page never loads Chart.js and the
 * planner's results never load survey-core.
 */
export default defineConfig({
  root: "client",
  plugins: [react()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // survey-core alone is ~310 KB gzip and cannot be tree-shaken; it only ever loads on the
    // respondent and preview pages, so its size is expected there.
    chunkSizeWarningLimit: 1700,
  },
  server: {
    proxy: {
      "/api": "http://localhost:3000",
    },
  },
  // Vitest reads this file too: tests live in test/ at the repository root, not in client/.
  test: {
    root: repositoryRoot,
    include: ["test/**/*.test.ts"],
    // PGlite boots in seconds and the browser test walks a whole survey: generous, not timed.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

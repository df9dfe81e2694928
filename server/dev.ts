import { spawn } from "node:child_process";
import { createServer } from "vite";

/**
 * `npm run dev`: the API on port 3000 (restarted on change by tsx watch) and Vite's dev server
 * with hot reload on port 5173, proxying /api to it. Open http://localhost:5173.
 */
const api = spawn(process.execPath, ["--import", "tsx", "--watch", "server/main.ts"], {
  stdio: "inherit",
  env: { ...process.env, PORT: process.env.PORT ?? "3000" },
});
const vite = await createServer({ configFile: "vite.config.ts", server: { port: 5173 } });
await vite.listen();
vite.printUrls();

const stop = async () => {
  api.kill("SIGTERM");
  await vite.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Hono } from "hono";

const swaggerDirectory = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Kanon API</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body>
</html>`;

const initializer = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger" });`;

/**
 * Swagger UI at /api/docs, served from the installed swagger-ui-dist (no CDN, works offline and
 * under a Content Security Policy without inline scripts).
 */
export const apiDocs = new Hono()
  .get("/", (c) => c.html(page))
  .get("/init.js", (c) => c.body(initializer, 200, { "Content-Type": "text/javascript; charset=utf-8" }))
  .get("/:asset{swagger-ui(-bundle\\.js|\\.css)}", async (c) => {
    const asset = c.req.param("asset");
    const body = await readFile(path.join(swaggerDirectory, asset));
    return c.body(new Uint8Array(body), 200, {
      "Content-Type": asset.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    });
  });

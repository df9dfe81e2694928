import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { authRoutes } from "./auth/routes.ts";
import { canonRoutes } from "./canon/routes.ts";
import { directoryRoutes } from "./directory/routes.ts";
import { ApiError } from "./lib/api-error.ts";
import { apiDocs } from "./lib/api-docs.ts";
import type { AppEnv, AppServices } from "./lib/context.ts";
import { isLogged, log, maskTokensInPath } from "./lib/logger.ts";
import { mailingRoutes } from "./mailing/routes.ts";
import { organisationRoutes } from "./organisation/routes.ts";
import { recipientRoutes } from "./recipients/routes.ts";
import { respondRoutes } from "./respond/routes.ts";
import { resultRoutes } from "./results/routes.ts";
import { surveyRoutes } from "./surveys/routes.ts";

/** Largest JSON body the API accepts (a big answer document is ~100 KB). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Directory imports carry a spreadsheet as base64: up to 10 MB, on those routes only. */
export const MAX_IMPORT_BODY_BYTES = 10 * 1024 * 1024;

const clientDirectory = fileURLToPath(new URL("../dist/client/", import.meta.url));

function apiRoutes() {
  return new OpenAPIHono<AppEnv>()
    .route("/", authRoutes)
    .route("/", organisationRoutes)
    .route("/", canonRoutes)
    .route("/", directoryRoutes)
    .route("/", surveyRoutes)
    .route("/", recipientRoutes)
    .route("/", mailingRoutes)
    .route("/", respondRoutes)
    .route("/", resultRoutes);
}

export type ApiRoutes = ReturnType<typeof apiRoutes>;

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Builds the whole HTTP application: the JSON API under /api and the built client. */
export function createApp(services: AppServices) {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", async (c, next) => {
    const started = performance.now();
    c.set("services", services);
    await next();
    const status = c.res.status;
    const level = status >= 500 ? "error" : "debug";
    if (!isLogged(level)) return;
    log(level, "request", {
      method: c.req.method,
      path: maskTokensInPath(c.req.path),
      status,
      ms: Math.round(performance.now() - started),
    });
  });

  app.use(
    "*",
    secureHeaders({
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    }),
  );

  // Cross-site requests: JSON only (forms cannot send it without a CORS preflight we never
  // grant), and a foreign Origin is refused outright. Planner routes also check a CSRF token.
  app.use("/api/*", async (c, next) => {
    if (unsafeMethods.has(c.req.method)) {
      const origin = c.req.header("origin");
      const host = c.req.header("x-forwarded-host") ?? c.req.header("host") ?? new URL(c.req.url).host;
      if (origin && host && new URL(origin).host !== host) {
        throw new ApiError(403, "foreign_origin", {
          de: "Anfragen von fremden Seiten sind nicht erlaubt.",
          en: "Requests from other sites are not allowed.",
        });
      }
      const contentType = c.req.header("content-type") ?? "";
      const hasBody = c.req.header("content-length") !== "0" && c.req.header("content-length") !== undefined;
      if ((hasBody || contentType) && !contentType.startsWith("application/json")) {
        throw new ApiError(415, "json_required", {
          de: "Bitte senden Sie JSON (Content-Type: application/json).",
          en: "Please send JSON (Content-Type: application/json).",
        });
      }
    }
    await next();
  });

  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(413, "body_too_large", {
          de: `Die Anfrage ist zu groß (höchstens ${maxSize / 1024 / 1024} MB).`,
          en: `The request is too large (at most ${maxSize / 1024 / 1024} MB).`,
        });
      },
    });
  const defaultBodyLimit = limitBody(MAX_BODY_BYTES);
  const importBodyLimit = limitBody(MAX_IMPORT_BODY_BYTES);
  app.use("/api/*", (c, next) => (c.req.path.startsWith("/api/directory/import") ? importBodyLimit : defaultBodyLimit)(c, next));

  app.get("/api/health", (c) => c.json({ status: "ok", database: services.databaseKind }));
  app.route("/api", apiRoutes());
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Kanon API",
      version: "0.1.0",
      description:
        "Survey and online-stocktaking platform. Planner routes need the session cookie and, for changes, the X-CSRF-Token header from /api/auth/me.",
    },
  });
  app.route("/api/docs", apiDocs);
  app.all("/api/*", () => {
    throw new ApiError(404, "no_such_route", { de: "Diese Adresse gibt es nicht.", en: "No such API route." });
  });

  if (existsSync(path.join(clientDirectory, "index.html"))) {
    const indexHtml = readFileSync(path.join(clientDirectory, "index.html"), "utf8");
    app.use("/assets/*", serveStatic({ root: path.relative(process.cwd(), clientDirectory) || "." }));
    app.use("/assets/*", async (c, next) => {
      await next();
      c.header("Cache-Control", "public, max-age=31536000, immutable");
    });
    app.get("*", serveStatic({ root: path.relative(process.cwd(), clientDirectory) || "." }));
    app.get("*", (c) => {
      c.header("Cache-Control", "no-cache");
      return c.html(indexHtml);
    });
  } else {
    app.get("*", (c) =>
      c.text("The client is not built yet: run `npm run build` (npm start does this for you).", 503),
    );
  }

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toJSON(), error.status);
    if (error instanceof HTTPException) {
      const status = error.status;
      const malformed = status === 400;
      return c.json(
        new ApiError(status as never, malformed ? "malformed_request" : "http_error", {
          de: malformed ? "Die Anfrage ist kein gültiges JSON." : "Die Anfrage konnte nicht bearbeitet werden.",
          en: error.message || "The request could not be processed.",
        }).toJSON(),
        status,
      );
    }
    log("error", "unhandled error", {
      path: maskTokensInPath(c.req.path),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return c.json(
      new ApiError(500, "internal_error", {
        de: "Ein interner Fehler ist aufgetreten. Ihre Eingaben wurden nicht verworfen; bitte versuchen Sie es erneut.",
        en: "An internal error occurred. Nothing you entered was discarded; please try again.",
      }).toJSON(),
      500,
    );
  });

  return app;
}

export type App = ReturnType<typeof createApp>;

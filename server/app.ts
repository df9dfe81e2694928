import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serveStatic } from "@hono/node-server/serve-static";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { sql } from "kysely";
import { auditRoutes } from "./audit/routes.ts";
import { authRoutes } from "./auth/routes.ts";
import { canonRoutes } from "./canon/routes.ts";
import { isDataException, isDatabaseUnavailable } from "./db/connection.ts";
import { dataProtectionRoutes } from "./data-protection/routes.ts";
import { directoryRoutes } from "./directory/routes.ts";
import { exampleRoutes } from "./example/routes.ts";
import { exportRoutes } from "./exports/response-export-routes.ts";
import { gapRoutes } from "./gaps/gap-routes.ts";
import { ApiError } from "./lib/api-error.ts";
import { apiDocs } from "./lib/api-docs.ts";
import type { AppEnv, AppServices } from "./lib/context.ts";
import { isLogged, log, maskTokensInPath, scrub } from "./lib/logger.ts";
import { mailingRoutes } from "./mailing/routes.ts";
import { organisationRoutes } from "./organisation/routes.ts";
import { recipientRoutes } from "./recipients/routes.ts";
import { respondRoutes } from "./respond/routes.ts";
import { resultRoutes } from "./results/routes.ts";
import { networkViewRoutes } from "./sharing/network-view-routes.ts";
import { questionnaireImportRoutes } from "./questionnaire-import/routes.ts";
import { surveyRoutes } from "./surveys/routes.ts";
import { seriesRoutes } from "./waves/series-routes.ts";
import { trendRoutes } from "./waves/trend-routes.ts";

/** Largest JSON body the API accepts (a big answer document is ~100 KB). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Directory imports carry a spreadsheet as base64: up to 10 MB, on those routes only. */
export const MAX_IMPORT_BODY_BYTES = 10 * 1024 * 1024;

const clientDirectory = fileURLToPath(new URL("../dist/client/", import.meta.url));

function apiRoutes() {
  return new OpenAPIHono<AppEnv>()
    .route("/", authRoutes)
    .route("/", exampleRoutes)
    .route("/", organisationRoutes)
    .route("/", canonRoutes)
    .route("/", directoryRoutes)
    .route("/", questionnaireImportRoutes)
    .route("/", surveyRoutes)
    .route("/", recipientRoutes)
    .route("/", mailingRoutes)
    .route("/", respondRoutes)
    .route("/", exportRoutes)
    .route("/", resultRoutes)
    .route("/", seriesRoutes)
    .route("/", trendRoutes)
    .route("/", gapRoutes)
    .route("/", dataProtectionRoutes)
    .route("/", auditRoutes)
    .route("/", networkViewRoutes);
}

export type ApiRoutes = ReturnType<typeof apiRoutes>;

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** How long clients are asked to wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/** /api/health gives the database this long to answer `select 1`. */
const HEALTH_TIMEOUT_MS = 2_000;
/** JSON nested deeper than this is refused (answer documents are ~5 levels; SurveyJS files ~15). */
export const MAX_JSON_DEPTH = 100;

const databaseUnavailable = () =>
  new ApiError(503, "database_unavailable", {
    de: "Die Datenbank ist gerade nicht erreichbar. Ihre Eingaben wurden nicht gespeichert; bitte versuchen Sie es in einigen Sekunden erneut.",
    en: "The database cannot be reached right now. Nothing was saved; please try again in a few seconds.",
  });

const unstorableText = (where: { de: string; en: string }) =>
  new ApiError(400, "invalid_text", {
    de: `${where.de} enthält Zeichen, die nicht gespeichert werden können (Nullzeichen oder unvollständige Unicode-Zeichen).`,
    en: `${where.en} contains characters that cannot be stored (NUL or incomplete Unicode characters).`,
  });

/** NUL, or half of a UTF-16 surrogate pair: PostgreSQL stores neither in text or jsonb. */
const UNSTORABLE = /\u0000|\p{Cs}/u;

/**
 * What PostgreSQL would refuse deep inside a query (and so turn into a 500): NUL characters and
 * lone surrogates in any key or string, or nesting deeper than MAX_JSON_DEPTH. Walked without
 * recursion, so a hostile nesting depth cannot overflow the stack.
 */
function jsonProblem(value: unknown): "text" | "depth" | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === "string") {
      if (UNSTORABLE.test(current)) return "text";
    } else if (current !== null && typeof current === "object") {
      if (depth >= MAX_JSON_DEPTH) return "depth";
      if (Array.isArray(current)) {
        for (const entry of current) stack.push([entry, depth + 1]);
      } else {
        for (const [key, entry] of Object.entries(current)) {
          if (UNSTORABLE.test(key)) return "text";
          stack.push([entry, depth + 1]);
        }
      }
    }
  }
  return null;
}

/** `{kind, ok, latencyMs}` of a `select 1`, within HEALTH_TIMEOUT_MS. */
async function checkDatabase(services: AppServices) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      sql`select 1`.execute(services.db),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
      }),
    ]);
    return { kind: services.databaseKind, ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    const reason = error instanceof Error ? ((error as { code?: string }).code ?? error.message) : String(error);
    return { kind: services.databaseKind, ok: false, latencyMs: Math.round(performance.now() - started), error: scrub(reason).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

/** The mail worker's state for /api/health; its queue count needs the database, so it may fail on its own. */
async function checkMailWorker(services: AppServices) {
  const mode = services.devMailbox ? "dev mailbox" : "smtp";
  if (!services.mailStatus) return { state: "not running in this process", mode };
  const state = services.isStopping?.() ? "stopping" : "running";
  let timer: NodeJS.Timeout | undefined;
  try {
    const status = await Promise.race([
      services.mailStatus(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no answer")), HEALTH_TIMEOUT_MS);
      }),
    ]);
    return {
      state,
      mode,
      ...status,
      lastRoundAt: status.lastRoundAt?.toISOString() ?? null,
      lastError: status.lastError === null ? null : scrub(status.lastError).slice(0, 200),
    };
  } catch {
    return { state, mode, error: "status unavailable (database not reachable)" };
  }
}

/** Builds the whole HTTP application: the JSON API under /api and the built client. */
export function createApp(services: AppServices) {
  const app = new OpenAPIHono<AppEnv>();

  app.use("*", async (c, next) => {
    const started = performance.now();
    c.set("services", services);
    await next();
    const status = c.res.status;
    // 503: the database is away; worth a warning, and the outage itself is in the health check.
    const level = status === 503 ? "warn" : status >= 500 ? "error" : "debug";
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
      if (origin && host && originHost(origin) !== host) {
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
  app.use("/api/*", (c, next) => (c.req.path.startsWith("/api/directory/import") || c.req.path === "/api/surveys/import" ? importBodyLimit : defaultBodyLimit)(c, next));

  // Text PostgreSQL cannot store is refused here with 400, for every route at once, rather than
  // failing as a 500 wherever it reaches a query: in the path or query string, and in JSON bodies.
  app.use("/api/*", async (c, next) => {
    if (/%00/.test(c.req.url) || UNSTORABLE.test(c.req.path)) throw unstorableText({ de: "Die Adresse", en: "The address" });
    const contentType = c.req.header("content-type") ?? "";
    if (c.req.raw.body && /^application\/([\w.-]+\+)?json/i.test(contentType)) {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch (error) {
        if (error instanceof ApiError || error instanceof HTTPException) throw error;
        body = undefined; // malformed JSON: the route's validator answers it
      }
      const problem = jsonProblem(body);
      if (problem === "text") throw unstorableText({ de: "Die Anfrage", en: "The request" });
      if (problem === "depth") {
        throw new ApiError(400, "too_deeply_nested", {
          de: `Die Anfrage ist zu tief verschachtelt (höchstens ${MAX_JSON_DEPTH} Ebenen).`,
          en: `The request is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`,
        });
      }
    }
    await next();
  });

  // For load balancers and monitoring: 200 while this process can serve, 503 while its database
  // is unreachable or it is shutting down. No personal data, no secrets.
  app.get("/api/health", async (c) => {
    const [database, mail] = await Promise.all([checkDatabase(services), checkMailWorker(services)]);
    const stopping = services.isStopping?.() ?? false;
    const status = stopping ? "stopping" : database.ok ? "ok" : "degraded";
    c.header("Cache-Control", "no-store");
    if (!database.ok) c.header("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
    return c.json({ status, database, mail }, status === "ok" ? 200 : 503);
  });
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
    if (isDatabaseUnavailable(error)) {
      c.header("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
      c.header("Cache-Control", "no-store");
      return c.json(databaseUnavailable().toJSON(), 503);
    }
    if (isDataException(error)) {
      // A value the route's schema let through but the column cannot hold: the request's fault,
      // logged so that the schema gets the missing bound.
      log("warn", "value refused by the database", { method: c.req.method, path: maskTokensInPath(c.req.path), code: error.code });
      return c.json(
        new ApiError(400, "invalid_value", {
          de: "Ein Wert in der Anfrage liegt außerhalb des erlaubten Bereichs oder hat kein gültiges Format.",
          en: "A value in the request is out of range or not in a valid format.",
        }).toJSON(),
        400,
      );
    }
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
      method: c.req.method,
      path: maskTokensInPath(c.req.path),
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      // PostgreSQL's SQLSTATE, when it is one: enough to find the cause without the data.
      ...(typeof (error as { code?: unknown }).code === "string" ? { code: (error as unknown as { code: string }).code } : {}),
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

/** The host of an Origin header; an unparsable one (e.g. `null` from a sandboxed frame) counts as foreign. */
function originHost(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "(invalid origin)";
  }
}

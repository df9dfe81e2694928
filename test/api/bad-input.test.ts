import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { structureInput } from "../../server/surveys/survey-schemas.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, signedIn, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Property tests over every route of the OpenAPI document (so a new route is fuzzed the day it
 * is added): random and malformed path parameters, query strings and JSON bodies, sent by a
 * signed-in planner (with CSRF token) and by a stranger. Whatever comes in, the answer is never
 * a 5xx, every error is JSON with a message and no stack trace, and afterwards the database
 * holds no corrupt record and Object.prototype is untouched.
 *
 * FUZZ_RUNS sets the runs per route, doubled for routes with parameters or a body (default 20:
 * about 3,500 requests per database, each run with a new seed); FUZZ_SEED replays a run (fast-check prints the
 * seed and path of a failing case).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

interface Operation {
  parameters?: { name: string; in: "path" | "query" | "header" | "cookie"; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Strings that have broken web apps before: markup, SQL, formulas, traversal, control and odd Unicode. */
const NASTY_STRINGS = [
  "",
  " ",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "'; drop table surveys; --",
  "' or '1'='1",
  '=HYPERLINK("http://evil","x")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "../../../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "😀👩‍👩‍👧",
  "ÄÖÜäöüß",
  "{{link}}{{constructor}}{{__proto__}}",
  "${7*7}",
  "__proto__",
  "constructor",
  "prototype",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9999-99-99",
  "2026-02-30",
  "0000-00-00T00:00:00Z",
  "anna@",
  "@kita.de",
  "a@b",
  "Name <a@b.de>, x; y\tz",
  "\r\n\r\nX-Injected: 1",
  "x".repeat(300),
  "ü".repeat(5_000),
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.nat({ max: 200_000 }).map((length) => "x".repeat(length)) },
);

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 0.5, 1e-300),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, with nasty strings in it. */
const anyJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(nastyString, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** JSON text a JavaScript object literal cannot produce: keys that would set prototypes, deep nesting, bad escapes. */
const rawJsonTexts = fc.oneof(
  fc.constantFrom(
    '{"__proto__": {"polluted": "yes", "isAdmin": true}}',
    '{"constructor": {"prototype": {"polluted": "yes"}}}',
    '{"answers": {"__proto__": {"polluted": "yes"}}, "baseRevision": 0}',
    '{"title": "x", "__proto__": {"role": "admin"}}',
    '{"title": "a\\u0000b"}',
    '{"title": "\\ud800"}',
    '{"answers": {"q\\u0000": 1}, "baseRevision": 0}',
    '{"a": 1, "a": 2}',
    "",
    "null",
    "[]",
    '"just a string"',
    "42",
    "{",
    "{]",
    '{"title": "x"',
    "\ufeff{}",
    "{'single': 'quotes'}",
    '{"title": NaN}',
    '{"title": Infinity}',
    "\u0000",
  ),
  fc.integer({ min: 50, max: 5_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 50, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth)),
  fc.integer({ min: 50, max: 3_000 }).map((depth) => `{"answers": ${'{"a":'.repeat(depth)}1${"}".repeat(depth)}, "baseRevision": 0}`),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);

/** Bytes that are not UTF-8 at all (overlong forms, lone surrogates, stray continuation bytes), inside JSON strings and keys or alone. */
const invalidUtf8Bodies = fc.oneof(
  fc.constantFrom([0xff, 0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]).chain((bad) =>
    fc.constantFrom(
      Buffer.concat([Buffer.from('{"title":"a'), Buffer.from(bad), Buffer.from('b"}')]),
      Buffer.concat([Buffer.from('{"answers":{"'), Buffer.from(bad), Buffer.from('":"x"},"baseRevision":0}')]),
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bad), Buffer.from('","email":"a@b.de","password":"x"}')]),
      Buffer.from(bad),
    ),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 128 }).map((bytes) => Buffer.from(bytes)),
);

/** encodeURIComponent, except that lone surrogates (which it refuses) go out as the invalid UTF-8 of one. */
function encode(text: string): string {
  return text
    .split(/(\p{Cs})/u)
    .map((part) => (/^\p{Cs}$/u.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
}

function resolve(schema: JsonSchema | undefined, document: OpenApiDocument): JsonSchema {
  if (schema?.$ref) return resolve(document.components?.schemas?.[schema.$ref.split("/").pop()!], document);
  return schema ?? {};
}

/** Values shaped like the schema (right keys, mostly right types) with hostile content, so validation is passed often enough to reach the handlers. */
function shapedLike(schema: JsonSchema | undefined, document: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, document);
  if (depth > 6) return anyJson;
  const alternatives = resolved.anyOf ?? resolved.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => shapedLike(alternative, document, depth + 1)));
  if (resolved.allOf) return shapedLike(Object.assign({}, ...resolved.allOf.map((part) => resolve(part, document))), document, depth + 1);
  if (resolved.const !== undefined) return fc.constant(resolved.const);
  if (resolved.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...resolved.enum) }, { weight: 1, arbitrary: nastyString });
  const types = Array.isArray(resolved.type) ? resolved.type : resolved.type ? [resolved.type] : [];
  const byType = types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case "string":
        if (resolved.format === "uuid") return fc.oneof(fc.uuid(), nastyString);
        if (resolved.format === "email") return fc.oneof(fc.emailAddress(), nastyString);
        if (resolved.format === "date" || resolved.format === "date-time") return fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, resolved.format === "date" ? 10 : 24)), nastyString);
        return nastyString;
      case "integer":
        return fc.oneof(fc.integer({ min: resolved.minimum ?? -10, max: Math.min(resolved.maximum ?? 1000, 1000) }), nastyNumber);
      case "number":
        return nastyNumber;
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return fc.array(shapedLike(resolved.items, document, depth + 1), { maxLength: 4 });
      case "object": {
        const properties = resolved.properties ?? {};
        const keys = Object.keys(properties);
        if (keys.length === 0) return fc.dictionary(nastyString, anyJson, { maxKeys: 4 });
        return fc.record(Object.fromEntries(keys.map((key) => [key, shapedLike(properties[key], document, depth + 1)])), {
          requiredKeys: (resolved.required ?? []).filter((key) => keys.includes(key)),
        });
      }
      default:
        return anyJson;
    }
  });
  return byType.length === 0 ? anyJson : fc.oneof(...byType);
}

/** One property of a shaped value replaced by a value of another type. */
function withWrongType(schema: JsonSchema | undefined, document: OpenApiDocument): fc.Arbitrary<unknown> {
  return fc.tuple(shapedLike(schema, document), anyJson, fc.nat()).map(([value, wrong, pick]) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return wrong;
    const keys = Object.keys(value);
    if (keys.length === 0) return { ...value, extra: wrong };
    return { ...value, [keys[pick % keys.length]!]: wrong };
  });
}

/** A body as text: shaped, wrongly typed, any JSON, or raw text JSON.stringify cannot make. */
function bodyText(schema: JsonSchema | undefined, document: OpenApiDocument): fc.Arbitrary<string | Buffer | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: invalidUtf8Bodies },
    { weight: 4, arbitrary: shapedLike(schema, document).map((value) => JSON.stringify(value)) },
    { weight: 3, arbitrary: withWrongType(schema, document).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: anyJson.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: rawJsonTexts },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Path parameters: the real resource (so handlers run), other uuids, and hostile text, percent-encoded or raw. */
function pathValue(real: string | undefined): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(real ?? "00000000-0000-4000-8000-000000000000") },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: nastyString.filter((text) => text.length < 5_000).map((text) => encode(text)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("%00", "..", "%2e%2e%2f%2e%2e%2f", "..%2F..%2Fapi%2Fsetup", "%ZZ", "%", "%C0%AF", "%ED%A0%80", "a".repeat(5_000), "%F0%9F%98%80", ";", "*"),
    },
  );
}

function queryString(parameters: Operation["parameters"], document: OpenApiDocument): fc.Arbitrary<string> {
  const names = (parameters ?? []).filter((parameter) => parameter.in === "query");
  const known = names.map((parameter) =>
    fc.tuple(fc.constant(parameter.name), fc.oneof(shapedLike(parameter.schema, document).map((value) => (typeof value === "string" ? value : JSON.stringify(value))), nastyString)),
  );
  const pair = fc.oneof(...(known.length > 0 ? known : []), fc.tuple(nastyString, nastyString));
  return fc.oneof(
    fc.constant(""),
    fc.array(pair, { maxLength: 5 }).map((pairs) => `?${pairs.map(([key, value]) => `${encode(key)}=${encode(String(value).slice(0, 3_000))}`).join("&")}`),
    fc.constantFrom("?%00=%00", "?q=%ZZ", "?page=-1&page=2&page=x", "?limit=99999999999999999999", "?__proto__[polluted]=yes", "?constructor[prototype][polluted]=yes", "?a[]=1&a[]=2", "?" + "x=1&".repeat(2_000)),
  );
}

describeEachDatabase("bad input on every route", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let credentials: { email: string; password: string };
  let document: OpenApiDocument;
  const resources: Record<string, string> = {};
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner, ...credentials } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    const survey = await planner.json("POST", "/api/surveys", { title: "Entwurf" }, 201);
    await planner.json("PATCH", `/api/surveys/${survey.id}`, { items: [{ itemId: "network.sphere", version: 1 }] });
    resources.id = survey.id;
    resources.templateId = (await planner.json("POST", "/api/templates", { surveyId: survey.id, name: "Vorlage" }, 201)).id;
    resources.itemId = (
      await planner.json(
        "POST",
        "/api/canon/items",
        {
          questionnaire: "network",
          tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
          help: { de: "Hilfe", en: "Help" },
          personalDataWarning: false,
          element: { type: "boolean", name: "x", title: { de: "Eigene Frage?", en: "Own question?" } },
        },
        201,
      )
    ).itemId;
    resources.districtId = (await planner.json("POST", "/api/directory/districts", { name: "Vohwinkel" }, 201)).id;
    const member = await planner.json("POST", "/api/directory/entries", { kind: "institution", name: "Kita Vohwinkel", districtId: resources.districtId, emails: ["kita@vohwinkel.de"] }, 201);
    resources.entryId = (await planner.json("POST", "/api/directory/entries", { kind: "network", name: "STK Vohwinkel", memberIds: [member.id] }, 201)).id;

    const open = await planner.json("POST", "/api/surveys", { title: "Offen" }, 201);
    await planner.json("PATCH", `/api/surveys/${open.id}`, {
      items: [
        { itemId: "network.sphere", version: 1 },
        { itemId: "network.name", version: 1 },
      ],
      closingDate: "2099-12-31",
    });
    await planner.json("POST", `/api/surveys/${open.id}/open`);
    resources.openId = open.id;
    await planner.json("POST", `/api/surveys/${open.id}/invitations`, { recipients: [{ email: "leitung@kita-a.de", name: "Leitung" }] });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    resources.token = tokenFromMail(mails[0].text);
    resources.invitationId = (await planner.json("GET", `/api/surveys/${open.id}/invitations`)).invitations[0].id;
    const later = new Date(Date.now() + 3_600_000).toISOString();
    resources.mailingId = (await planner.json("POST", `/api/surveys/${open.id}/invitations`, { recipients: [{ email: "spaeter@kita-b.de", name: "" }], scheduledAt: later })).mailingId;
    resources.ruleId = (await planner.json("POST", `/api/surveys/${open.id}/reminders`, { audience: ["not_opened"], scheduledAt: later })).ruleId;
    const colleague = await testApp.request("POST", `/api/r/${resources.token}/colleague-links`, { label: "Kollegin" });
    resources.linkId = ((await colleague.json()) as { id: string }).id;
    document = (await (await testApp.request("GET", "/api/openapi.json")).json()) as OpenApiDocument;
  });
  afterAll(() => testApp.close());

  /** The real value for a path parameter, so that handlers behind the validation run too. */
  function realValue(path: string, name: string): string | undefined {
    switch (name) {
      case "token":
        return path.startsWith("/api/team/") ? undefined : resources.token;
      case "itemId":
        return encodeURIComponent(resources.itemId!);
      case "kind":
        return "invitation";
      case "id":
        if (path.startsWith("/api/templates/")) return resources.templateId;
        if (path.startsWith("/api/directory/districts/")) return resources.districtId;
        if (path.startsWith("/api/directory/entries/")) return resources.entryId;
        return /\{(invitationId|mailingId|ruleId|kind)\}/.test(path) ? resources.openId : resources[Math.random() < 0.5 ? "id" : "openId"];
      default:
        return resources[name];
    }
  }

  /** Sends one request and checks the answer; returns a description for the failure message. */
  async function probe(method: string, path: string, body: string | Buffer | undefined, caller: "planner" | "stranger", contentType?: string) {
    const headers: Record<string, string> = caller === "planner" ? { cookie: planner.cookie, "x-csrf-token": planner.csrfToken } : {};
    if (body !== undefined) headers["content-type"] = contentType ?? "application/json";
    const response = await testApp.app.request(`http://kanon.test${path}`, { method, headers, ...(body === undefined ? {} : { body: typeof body === "string" ? body : new Uint8Array(body) }) });
    const text = await response.text();
    const shown = body === undefined ? "no body" : typeof body === "string" ? JSON.stringify(body.slice(0, 300)) : `bytes ${body.subarray(0, 100).toString("hex")}`;
    const what = `${method} ${path.slice(0, 300)} as ${caller} with ${shown} → ${response.status} ${text.slice(0, 300)}`;
    expect(response.status, what).toBeLessThan(500);
    expect(text, what).not.toMatch(/at [^\n]*\.(ts|js):\d+/);
    if (response.status >= 400) {
      const payload = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; messageDe?: unknown } };
      expect(typeof payload.error?.message, what).toBe("string");
      expect(typeof payload.error?.messageDe, what).toBe("string");
      expect(typeof payload.error?.code, what).toBe("string");
    }
    return response.status;
  }

  it("does not let one respondent's out-of-range save fail another's save written in the same batch", async () => {
    const { id } = await planner.json("POST", "/api/surveys", { title: "Sammelspeicherung" }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.name", version: 1 }] });
    await planner.json("POST", `/api/surveys/${id}/open`);
    const addresses = ["ehrlich@kita-c.de", "boese@kita-d.de"];
    await planner.json("POST", `/api/surveys/${id}/invitations`, { recipients: addresses.map((email) => ({ email, name: "" })) });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    const [honest, hostile] = addresses.map((address) => tokenFromMail(mails.find((mail: { to: string }) => mail.to.includes(address)).text));
    const save = (token: string, body: unknown) => testApp.request("PUT", `/api/r/${token}/draft`, body);
    let revision = 0;
    for (let round = 0; round < 3; round++) {
      // Autosaves arriving together are written in one statement: the hostile one must not take the honest one down.
      const [good, bad] = await Promise.all([
        save(honest!, { answers: { "network.name": `Runde ${round}` }, baseRevision: revision }),
        save(hostile!, { answers: { "network.name": "x" }, baseRevision: 2 ** 31 }),
      ]);
      expect(bad.status).toBe(400);
      expect(good.status, `round ${round}: ${await good.clone().text()}`).toBe(200);
      revision = ((await good.json()) as { revision: number }).revision;
    }
  });

  it("never answers 5xx, always JSON errors with a message, whatever the path, query and body", { timeout: 600_000 }, async () => {
    const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(70);
    // Deleting and signing out go last, so the other routes still find the resources and the session.
    const destructive = (method: string, path: string) => method === "DELETE" || path === "/api/auth/logout";
    operations.sort((a, b) => Number(destructive(a.method, a.path)) - Number(destructive(b.method, b.path)));
    const statuses = new Map<number, number>();
    let requests = 0;

    for (const { path, method, operation } of operations) {
      const parameterNames = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      const bodySchema = operation.requestBody?.content["application/json"]?.schema;
      const hasBody = method !== "GET" && method !== "DELETE";
      const request = fc.record({
        values: fc.tuple(...parameterNames.map((name) => pathValue(realValue(path, name)))),
        query: queryString(operation.parameters, document),
        body: hasBody ? bodyText(bodySchema, document) : fc.constant(undefined),
        caller: fc.constantFrom("planner" as const, "stranger" as const),
        contentType: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded") }),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ values, query, body, caller, contentType }) => {
          let concrete = path;
          parameterNames.forEach((name, index) => {
            concrete = concrete.replace(`{${name}}`, values[index]!);
          });
          // The signed-out run of logout must not end the planner's session; a signed-in one is replaced.
          const status = await probe(method, `${concrete}${query}`, body, caller, contentType);
          requests++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (path === "/api/auth/logout" && caller === "planner" && status < 300) {
            planner = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", credentials));
          }
        }),
        { numRuns: RUNS * (parameterNames.length > 0 || hasBody ? 2 : 1), seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
      );
    }
    console.info(`[bad-input ${kind}] ${requests} requests over ${operations.length} routes; statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("leaves no corrupt record behind", async () => {
    const { db } = testApp.database;
    const surveys = await db.selectFrom("surveys").select(["id", "title", "structure", "definition", "status", "closing_date"]).execute();
    expect(surveys.length).toBeGreaterThan(0);
    for (const survey of surveys) {
      expect(structureInput.safeParse(survey.structure).success, `survey ${survey.id} structure ${JSON.stringify(survey.structure).slice(0, 300)}`).toBe(true);
      expect(survey.title.trim().length, `survey ${survey.id} has an empty title`).toBeGreaterThan(0);
      expect(["draft", "open", "closed"]).toContain(survey.status);
      if (survey.status !== "draft") expect(Array.isArray((survey.definition as { pages?: unknown })?.pages), `open survey ${survey.id} has no definition`).toBe(true);
      if (survey.closing_date !== null) expect(survey.closing_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const responseShapes = await sql<{ id: string; answers: string; revisions: string; revision: number }>`
      select id, jsonb_typeof(answers) as answers, jsonb_typeof(answer_revisions) as revisions, revision from responses`.execute(db);
    for (const row of responseShapes.rows) {
      expect(row, `response ${row.id}`).toMatchObject({ answers: "object", revisions: "object" });
      expect(row.revision).toBeGreaterThanOrEqual(1);
    }
    const submissions = await sql<{ kind: string }>`select jsonb_typeof(answers) as kind from response_submissions`.execute(db);
    for (const row of submissions.rows) expect(row.kind).toBe("object");
    const email = z.email();
    for (const invitation of await db.selectFrom("invitations").select(["email"]).execute()) expect(email.safeParse(invitation.email).success, invitation.email).toBe(true);
    for (const mail of await db.selectFrom("mail_outbox").select(["to_address"]).execute()) {
      const address = /<([^<>]+)>$/.exec(mail.to_address)?.[1] ?? mail.to_address;
      expect(email.safeParse(address).success, mail.to_address).toBe(true);
    }
    for (const user of await db.selectFrom("users").select(["email"]).execute()) expect(email.safeParse(user.email).success, user.email).toBe(true);
    const items = await db.selectFrom("canon_items").select(["item_id", "element", "tags", "help"]).where("organisation_id", "is not", null).execute();
    for (const item of items) {
      expect(typeof item.element.type, `item ${item.item_id}`).toBe("string");
      const tagList = (list: unknown) => list === "all" || Array.isArray(list);
      expect(tagList(item.tags.lifePhases) && tagList(item.tags.fieldsOfAction) && Array.isArray(item.tags.topics), `item ${item.item_id} tags`).toBe(true);
      expect(typeof item.help.de === "string" && typeof item.help.en === "string", `item ${item.item_id} help`).toBe(true);
    }
    for (const entry of await db.selectFrom("directory_entries").selectAll().execute()) {
      expect(["institution", "network"]).toContain(entry.kind);
      expect(String(entry.name).trim().length).toBeGreaterThan(0);
    }
    for (const organisation of await db.selectFrom("organisations").select(["min_cell_size"]).execute()) {
      expect(organisation.min_cell_size).toBeGreaterThanOrEqual(3);
      expect(organisation.min_cell_size).toBeLessThanOrEqual(10);
    }
    // The planner and the respondent link still work after all of it.
    expect((await testApp.request("POST", "/api/auth/login", credentials)).status).toBe(200);
    expect((await testApp.request("GET", "/api/health")).status).toBe(200);
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../server/app.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

describeEachDatabase("health, API description and bad input", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
  });
  afterAll(() => testApp.close());

  it("reports health and the database in use", async () => {
    const response = await testApp.request("GET", "/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { kind, ok: true }, mail: expect.any(Object) });
  });

  it("describes the API as OpenAPI 3.1 generated from the validating schemas", async () => {
    const document = (await (await testApp.request("GET", "/api/openapi.json")).json()) as any;
    expect(document.openapi).toBe("3.1.0");
    for (const path of ["/api/setup", "/api/surveys", "/api/surveys/{id}/invitations", "/api/r/{token}/draft", "/api/surveys/{id}/results"]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    const setupBody = document.paths["/api/setup"].post.requestBody.content["application/json"].schema;
    expect(setupBody.required).toEqual(expect.arrayContaining(["organisationName", "email", "password"]));
    const docs = await testApp.request("GET", "/api/docs");
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("swagger-ui-bundle.js");
    expect((await testApp.request("GET", "/api/docs/swagger-ui-bundle.js")).status).toBe(200);
  });

  it("answers malformed JSON with 400 and a message", async () => {
    const response = await planner.request("POST", "/api/surveys", "{ this is not json");
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.error.code).toBe("malformed_request");
    expect(body.error.messageDe).toMatch(/JSON/);
  });

  it("answers a body that fails validation with 400 naming the field", async () => {
    const response = await planner.request("POST", "/api/surveys", { title: 42 });
    expect(response.status).toBe(400);
    const body = (await response.json()) as any;
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details[0].path).toBe("title");
  });

  it("refuses a body over the size limit with 413 and keeps what was saved", async () => {
    const { id } = await planner.json("POST", "/api/surveys", { title: "Bestand" }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { intro: "Willkommen" });
    const huge = { intro: "x".repeat(MAX_BODY_BYTES + 10) };
    const response = await planner.request("PATCH", `/api/surveys/${id}`, huge);
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).error.code).toBe("body_too_large");
    const survey = await planner.json("GET", `/api/surveys/${id}`);
    expect(survey.intro).toBe("Willkommen");
  });

  it("refuses non-JSON bodies on state-changing requests (no form-based CSRF)", async () => {
    const response = await planner.request("POST", "/api/surveys", "title=x");
    const formResponse = await testApp.request("POST", "/api/auth/login", "email=a&password=b", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(formResponse.status).toBe(415);
    expect(response.status).toBe(400);
  });

  it("refuses requests from a foreign origin", async () => {
    const response = await testApp.request("POST", "/api/auth/login", { email: "a@b.de", password: "x" }, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as any).error.code).toBe("foreign_origin");
  });

  it("answers unknown API routes and ids with 404 JSON, never a stack trace", async () => {
    const unknownRoute = await planner.request("GET", "/api/nothing-here");
    expect(unknownRoute.status).toBe(404);
    expect(((await unknownRoute.json()) as any).error.code).toBe("no_such_route");
    const unknownSurvey = await planner.request("GET", "/api/surveys/00000000-0000-4000-8000-000000000000");
    expect(unknownSurvey.status).toBe(404);
    const badId = await planner.request("GET", "/api/surveys/not-a-uuid");
    expect(badId.status).toBe(400);
    expect(await badId.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it("sets security headers", async () => {
    const response = await testApp.request("GET", "/api/health");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

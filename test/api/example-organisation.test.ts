import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { organisationRowCounts } from "../support/example-dump.ts";
import { addOrganisation, createTestApp, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * "Explore an example municipality" through the API: the first-run setup creates Musterstadt and
 * signs its planner in, the credentials it shows work, results, gap matrix, trend and network
 * views answer with data, a planner's own share link works on the example, and "delete example"
 * removes every row of it (and nothing of another organisation), after which the setup can run again.
 */
type Json = Record<string, any>;

describeEachDatabase("example organisation", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let setup: Json;
  let surveys: Json[];

  const surveyTitled = (prefix: string) => surveys.find((survey) => survey.title.startsWith(prefix))!;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    const response = await testApp.request("POST", "/api/setup/example");
    setup = (await response.clone().json()) as Json;
    expect(response.status, JSON.stringify(setup).slice(0, 500)).toBe(200);
    planner = await signedIn(testApp, response);
    surveys = (await planner.json("GET", "/api/surveys")).surveys;
  }, 120_000);
  afterAll(() => testApp?.close());

  it("creates the example on a fresh installation, signs its planner in and shows the credentials once", async () => {
    expect(setup.organisation).toMatchObject({ name: "Musterstadt (Beispiel)", isExample: true });
    expect(setup.user).toMatchObject({ email: "planung@musterstadt.example", role: "admin" });
    expect(setup.example.account.email).toBe("planung@musterstadt.example");
    expect(setup.example.account.password).toMatch(/^musterstadt-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(setup.example.counts).toMatchObject({ districts: 8, networks: 15 });
    expect(setup.example.networkViews).toHaveLength(3);
    for (const view of setup.example.networkViews) expect(view.url).toMatch(/^http:\/\/kanon\.test\/n\/[A-Za-z0-9_-]{43}$/);
    expect(await planner.json("GET", "/api/auth/me")).toMatchObject({ organisation: { isExample: true } });

    // Setup is done now: neither way in runs again.
    expect((await (await testApp.request("GET", "/api/setup")).json()) as Json).toEqual({ needed: false });
    const again = await testApp.request("POST", "/api/setup/example");
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).error.code).toBe("setup_done");
    const setupAgain = await testApp.request("POST", "/api/setup", { organisationName: "Stadt X", name: "X", email: "x@x.de", password: "langes-passwort" });
    expect(setupAgain.status).toBe(409);
  });

  it("lets the shown credentials sign in", async () => {
    const login = await testApp.request("POST", "/api/auth/login", { email: setup.example.account.email, password: setup.example.account.password });
    expect(login.status).toBe(200);
    expect(((await login.json()) as Json).organisation).toMatchObject({ isExample: true });
    const wrong = await testApp.request("POST", "/api/auth/login", { email: setup.example.account.email, password: "musterstadt-falsch" });
    expect(wrong.status).toBe(401);
  });

  it("has the directory and four surveys: two waves of the stocktaking, the network analysis and a member survey", async () => {
    const { districts } = await planner.json("GET", "/api/directory/districts");
    expect(districts).toHaveLength(8);
    const facets = await planner.json("GET", "/api/directory/facets");
    expect(facets.counts.institution).toBeGreaterThanOrEqual(110);
    expect(facets.counts.network).toBe(15);
    expect(surveys.map((survey) => [survey.title.replace(/\d{4}$/, "YYYY"), survey.status]).sort()).toEqual(
      [
        ["Bestandsaufnahme Angebote YYYY", "closed"],
        ["Bestandsaufnahme Angebote YYYY", "open"],
        ["Mitgliederbefragung Netzwerk Frühe Hilfen Musterstadt YYYY", "open"],
        ["Netzwerkanalyse Stadtteilkonferenzen YYYY", "open"],
      ].sort(),
    );
    const running = surveys.find((survey) => survey.title.startsWith("Bestandsaufnahme") && survey.status === "open")!;
    expect(running.counts.failed).toBe(3);
    expect(running.counts.draft).toBeGreaterThan(0);
    expect(running.counts.submitted).toBeGreaterThan(30);
    expect(running.counts.opened).toBeGreaterThan(running.counts.draft + running.counts.submitted);
    const { invitations } = await planner.json("GET", `/api/surveys/${running.id}/invitations`);
    expect(new Set(invitations.map((invitation: Json) => invitation.status))).toEqual(new Set(["sent", "failed", "opened", "draft", "submitted"]));
    expect(invitations.find((invitation: Json) => invitation.status === "failed").failureReason).toMatch(/^55\d /);
  });

  it("answers results of every survey with data", async () => {
    for (const survey of surveys) {
      const results = await planner.json("GET", `/api/surveys/${survey.id}/results`);
      expect(results.counts.submitted, survey.title).toBeGreaterThan(0);
      expect(results.questions.length, survey.title).toBeGreaterThan(5);
    }
  });

  it("answers the gap matrix of both waves with gaps and possible over-supply", async () => {
    for (const survey of surveys.filter((candidate) => candidate.title.startsWith("Bestandsaufnahme"))) {
      const matrix = await planner.json("GET", `/api/surveys/${survey.id}/gap-matrix`);
      expect(matrix.available).toBe(true);
      const flags = matrix.rows.flatMap((row: Json) => row.cells.map((cell: Json) => cell.flag));
      expect(flags).toContain("gap");
      expect(flags).toContain("over_supply");
      const district = matrix.rows.find((row: Json) => row.name === "Nordstadt");
      const offers = await planner.json("GET", `/api/surveys/${survey.id}/gap-matrix/offers?district=${district.districtId}&lifePhase=early_childhood`);
      expect(offers.total).toBeGreaterThan(0);
      expect(offers.offers[0].institution).toBeTruthy();
    }
  });

  it("answers the trend across the two waves", async () => {
    const trend = await planner.json("GET", `/api/surveys/${surveyTitled("Bestandsaufnahme").id}/trend`);
    expect(trend.inSeries).toBe(true);
    expect(trend.series.name).toBe("Bestandsaufnahme Angebote");
    expect(trend.waves).toHaveLength(2);
    expect(trend.waves.every((wave: Json) => wave.respondents > 30)).toBe(true);
    const access = trend.questions.find((question: Json) => question.canonId === "actor.access_mode");
    expect(access.waves.every((wave: Json) => wave.comparable && wave.n > 30)).toBe(true);
  });

  it("opens the network views of the links it showed, and lists them with the survey", async () => {
    for (const view of setup.example.networkViews) {
      const response = await testApp.request("GET", new URL(view.url).pathname.replace(/^\/n\//, "/api/n/"));
      const content = (await response.json()) as Json;
      expect(response.status, view.url).toBe(200);
      expect(content).toMatchObject({ organisationName: "Musterstadt (Beispiel)", networkName: view.networkName, mode: view.mode });
      expect(content.respondents, view.networkName).toBeGreaterThan(0);
      expect(content.results.questions.length).toBeGreaterThan(0);
      const { views } = await planner.json("GET", `/api/surveys/${view.surveyId}/network-views`);
      expect(views.map((listed: Json) => listed.networkName)).toContain(view.networkName);
    }
  });

  it("lets the planner make a share link on the example as anywhere else", async () => {
    const survey = surveyTitled("Mitgliederbefragung");
    const { entries } = await planner.json("POST", "/api/directory/search", { filter: { kind: "network", search: "Frühe Hilfen" }, limit: 5 });
    const created = await planner.json("POST", `/api/surveys/${survey.id}/network-views`, { networkId: entries[0].id, mode: "members" }, 201);
    const view = await testApp.request("GET", `/api/n/${created.url.split("/n/")[1]}`);
    expect(view.status).toBe(200);
  });

  it("refuses the one-step deletion to organisations that are not the example", async () => {
    const { planner: other } = await addOrganisation(testApp, "Stadt Witten");
    const refused = await other.request("DELETE", "/api/example");
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Json).error.code).toBe("not_example");
    expect((await other.json("GET", "/api/auth/me")).organisation).toMatchObject({ name: "Stadt Witten", isExample: false });
  });

  it("deletes the example in one step: every row of it is gone, other organisations keep theirs, and the setup can run again", async () => {
    const { db } = testApp.database;
    const before = await organisationRowCounts(db, planner.organisationId);
    // The example has rows in every table a year of survey work fills.
    for (const table of ["organisations", "users", "sessions", "districts", "directory_entries", "network_members", "surveys", "survey_series", "invitations", "invitation_links", "mailings", "mail_outbox", "responses", "response_submissions", "network_views", "audit_log", "directory_versions", "survey_data_versions"]) {
      expect(before[table], table).toBeGreaterThan(0);
    }
    const witten = (await db.selectFrom("organisations").select("id").where("name", "=", "Stadt Witten").executeTakeFirstOrThrow()).id;
    const wittenBefore = await organisationRowCounts(db, witten);

    const response = await planner.request("DELETE", "/api/example");
    const body = (await response.json()) as Json;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.deleted.surveys).toBe(4);
    expect(body.setupNeeded).toBe(false);
    expect(response.headers.get("set-cookie")).toMatch(/kanon_session=;/);

    const after = await organisationRowCounts(db, planner.organisationId);
    expect(Object.entries(after).filter(([, count]) => count !== 0)).toEqual([]);
    expect(await organisationRowCounts(db, witten)).toEqual(wittenBefore);
    expect((await planner.request("GET", "/api/auth/me")).status).toBe(401);
    const login = await testApp.request("POST", "/api/auth/login", { email: setup.example.account.email, password: setup.example.account.password });
    expect(login.status).toBe(401);
    for (const view of setup.example.networkViews) {
      expect((await testApp.request("GET", new URL(view.url).pathname.replace(/^\/n\//, "/api/n/"))).status).toBe(404);
    }

    // With no organisation left, the first-run setup is offered again, the example included.
    await db.deleteFrom("organisations").where("id", "=", witten).execute();
    expect((await (await testApp.request("GET", "/api/setup")).json()) as Json).toEqual({ needed: true });
    const second = await testApp.request("POST", "/api/setup/example");
    expect(second.status).toBe(200);
    const secondPlanner = await signedIn(testApp, second);
    const removed = await secondPlanner.json("DELETE", "/api/example");
    expect(removed.setupNeeded).toBe(true);
  }, 120_000);
});

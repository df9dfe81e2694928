import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { openTwoQuestionSurvey } from "../support/scenes.ts";

/**
 * Pattern checks (SurveyJS `regex` validators) never stall the server: a pattern that could
 * backtrack without end (`(a+)+$`) is refused where planners write questions (own canon items;
 * imports drop it with a note), and one stored before is never run by the server's own check on
 * submit, so a respondent's "aaaa…!" cannot stop the server answering everyone else.
 */
const EVIL = "(a+)+$";

describeEachDatabase("pattern checks that could stall", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Hamm"));
  });
  afterAll(() => testApp.close());

  it("refuses an own question with a backtracking pattern, and takes a safe one", async () => {
    const item = (regex: string) => ({
      questionnaire: "actor",
      tags: { lifePhases: "all", fieldsOfAction: "all", topics: [] },
      help: { de: "Fünfstellig.", en: "Five digits." },
      personalDataWarning: false,
      element: { type: "text", title: { de: "Postleitzahl", en: "Postcode" }, validators: [{ type: "regex", regex, text: { de: "Fünf Ziffern", en: "Five digits" } }] },
    });
    const refused = await planner.request("POST", "/api/canon/items", item(EVIL));
    expect(refused.status).toBe(400);
    const { error } = await refused.json();
    expect(error.code, JSON.stringify(error)).toBe("invalid_element");
    expect(error.messageDe).toContain("could backtrack without end");
    const taken = await planner.request("POST", "/api/canon/items", item("^[0-9]{5}$"));
    expect(taken.status, await taken.clone().text()).toBe(201);
  });

  it("keeps answering while a submit meets a backtracking pattern stored before the check", { timeout: 120_000 }, async () => {
    const surveyId = await openTwoQuestionSurvey(planner, "Kontakte");
    // Written past the door, as an older Kanon could have stored it.
    await sql`update surveys set definition = jsonb_set(definition, '{pages,0,elements}',
      (definition #> '{pages,0,elements}') || ${JSON.stringify([{ type: "text", name: "kennung", validators: [{ type: "regex", regex: EVIL }] }])}::jsonb)
      where id = ${surveyId}`.execute(testApp.database.db);
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "stadtteil@hamm.de", name: "" }] });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    const token = tokenFromMail(mails.find((mail: { to: string }) => mail.to.includes("stadtteil@")).text);

    const healthTimes: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const started = performance.now();
        expect((await testApp.request("GET", "/api/health")).status).toBe(200);
        healthTimes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    // 2^40 steps for a backtracking engine: hours, if the server ran the pattern.
    const submitted = await testApp.request("POST", `/api/r/${token}/submit`, { answers: { kennung: `${"a".repeat(40)}!` }, baseRevision: 0 });
    polling = false;
    await poller;
    expect([200, 422]).toContain(submitted.status);
    expect(healthTimes.length).toBeGreaterThan(0);
    // Not a timing benchmark: a stall would be minutes; a busy machine is well under a second.
    expect(Math.max(...healthTimes)).toBeLessThan(2_000);
  });
});

import { afterAll, beforeAll, expect, it } from "vitest";
import { LINK_LOOKUP_LIMIT } from "../../server/respond/look-up-link.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invite, openSurvey } from "../support/scenes.ts";

const firefoxOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const chromeOnAndroid = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

describeEachDatabase("drafts that never lose an answer", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  const tokens: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    surveyId = await openSurvey(planner, {
      title: "Bestandsaufnahme Kitas",
      pages: [
        {
          id: "profil",
          title: null,
          elements: [
            { itemId: "actor.institution_name", version: 1, required: true },
            { itemId: "actor.provider_type", version: 1, required: false },
            { itemId: "actor.volunteers_involved", version: 1, required: false },
          ],
        },
        {
          id: "zahlen",
          title: null,
          elements: [
            { itemId: "actor.start_year", version: 1, required: false },
            { itemId: "actor.staff_languages", version: 1, required: true, visibleIf: "{actor.volunteers_involved} = true" },
          ],
        },
      ],
    });
    const addresses = ["kita-a@traeger.de", "kita-b@traeger.de", "kita-c@traeger.de"];
    const links = await invite(testApp, planner, surveyId, addresses);
    tokens.push(...addresses.map((address) => links[address]!));
  });
  afterAll(() => testApp.close());

  const put = (token: string, body: Record<string, unknown>, userAgent = firefoxOnWindows) =>
    testApp.request("PUT", `/api/r/${token}/draft`, { page: 0, ...body }, { "user-agent": userAgent });
  const stored = async (token: string) => (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;

  it("merges saves from two devices that changed different questions, and says from which device the last edit came", async () => {
    const token = tokens[0]!;
    expect((await put(token, { answers: { "actor.institution_name": "Kita Sonnenschein" }, baseRevision: 0 })).status).toBe(200);
    // Both devices now hold revision 1. The office PC changes the provider type ...
    const office = await put(token, { answers: { "actor.institution_name": "Kita Sonnenschein", "actor.provider_type": "frei" }, baseRevision: 1, changed: ["actor.provider_type"] });
    expect(((await office.json()) as any).revision).toBe(2);
    // ... and a colleague's phone, still on revision 1, adds the start year.
    const phone = await put(
      token,
      { answers: { "actor.institution_name": "Kita Sonnenschein", "actor.start_year": 1998 }, baseRevision: 1, changed: ["actor.start_year"] },
      chromeOnAndroid,
    );
    expect(phone.status).toBe(200);
    const merged = (await phone.json()) as any;
    expect(merged.revision).toBe(3);
    expect(merged.mergedAnswers).toEqual({ "actor.institution_name": "Kita Sonnenschein", "actor.provider_type": "frei", "actor.start_year": 1998 });
    const now = await stored(token);
    expect(now.answers).toEqual(merged.mergedAnswers);
    expect(now.lastDevice).toBe("Chrome · Android · Smartphone");
  });

  it("reports a question changed on both sides with both values, and stores the respondent's choice", async () => {
    const token = tokens[0]!;
    await put(token, { answers: { "actor.institution_name": "Kita Sonnenschein gGmbH", "actor.provider_type": "frei", "actor.start_year": 1998 }, baseRevision: 3, changed: ["actor.institution_name"] });
    const other = await put(token, { answers: { "actor.institution_name": "Kita Sonnenschein e. V.", "actor.provider_type": "frei", "actor.start_year": 1998 }, baseRevision: 3, changed: ["actor.institution_name"] }, chromeOnAndroid);
    expect(other.status).toBe(409);
    const conflict = ((await other.json()) as any).error;
    expect(conflict.code).toBe("answer_conflict");
    expect(conflict.details).toMatchObject({
      revision: 4,
      lastDevice: "Firefox · Windows",
      conflicts: [{ question: "actor.institution_name", yours: "Kita Sonnenschein e. V.", theirs: "Kita Sonnenschein gGmbH" }],
    });
    expect((await stored(token)).answers["actor.institution_name"]).toBe("Kita Sonnenschein gGmbH");

    const chosen = await put(token, { answers: { ...conflict.details.answers, "actor.institution_name": "Kita Sonnenschein e. V." }, baseRevision: 4 }, chromeOnAndroid);
    expect(chosen.status).toBe(200);
    expect((await stored(token)).answers["actor.institution_name"]).toBe("Kita Sonnenschein e. V.");
  });

  it("keeps the stored value where the respondent's copy was merely out of date", async () => {
    const token = tokens[1]!;
    await put(token, { answers: { "actor.institution_name": "Familienzentrum Nord" }, baseRevision: 0 });
    await put(token, { answers: { "actor.institution_name": "Familienzentrum Nord", "actor.start_year": 2005 }, baseRevision: 1, changed: ["actor.start_year"] });
    const stale = await put(token, { answers: { "actor.institution_name": "Familienzentrum Nord", "actor.provider_type": "oeffentlich" }, baseRevision: 1, changed: ["actor.provider_type"] });
    expect(stale.status).toBe(200);
    expect((await stored(token)).answers).toEqual({ "actor.institution_name": "Familienzentrum Nord", "actor.start_year": 2005, "actor.provider_type": "oeffentlich" });
  });

  it("validates a submission like the form does, in the respondent's language, and keeps the draft", async () => {
    const token = tokens[2]!;
    await put(token, { answers: { "actor.provider_type": "frei", "actor.volunteers_involved": true, "actor.start_year": 1800 }, baseRevision: 0 });
    const refused = await testApp.request("POST", `/api/r/${token}/submit`, {
      answers: { "actor.provider_type": "frei", "actor.volunteers_involved": true, "actor.start_year": 1800 },
      page: 1,
      baseRevision: 1,
    });
    expect(refused.status).toBe(422);
    const { error } = (await refused.json()) as any;
    expect(error.code).toBe("validation_failed");
    const byQuestion = Object.fromEntries(error.details.errors.map((entry: { question: string }) => [entry.question, entry]));
    expect(Object.keys(byQuestion).sort()).toEqual(["actor.institution_name", "actor.staff_languages", "actor.start_year"]);
    expect(byQuestion["actor.institution_name"]).toMatchObject({ page: 0, messages: ["Bitte beantworten Sie diese Frage."] });
    expect(byQuestion["actor.staff_languages"].page).toBe(1);
    expect(byQuestion["actor.start_year"].messages[0]).toMatch(/1900/);

    const english = await testApp.request("POST", `/api/r/${token}/submit`, { answers: {}, page: 0, baseRevision: 1, locale: "en" });
    expect(((await english.json()) as any).error.details.errors[0].messages[0]).toMatch(/Response required/i);

    expect((await stored(token)).status).toBe("draft");
    expect((await stored(token)).answers["actor.start_year"]).toBe(1800);

    // Hidden questions are not required: without volunteers, no languages needed.
    const accepted = await testApp.request("POST", `/api/r/${token}/submit`, {
      answers: { "actor.institution_name": "Jugendzentrum Ost", "actor.volunteers_involved": false, "actor.start_year": 1990 },
      page: 1,
      baseRevision: 1,
    });
    expect(accepted.status).toBe(200);
    expect((await stored(token)).status).toBe("submitted");
  });

  it("refuses changes after submit unless the survey allows editing, then keeps every submission", async () => {
    const token = tokens[2]!;
    const late = await put(token, { answers: { "actor.institution_name": "Neu" }, baseRevision: 2 });
    expect(late.status).toBe(409);
    expect(((await late.json()) as any).error.code).toBe("already_submitted");
    expect((await stored(token)).canEdit).toBe(false);

    await planner.json("PATCH", `/api/surveys/${surveyId}`, { allowEditAfterSubmit: true });
    expect((await stored(token)).canEdit).toBe(true);
    const edit = await put(token, { answers: { "actor.institution_name": "Jugendzentrum Ost (neu)", "actor.volunteers_involved": false, "actor.start_year": 1990 }, baseRevision: 2 });
    expect(edit.status).toBe(200);
    expect((await stored(token)).status).toBe("submitted");
    const resubmit = await testApp.request("POST", `/api/r/${token}/submit`, {
      answers: { "actor.institution_name": "Jugendzentrum Ost (neu)", "actor.volunteers_involved": false, "actor.start_year": 1991 },
      page: 1,
      baseRevision: 3,
    });
    expect(resubmit.status).toBe(200);
    const submissions = await testApp.database.db.selectFrom("response_submissions").select(["revision", "answers"]).orderBy("id").execute();
    expect(submissions.map((row) => row.answers["actor.institution_name"])).toEqual(["Jugendzentrum Ost", "Jugendzentrum Ost (neu)"]);
  });

  it("tells a client that keeps trying unknown links to wait", async () => {
    for (let attempt = 0; attempt < LINK_LOOKUP_LIMIT.failures; attempt++) {
      expect((await testApp.request("GET", `/api/r/unknown-${attempt}-${"x".repeat(30)}`)).status).toBe(404);
    }
    const blocked = await testApp.request("GET", `/api/r/unknown-last-${"x".repeat(30)}`);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as any).error.messageDe).toMatch(/warten/);
  });
});

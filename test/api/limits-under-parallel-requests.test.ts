import { afterAll, beforeAll, expect, it } from "vitest";
import { LOGIN_LIMIT } from "../../server/auth/login-rate-limit.ts";
import { MAX_COLLEAGUE_LINKS } from "../../server/respond/colleague-links-routes.ts";
import { LINK_LOOKUP_LIMIT } from "../../server/respond/look-up-link.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { openTwoQuestionSurvey } from "../support/scenes.ts";

/**
 * Limits that count hold under 64 parallel requests: each request is counted atomically in the
 * database before it is let through (lib/rate-limit.ts, a lock per invitation for colleague
 * links), so a burst cannot pass a check made before any of it was counted.
 */
const PARALLEL = 64;

const statuses = (responses: Response[]) =>
  responses.reduce<Record<number, number>>((counts, response) => ({ ...counts, [response.status]: (counts[response.status] ?? 0) + 1 }), {});

describeEachDatabase("limits under parallel requests", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let token: string;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Bottrop"));
    const surveyId = await openTwoQuestionSurvey(planner, "Netzwerkbefragung");
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "netzwerk@bottrop.de", name: "" }] });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    token = tokenFromMail(mails.find((mail: { to: string }) => mail.to.includes("netzwerk@")).text);
  });
  afterAll(() => testApp.close());

  it(`lets exactly ${LOGIN_LIMIT.perEmail} of ${PARALLEL} parallel password guesses for one address be tried`, async () => {
    const guesses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) => testApp.request("POST", "/api/auth/login", { email: "kaemmerei@bottrop.de", password: `raten-${index}-passwort` })),
    );
    expect(statuses(guesses)).toEqual({ 401: LOGIN_LIMIT.perEmail, 429: PARALLEL - LOGIN_LIMIT.perEmail });
  });

  it(`makes at most ${MAX_COLLEAGUE_LINKS} colleague links however many are asked for at once`, async () => {
    const made = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => testApp.request("POST", `/api/r/${token}/colleague-links`, { label: `Kollegin ${index}` })));
    expect(statuses(made)).toEqual({ 201: MAX_COLLEAGUE_LINKS, 409: PARALLEL - MAX_COLLEAGUE_LINKS });
    const { links } = await (await testApp.request("GET", `/api/r/${token}/colleague-links`)).json();
    expect(links.filter((link: { revokedAt: string | null }) => link.revokedAt === null)).toHaveLength(MAX_COLLEAGUE_LINKS);
  });

  it(`answers exactly ${LINK_LOOKUP_LIMIT.failures} of ${PARALLEL} parallel probes of unknown links before asking the client to wait`, async () => {
    const probes = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => testApp.request("GET", `/api/r/geraten-${index}-${"x".repeat(40)}`)));
    expect(statuses(probes)).toEqual({ 404: LINK_LOOKUP_LIMIT.failures, 429: PARALLEL - LINK_LOOKUP_LIMIT.failures });
  });
});

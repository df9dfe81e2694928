import { afterAll, beforeAll, expect, it } from "vitest";
import { hashToken } from "../../server/lib/tokens.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

describeEachDatabase("concurrent autosaves", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  const tokens: string[] = [];

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    const { id } = await planner.json("POST", "/api/surveys", { title: "Gleichzeitig" }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: [{ itemId: "network.sphere", version: 1 }, { itemId: "network.name", version: 1 }] });
    await planner.json("POST", `/api/surveys/${id}/open`);
    const recipients = Array.from({ length: 40 }, (_, index) => ({ email: `netz${index}@stadt.de`, name: "" }));
    await planner.json("POST", `/api/surveys/${id}/invitations`, { recipients });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    tokens.push(...mails.map((mail: { text: string }) => tokenFromMail(mail.text)));
  });
  afterAll(() => testApp.close());

  const save = (token: string, answers: Record<string, unknown>, baseRevision: number) =>
    testApp.request("PUT", `/api/r/${token}/draft`, { answers, page: 0, baseRevision });

  it("writes every respondent's saves when many arrive at once, in order", async () => {
    const rounds = 5;
    await Promise.all(
      tokens.map(async (token, respondent) => {
        let revision = 0;
        for (let round = 1; round <= rounds; round++) {
          const response = await save(token, { "network.name": `Netz ${respondent} Runde ${round}` }, revision);
          expect(response.status).toBe(200);
          revision = ((await response.json()) as { revision: number }).revision;
          expect(revision).toBe(round);
        }
      }),
    );
    const rows = await testApp.database.db.selectFrom("responses").select(["answers", "revision"]).execute();
    expect(rows).toHaveLength(tokens.length);
    for (const row of rows) expect(row.revision).toBe(rounds);
    const names = rows.map((row) => row.answers["network.name"]).sort();
    expect(names).toEqual(tokens.map((_, respondent) => `Netz ${respondent} Runde ${rounds}`).sort());
  });

  it("applies exactly one of two simultaneous saves on the same revision and reports the other as a conflict", async () => {
    const token = tokens[0]!;
    const [first, second] = await Promise.all([
      save(token, { "network.name": "Tab A" }, 5),
      save(token, { "network.name": "Tab B" }, 5),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    const body = (await loser.json()) as any;
    expect(body.error.code).toBe("answer_conflict");
    expect(body.error.details.conflicts).toHaveLength(1);
    const stored = await testApp.database.db.selectFrom("responses").innerJoin("invitation_links", "invitation_links.invitation_id", "responses.invitation_id").select(["responses.answers", "responses.revision"]).where("invitation_links.token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect(stored.revision).toBe(6);
    expect(body.error.details.answers).toEqual(stored.answers);
  });

  it("creates one response when two first saves race, and refuses the second as a conflict", async () => {
    const token = tokens[tokens.length - 1]!;
    await testApp.database.db.deleteFrom("responses").execute();
    const results = await Promise.all([save(token, { "network.sphere": "quartier" }, 0), save(token, { "network.sphere": "stadtteil" }, 0)]);
    expect(results.map((response) => response.status).sort()).toEqual([200, 409]);
    const rows = await testApp.database.db.selectFrom("responses").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revision).toBe(1);
  });
});

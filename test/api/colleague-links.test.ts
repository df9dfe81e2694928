import { afterAll, beforeAll, expect, it } from "vitest";
import { MAX_COLLEAGUE_LINKS } from "../../server/respond/colleague-links-routes.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { invite, openSurvey } from "../support/scenes.ts";

describeEachDatabase("a second link for a colleague", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId: string;
  const tokens: Record<string, string> = {};

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
            { itemId: "actor.start_year", version: 1, required: false },
          ],
        },
      ],
    });
    Object.assign(tokens, await invite(testApp, planner, surveyId, ["leitung@kita-a.de", "leitung@kita-b.de"]));
  });
  afterAll(() => testApp.close());

  const links = (token: string) => testApp.request("GET", `/api/r/${token}/colleague-links`);
  const mint = (token: string, label: string) => testApp.request("POST", `/api/r/${token}/colleague-links`, { label });
  const opened = async (token: string) => (await (await testApp.request("GET", `/api/r/${token}`)).json()) as any;

  it("makes a link to the same answers, listed for both, and merges what the colleague saves", async () => {
    const head = tokens["leitung@kita-a.de"]!;
    expect((await testApp.request("PUT", `/api/r/${head}/draft`, { answers: { "actor.institution_name": "Kita A" }, baseRevision: 0 })).status).toBe(200);

    const response = await mint(head, "Kollegin Angebote");
    expect(response.status).toBe(201);
    const made = (await response.json()) as any;
    expect(made.label).toBe("Kollegin Angebote");
    const colleague = made.url.match(/\/r\/([A-Za-z0-9_-]{20,})$/)[1] as string;
    expect(colleague).not.toBe(head);
    // Only the hash is kept.
    const stored = JSON.stringify(await testApp.database.db.selectFrom("invitation_links").selectAll().execute());
    expect(stored).not.toContain(colleague);

    // The colleague sees the head's answers and adds one; the head's next save is merged with it.
    const view = await opened(colleague);
    expect(view.answers).toEqual({ "actor.institution_name": "Kita A" });
    const colleagueSave = await testApp.request("PUT", `/api/r/${colleague}/draft`, {
      answers: { "actor.institution_name": "Kita A", "actor.start_year": 1998 },
      baseRevision: view.revision,
      changed: ["actor.start_year"],
    });
    expect(colleagueSave.status).toBe(200);
    expect((await opened(head)).answers).toEqual({ "actor.institution_name": "Kita A", "actor.start_year": 1998 });

    const fromHead = (await (await links(head)).json()) as any;
    const fromColleague = (await (await links(colleague)).json()) as any;
    expect(fromHead.links.map((link: { label: string }) => link.label)).toEqual(["Kollegin Angebote"]);
    expect(fromColleague.links).toEqual(fromHead.links);
    expect(fromColleague.currentLinkId).toBe(made.id);
    expect(fromHead.currentLinkId).not.toBe(made.id);
  });

  it("revokes a colleague link: it stops working, the answers stay, the first link goes on", async () => {
    const head = tokens["leitung@kita-a.de"]!;
    const { links: before } = (await (await links(head)).json()) as any;
    const revoke = await testApp.request("DELETE", `/api/r/${head}/colleague-links/${before[0].id}`);
    expect(revoke.status).toBe(200);
    expect(((await revoke.json()) as any).links[0].revokedAt).toEqual(expect.any(String));
    const made = await testApp.database.db.selectFrom("invitation_links").select("token_hash").where("id", "=", before[0].id).executeTakeFirstOrThrow();
    expect(made.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // The head's link still opens the answers, including the colleague's.
    expect((await opened(head)).answers["actor.start_year"]).toBe(1998);
    // Revoking twice is a clear 404.
    expect((await testApp.request("DELETE", `/api/r/${head}/colleague-links/${before[0].id}`)).status).toBe(404);
  });

  it("answers a revoked colleague link with 410 and whom to contact", async () => {
    const head = tokens["leitung@kita-a.de"]!;
    const made = (await (await mint(head, "")).json()) as any;
    const colleague = made.url.split("/r/")[1] as string;
    expect((await testApp.request("GET", `/api/r/${colleague}`)).status).toBe(200);
    await testApp.request("DELETE", `/api/r/${head}/colleague-links/${made.id}`);
    const refused = await testApp.request("GET", `/api/r/${colleague}`);
    expect(refused.status).toBe(410);
    expect(((await refused.json()) as any).error.code).toBe("link_revoked");
    const save = await testApp.request("PUT", `/api/r/${colleague}/draft`, { answers: { "actor.institution_name": "Weg" }, baseRevision: 99 });
    expect(save.status).toBe(410);
    expect((await opened(head)).answers["actor.institution_name"]).toBe("Kita A");
  });

  it("does not let one response revoke another's links, and caps the number of colleague links", async () => {
    const headA = tokens["leitung@kita-a.de"]!;
    const headB = tokens["leitung@kita-b.de"]!;
    const made = (await (await mint(headA, "A")).json()) as any;
    expect((await testApp.request("DELETE", `/api/r/${headB}/colleague-links/${made.id}`)).status).toBe(404);
    expect(((await (await links(headA)).json()) as any).links.find((link: { id: string }) => link.id === made.id).revokedAt).toBeNull();

    const { links: existing } = (await (await links(headB)).json()) as any;
    expect(existing).toEqual([]);
    for (let index = 0; index < MAX_COLLEAGUE_LINKS; index++) expect((await mint(headB, `K${index}`)).status).toBe(201);
    const refused = await mint(headB, "eine zu viel");
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as any).error.code).toBe("too_many_colleague_links");
  });

  it("refuses malformed requests with 400 and unknown links with 404", async () => {
    const head = tokens["leitung@kita-a.de"]!;
    expect((await testApp.request("POST", `/api/r/${head}/colleague-links`, { label: 42 })).status).toBe(400);
    expect((await testApp.request("DELETE", `/api/r/${head}/colleague-links/not-a-uuid`)).status).toBe(400);
    expect((await testApp.request("GET", `/api/r/${"x".repeat(40)}/colleague-links`)).status).toBe(404);
  });

  it("makes no new links once the survey is closed", async () => {
    await planner.json("POST", `/api/surveys/${surveyId}/close`);
    const refused = await mint(tokens["leitung@kita-a.de"]!, "zu spät");
    expect(refused.status).toBe(410);
  });
});

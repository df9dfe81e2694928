import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARE_LOOKUP_LIMIT } from "../../server/sharing/network-view-routes.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { addOrganisation, createTestApp, setUpOrganisation, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Share links for networks: planners make, list and revoke them; the public view shows the
 * members' answers (or the network's own beside everyone's) with small cells suppressed, never a
 * free text, and only for surveys whose answers can be attributed.
 */

type Json = Record<string, any>;

const ITEMS = [
  "network.sphere", // radiogroup
  "network.member_sectors", // checkbox with "other"
  "network.cooperation_perception", // Likert matrix
  "network.member_count", // number
  "network.achievements", // comment (free text)
].map((itemId) => ({ itemId, version: 1 }));

const SECRET = "Geheimer Freitext";

/** The members of network A answer like this (7 submitted, 1 draft that must not count). */
const A_MEMBER_ANSWERS: Json[] = [
  { sphere: "quartier", sectors: ["schule", "gesundheit"], perception: "trifft_voll_zu", count: 10 },
  { sphere: "quartier", sectors: ["schule", "gesundheit"], perception: "trifft_voll_zu", count: 12 },
  { sphere: "quartier", sectors: ["schule", "gesundheit"], perception: "trifft_voll_zu", count: 12 },
  { sphere: "quartier", sectors: ["schule"], perception: "trifft_voll_zu", count: 15 },
  { sphere: "stadtteil", sectors: ["schule"], perception: "trifft_voll_zu", count: 20 },
  { sphere: "stadtteil", sectors: ["schule"], perception: "trifft_eher_zu", count: 25 },
  { sphere: "stadtteil", sectors: ["kultur"], perception: "trifft_eher_zu", count: 40 },
].map(({ sphere, sectors, perception, count }, index) => ({
  "network.sphere": sphere,
  "network.member_sectors": sectors,
  "network.cooperation_perception": { verlaesslichkeit: perception },
  "network.member_count": count,
  "network.achievements": `${SECRET} ${index}`,
}));

describeEachDatabase("network views", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let intruder: PlannerClient;
  let surveyId = "";
  const networks: Record<"a" | "b", string> = { a: "", b: "" };
  let institutionId = "";

  /** A directory entry through the API. */
  async function entry(body: Json): Promise<string> {
    return (await planner.json("POST", "/api/directory/entries", body, 201)).id;
  }

  async function openSurvey(privacyMode: "identified" | "pseudonymous" | "anonymous", title: string): Promise<string> {
    const { id } = await planner.json("POST", "/api/surveys", { title }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: ITEMS, privacyMode });
    await planner.json("POST", `/api/surveys/${id}/open`);
    return id;
  }

  /** Invites directory entries and stores their responses directly (submitted unless said otherwise). */
  async function respond(survey: string, answersByEntry: { entryId: string; answers: Json; status?: "draft" | "submitted" }[]) {
    await planner.json("POST", `/api/surveys/${survey}/invitations`, { directoryEntryIds: answersByEntry.map((answer) => answer.entryId) });
    const invitations = await testApp.database.db
      .selectFrom("invitations")
      .select(["id", "directory_entry_id"])
      .where("survey_id", "=", survey)
      .execute();
    const invitationOf = new Map(invitations.map((invitation) => [invitation.directory_entry_id, invitation.id]));
    await testApp.database.db
      .insertInto("responses")
      .values(
        answersByEntry.map(({ entryId, answers, status = "submitted" }) => ({
          organisation_id: planner.organisationId,
          survey_id: survey,
          invitation_id: invitationOf.get(entryId)!,
          answers: JSON.stringify(answers),
          status,
          submitted_at: status === "submitted" ? new Date() : null,
        })),
      )
      .execute();
    await releaseSeededAnswers(testApp.database.db);
  }

  async function makeLink(survey: string, networkId: string, mode: "members" | "own", client = planner): Promise<{ id: string; url: string }> {
    return client.json("POST", `/api/surveys/${survey}/network-views`, { networkId, mode }, 201);
  }

  const tokenOf = (url: string) => url.split("/n/")[1]!;

  async function view(url: string): Promise<{ status: number; body: Json; headers: Headers }> {
    const response = await testApp.request("GET", `/api/n/${tokenOf(url)}`);
    return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
  }

  const question = (results: Json, name: string) => results.questions.find((candidate: Json) => candidate.name === name);
  const cell = (cells: Json[], value: string) => cells.find((candidate) => candidate.value === value);

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: intruder } = await addOrganisation(testApp, "Stadt Dortmund"));

    const aMembers: string[] = [];
    for (let index = 0; index < 8; index++) aMembers.push(await entry({ kind: "institution", name: `Kita A${index}`, emails: [`kita-a${index}@wuppertal.de`] }));
    const bMembers: string[] = [];
    for (let index = 0; index < 3; index++) bMembers.push(await entry({ kind: "institution", name: `Schule B${index}`, emails: [`schule-b${index}@wuppertal.de`] }));
    const others: string[] = [];
    for (let index = 0; index < 4; index++) others.push(await entry({ kind: "institution", name: `Verein X${index}`, emails: [`verein-x${index}@wuppertal.de`] }));
    institutionId = others[0]!;
    networks.a = await entry({ kind: "network", name: "STK Vohwinkel", emails: ["stk@vohwinkel.de"], memberIds: aMembers });
    networks.b = await entry({ kind: "network", name: "Frühe Hilfen Nord", emails: ["fh@nord.de"], memberIds: bMembers });

    surveyId = await openSurvey("identified", "Netzwerkanalyse 2026");
    await respond(surveyId, [
      ...A_MEMBER_ANSWERS.map((answers, index) => ({ entryId: aMembers[index]!, answers })),
      // A draft of a member: not submitted, not counted.
      { entryId: aMembers[7]!, answers: { "network.sphere": "kreisweit", "network.achievements": `${SECRET} Entwurf` }, status: "draft" as const },
      ...bMembers.map((entryId) => ({ entryId, answers: { "network.sphere": "sozialraum", "network.achievements": SECRET } })),
      ...others.map((entryId) => ({ entryId, answers: { "network.sphere": "gesamtstaedtisch", "network.member_count": 3 } })),
      // The network's own answer.
      { entryId: networks.a, answers: { "network.sphere": "interkommunal", "network.member_count": 8, "network.achievements": `${SECRET} Netzwerk` } },
    ]);
  }, 180_000);
  afterAll(() => testApp?.close());

  describe("planner routes", () => {
    it("create, list and revoke links; the link is shown once and only its hash is stored", async () => {
      const created = await makeLink(surveyId, networks.a, "members");
      expect(created.url).toMatch(/^http:\/\/kanon\.test\/n\/[A-Za-z0-9_-]{43}$/);
      const stored = await testApp.database.db.selectFrom("network_views").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(tokenOf(created.url));

      const list = await planner.json("GET", `/api/surveys/${surveyId}/network-views`);
      expect(list).toMatchObject({ privacyMode: "identified", minCellSize: 5 });
      expect(list.views[0]).toMatchObject({ id: created.id, networkId: networks.a, networkName: "STK Vohwinkel", mode: "members", createdByName: "Anna Admin", revokedAt: null });
      expect(JSON.stringify(list)).not.toContain(tokenOf(created.url));

      expect((await view(created.url)).status).toBe(200);
      const revoked = await planner.json("POST", `/api/surveys/${surveyId}/network-views/${created.id}/revoke`);
      expect(revoked.revokedAt).not.toBeNull();
      // Again: no change.
      expect((await planner.json("POST", `/api/surveys/${surveyId}/network-views/${created.id}/revoke`)).revokedAt).toBe(revoked.revokedAt);
      const gone = await view(created.url);
      expect(gone.status).toBe(410);
      expect(gone.body.error).toMatchObject({ code: "share_link_revoked" });
      expect(gone.body.error.messageDe).toContain("zurückgezogen");
      expect(gone.body.error.message).toContain("withdrawn");

      const audit = await testApp.database.db.selectFrom("audit_log").select(["action", "target_id"]).where("target_id", "=", created.id).orderBy("id").execute();
      expect(audit.map((row) => row.action)).toEqual(["network_view.created", "network_view.revoked"]);
    });

    it("refuses institutions, unknown networks and bad modes", async () => {
      const institution = await planner.request("POST", `/api/surveys/${surveyId}/network-views`, { networkId: institutionId, mode: "members" });
      expect(institution.status).toBe(400);
      expect(((await institution.json()) as Json).error.code).toBe("not_a_network");
      const unknown = await planner.request("POST", `/api/surveys/${surveyId}/network-views`, { networkId: "00000000-0000-4000-8000-000000000000", mode: "members" });
      expect(unknown.status).toBe(404);
      expect((await planner.request("POST", `/api/surveys/${surveyId}/network-views`, { networkId: networks.a, mode: "alle" })).status).toBe(400);
    });

    it("refuses anonymous surveys (409), and a network's own answers in pseudonymous ones", async () => {
      const anonymous = await openSurvey("anonymous", "Anonyme Befragung");
      for (const mode of ["members", "own"]) {
        const refused = await planner.request("POST", `/api/surveys/${anonymous}/network-views`, { networkId: networks.a, mode });
        expect(refused.status).toBe(409);
        const body = (await refused.json()) as Json;
        expect(body.error.code).toBe("network_view_anonymous");
        expect(body.error.messageDe).toContain("anonym");
      }
      expect((await planner.json("GET", `/api/surveys/${anonymous}/network-views`)).privacyMode).toBe("anonymous");

      const pseudonymous = await openSurvey("pseudonymous", "Pseudonyme Befragung");
      const own = await planner.request("POST", `/api/surveys/${pseudonymous}/network-views`, { networkId: networks.a, mode: "own" });
      expect(own.status).toBe(409);
      expect(((await own.json()) as Json).error.code).toBe("network_view_own_pseudonymous");
      await makeLink(pseudonymous, networks.a, "members");
    });

    it("keeps every organisation to its own surveys, networks and links (404)", async () => {
      const created = await makeLink(surveyId, networks.a, "members");
      expect((await intruder.request("GET", `/api/surveys/${surveyId}/network-views`)).status).toBe(404);
      expect((await intruder.request("POST", `/api/surveys/${surveyId}/network-views`, { networkId: networks.a, mode: "members" })).status).toBe(404);
      expect((await intruder.request("POST", `/api/surveys/${surveyId}/network-views/${created.id}/revoke`)).status).toBe(404);
      // The intruder's own survey cannot name our network or our link.
      const { id: foreignSurvey } = await intruder.json("POST", "/api/surveys", { title: "Dortmund" }, 201);
      expect((await intruder.request("POST", `/api/surveys/${foreignSurvey}/network-views`, { networkId: networks.a, mode: "members" })).status).toBe(404);
      expect((await intruder.request("POST", `/api/surveys/${foreignSurvey}/network-views/${created.id}/revoke`)).status).toBe(404);
      expect((await intruder.json("GET", `/api/surveys/${foreignSurvey}/network-views`)).views).toEqual([]);
      // A link of another survey of the same organisation is not this survey's.
      const other = await openSurvey("identified", "Zweite Welle");
      expect((await planner.request("POST", `/api/surveys/${other}/network-views/${created.id}/revoke`)).status).toBe(404);
      expect((await view(created.url)).status).toBe(200);
    });
  });

  describe("the public view", () => {
    it("shows the members' submitted answers only, with small cells suppressed and no free texts", async () => {
      const { url } = await makeLink(surveyId, networks.a, "members");
      const { status, body, headers } = await view(url);
      expect(status).toBe(200);
      expect(headers.get("cache-control")).toBe("no-store");
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(body).toMatchObject({
        organisationName: "Stadt Wuppertal",
        surveyTitle: { de: "Netzwerkanalyse 2026" },
        networkName: "STK Vohwinkel",
        mode: "members",
        minCellSize: 5,
        respondents: 7,
      });
      expect(body.overall).toBeUndefined();
      const json = JSON.stringify(body);
      expect(json).not.toContain(SECRET);
      expect(json).not.toContain('"texts"');
      expect(json).not.toContain('"min"');

      // Sphere: quartier 4, stadtteil 3 (both < 5, they protect each other); non-members, the
      // network's own answer and the draft are not in it.
      const sphere = question(body.results, "network.sphere");
      expect(sphere).toMatchObject({ n: 7, suppressed: false });
      expect(cell(sphere.options, "quartier")).toMatchObject({ count: null, suppressed: true });
      expect(cell(sphere.options, "stadtteil")).toMatchObject({ count: null, suppressed: true });
      for (const value of ["gesamtstaedtisch", "interkommunal", "kreisweit", "sozialraum"]) expect(cell(sphere.options, value)).toMatchObject({ count: 0, suppressed: false });

      // Multiple choice: primary suppression only.
      const sectors = question(body.results, "network.member_sectors");
      expect(cell(sectors.options, "schule")).toMatchObject({ count: 6, suppressed: false });
      expect(cell(sectors.options, "gesundheit")).toMatchObject({ count: null, suppressed: true });
      expect(cell(sectors.options, "kultur")).toMatchObject({ count: null, suppressed: true });

      // Matrix row 5 + 2: the 2 is hidden, and the 5 with it; no mean.
      const perception = question(body.results, "network.cooperation_perception");
      const row = perception.rows.find((candidate: Json) => candidate.value === "verlaesslichkeit");
      expect(row).toMatchObject({ n: 7, mean: null });
      expect(cell(row.distribution, "trifft_voll_zu")).toMatchObject({ count: null, suppressed: true });
      expect(cell(row.distribution, "trifft_eher_zu")).toMatchObject({ count: null, suppressed: true });

      // Numbers: no minimum or maximum, open outer bins; statistics only without hidden bins.
      const memberCount = question(body.results, "network.member_count");
      expect(memberCount.n).toBe(7);
      expect(memberCount).not.toHaveProperty("min");
      expect(memberCount.histogram.length === 0 || memberCount.histogram[0].from === null).toBe(true);

      // Free text: how many, never what.
      expect(question(body.results, "network.achievements")).toEqual(expect.objectContaining({ kind: "text", n: 7, suppressed: false }));
    });

    it("counts a list's entries with content only: members with only empty rows have no entries", async () => {
      const { id: listSurvey } = await planner.json("POST", "/api/surveys", { title: "Angebote der Mitglieder" }, 201);
      await planner.json("PATCH", `/api/surveys/${listSurvey}`, { items: [{ itemId: "actor.offers", version: 1 }] });
      await planner.json("POST", `/api/surveys/${listSurvey}/open`);
      const members = await testApp.database.db
        .selectFrom("network_members")
        .select("member_id")
        .where("network_id", "=", networks.a)
        .orderBy("member_id")
        .execute();
      const offers = [
        [{ offer_name: "Elterncafé" }, {}],
        [{ offer_name: "Krabbelgruppe" }, { life_phases: ["early_childhood"] }],
        [{ offer_name: "Hausaufgabenhilfe" }],
        [{ offer_type: "beratung" }, { offer_name: " " }],
        [{ offer_name: "Lesepaten" }],
        [{}],
        [{}, { offer_name: "", life_phases: [] }],
      ];
      await respond(
        listSurvey,
        offers.map((list, index) => ({ entryId: members[index]!.member_id, answers: { "actor.offers": list } })),
      );
      const { url } = await makeLink(listSurvey, networks.a, "members");
      const { body } = await view(url);
      expect(body.results.respondents).toBe(7);
      // 6 offers from 5 members, not 10 rows from 7.
      expect(question(body.results, "actor.offers")).toMatchObject({ kind: "paneldynamic", n: 5, entries: 6, suppressed: false });
    });

    it("shows nothing but that below k respondents, and takes k from the organisation (3–10, admins only)", async () => {
      const { url } = await makeLink(surveyId, networks.b, "members");
      const small = await view(url);
      expect(small.body).toMatchObject({ respondents: null, minCellSize: 5, results: { respondents: null, questions: [] } });
      expect(JSON.stringify(small.body)).not.toContain(SECRET);

      expect((await planner.request("PATCH", "/api/organisation", { minCellSize: 2 })).status).toBe(400);
      expect((await planner.request("PATCH", "/api/organisation", { minCellSize: 11 })).status).toBe(400);
      expect((await planner.json("PATCH", "/api/organisation", { minCellSize: 3 })).minCellSize).toBe(3);
      expect((await planner.json("GET", "/api/organisation")).minCellSize).toBe(3);
      try {
        const three = await view(url);
        expect(three.body).toMatchObject({ respondents: 3, minCellSize: 3 });
        expect(cell(question(three.body.results, "network.sphere").options, "sozialraum")).toMatchObject({ count: 3, suppressed: false });

        // Network A with k = 3: fewer cells hidden.
        const { url: aUrl } = await makeLink(surveyId, networks.a, "members");
        const a = (await view(aUrl)).body;
        const sphere = question(a.results, "network.sphere");
        expect(cell(sphere.options, "quartier")).toMatchObject({ count: 4, suppressed: false });
        expect(cell(sphere.options, "stadtteil")).toMatchObject({ count: 3, suppressed: false });
        const sectors = question(a.results, "network.member_sectors");
        expect(cell(sectors.options, "gesundheit")).toMatchObject({ count: 3, suppressed: false });
        expect(cell(sectors.options, "kultur")).toMatchObject({ count: null, suppressed: true });
      } finally {
        await planner.json("PATCH", "/api/organisation", { minCellSize: 5 });
      }

      // Only admins change it.
      const { hashPassword } = await import("../../server/auth/passwords.ts");
      await testApp.database.db
        .insertInto("users")
        .values({ organisation_id: planner.organisationId, email: "planer@wuppertal.de", name: "Paul Planer", password_hash: await hashPassword("noch-ein-passwort"), role: "planner" })
        .execute();
      const colleague = await signedIn(testApp, await testApp.request("POST", "/api/auth/login", { email: "planer@wuppertal.de", password: "noch-ein-passwort" }));
      expect((await colleague.request("PATCH", "/api/organisation", { minCellSize: 3 })).status).toBe(403);
      expect((await colleague.json("GET", "/api/organisation")).minCellSize).toBe(5);
      const audit = await testApp.database.db.selectFrom("audit_log").select("details").where("action", "=", "organisation.settings_changed").execute();
      expect(audit.some((row) => JSON.stringify(row.details).includes("minCellSize"))).toBe(true);
    });

    it("own mode: the network's own answers beside the suppressed overall distribution", async () => {
      const { url } = await makeLink(surveyId, networks.a, "own");
      const { status, body } = await view(url);
      expect(status).toBe(200);
      expect(body).toMatchObject({ mode: "own", respondents: 1, results: { respondents: 1 } });
      expect(JSON.stringify(body)).not.toContain(SECRET);
      // Its own answer is not suppressed.
      expect(cell(question(body.results, "network.sphere").options, "interkommunal")).toMatchObject({ count: 1, suppressed: false });
      expect(question(body.results, "network.member_count").mean).toBe(8);
      // Everyone: 7 + 3 + 4 members and others, and the network itself.
      expect(body.overall.respondents).toBe(15);
      const overall = question(body.overall, "network.sphere");
      expect(cell(overall.options, "quartier")).toMatchObject({ count: null, suppressed: true });
      expect(cell(overall.options, "interkommunal")).toMatchObject({ count: null, suppressed: true });
      for (const option of overall.options) expect(option.count === null || option.count === 0 || option.count >= 5).toBe(true);
    });

    it("answers unknown links with 404 and, after too many from one client, 429", async () => {
      const unknown = await view("http://kanon.test/n/ganz-sicher-kein-gueltiger-link-0000000000000000");
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("share_link_unknown");
      expect(unknown.headers.get("cache-control")).toBe("no-store");
      let last: Response | undefined;
      for (let attempt = 0; attempt < SHARE_LOOKUP_LIMIT.failures + 1; attempt++) {
        last = await testApp.request("GET", `/api/n/unbekannt-${attempt}`);
      }
      expect(last!.status).toBe(429);
      expect(((await last!.json()) as Json).error.code).toBe("too_many_unknown_links");
      expect(last!.headers.get("retry-after")).toBe(String(SHARE_LOOKUP_LIMIT.windowMinutes * 60));
      // A valid link still works for others (the limit counts unknown links only).
      await testApp.database.db.deleteFrom("rate_limit_events").execute();
      const { url } = await makeLink(surveyId, networks.a, "members");
      expect((await view(url)).status).toBe(200);
    });
  });
});

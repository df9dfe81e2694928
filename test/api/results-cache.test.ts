import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResultsCache, resultsCache } from "../../server/results/results-cache.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { createTestApp, setUpOrganisation, tokenFromMail, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * Results are kept between requests (server/results/results-cache.ts); a planner must still never
 * see results older than the data: every submit, every edit after submit and every change of the
 * directory shows at once, on the planner's page and in a network's view. Drafts, which do not
 * count, leave the stored results in place.
 */

type Json = Record<string, any>;

describeEachDatabase("results cache", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  let surveyId = "";
  const tokens: string[] = [];
  const entries: string[] = [];
  const districts: Record<"nord" | "sued", string> = { nord: "", sued: "" };
  let networkViewToken = "";

  const submit = (token: string, sphere: string, baseRevision = 0) =>
    testApp.request("POST", `/api/r/${token}/submit`, { answers: { "network.sphere": sphere }, page: 0, baseRevision });
  const sphereCounts = (results: Json) =>
    Object.fromEntries(
      results.questions
        .find((question: Json) => question.name === "network.sphere")
        .options.filter((option: Json) => option.count > 0)
        .map((option: Json) => [option.value, option.count]),
    );
  const results = () => planner.json("GET", `/api/surveys/${surveyId}/results`);
  const inDistrict = (districtId: string) => planner.json("POST", `/api/surveys/${surveyId}/results/query`, { filter: { recipients: { districtIds: [districtId] } } });
  const version = async () =>
    (await testApp.database.db.selectFrom("survey_data_versions").select("version").where("survey_id", "=", surveyId).executeTakeFirst())?.version ?? null;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    districts.nord = (await planner.json("POST", "/api/directory/districts", { name: "Nord" }, 201)).id;
    districts.sued = (await planner.json("POST", "/api/directory/districts", { name: "Süd" }, 201)).id;
    for (let index = 0; index < 6; index++) {
      const district = index < 3 ? districts.nord : districts.sued;
      entries.push((await planner.json("POST", "/api/directory/entries", { kind: "institution", name: `Kita ${index}`, districtId: district, emails: [`kita${index}@wuppertal.de`] }, 201)).id);
    }
    const network = await planner.json("POST", "/api/directory/entries", { kind: "network", name: "STK Nord", emails: ["stk@nord.de"], memberIds: entries }, 201);

    ({ id: surveyId } = await planner.json("POST", "/api/surveys", { title: "Netzwerkanalyse" }, 201));
    await planner.json("PATCH", `/api/surveys/${surveyId}`, { items: [{ itemId: "network.sphere", version: 1 }], allowEditAfterSubmit: true, closingDate: "2099-12-31" });
    await planner.json("POST", `/api/surveys/${surveyId}/open`);
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { directoryEntryIds: entries });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    for (let index = 0; index < entries.length; index++) {
      tokens.push(tokenFromMail(mails.find((mail: Json) => mail.to.includes(`kita${index}@wuppertal.de`)).text));
    }
    const view = await planner.json("POST", `/api/surveys/${surveyId}/network-views`, { networkId: network.id, mode: "members" }, 201);
    networkViewToken = view.url.split("/n/")[1];
  }, 120_000);
  afterAll(() => testApp?.close());

  it("shows each submission at once, though the same results are served again from the cache in between", async () => {
    expect((await results()).respondents).toBe(0);
    for (let index = 0; index < 5; index++) {
      expect((await submit(tokens[index]!, index < 4 ? "quartier" : "stadtteil")).status).toBe(200);
      const first = await results();
      const hits = resultsCache.hits;
      const again = await results();
      expect(resultsCache.hits).toBe(hits + 1);
      expect(again).toEqual(first);
      expect(first.respondents).toBe(index + 1);
      expect(first.counts.submitted).toBe(index + 1);
    }
    expect(sphereCounts(await results())).toEqual({ quartier: 4, stadtteil: 1 });
  });

  it("a network's view follows new submissions too", async () => {
    const before = (await (await testApp.request("GET", `/api/n/${networkViewToken}`)).json()) as Json;
    expect(before.respondents).toBe(5);
    expect((await submit(tokens[5]!, "quartier")).status).toBe(200);
    const after = (await (await testApp.request("GET", `/api/n/${networkViewToken}`)).json()) as Json;
    expect(after.respondents).toBe(6);
  });

  it("an edit after submit changes the results; drafts of others leave the stored results in place", async () => {
    expect(sphereCounts(await results())).toEqual({ quartier: 5, stadtteil: 1 });
    const changed = await testApp.request("PUT", `/api/r/${tokens[0]}/draft`, { answers: { "network.sphere": "kreisweit" }, page: 0, baseRevision: 1 });
    expect(changed.status).toBe(200);
    expect(sphereCounts(await results())).toEqual({ quartier: 4, stadtteil: 1, kreisweit: 1 });

    // The planner invites one more recipient, who saves a draft: nothing in the results changes.
    const stored = await version();
    await planner.json("POST", `/api/surveys/${surveyId}/invitations`, { recipients: [{ email: "nachzuegler@wuppertal.de", name: "" }] });
    await testApp.mailWorker.runOnce();
    const { mails } = await planner.json("GET", "/api/dev/mailbox");
    const late = tokenFromMail(mails.find((mail: Json) => mail.to.includes("nachzuegler@wuppertal.de")).text);
    expect((await testApp.request("PUT", `/api/r/${late}/draft`, { answers: { "network.sphere": "quartier" }, page: 0, baseRevision: 0 })).status).toBe(200);
    expect(await version()).toBe(stored);
    const withDraft = await results();
    expect(withDraft.counts.draft).toBe(1);
    expect(withDraft.respondents).toBe(6);
  });

  it("moving an institution to another district moves its answer in the district's results", async () => {
    expect((await inDistrict(districts.nord)).respondents).toBe(3);
    expect((await inDistrict(districts.sued)).respondents).toBe(3);
    await planner.json("PATCH", `/api/directory/entries/${entries[3]}`, { districtId: districts.nord });
    expect((await inDistrict(districts.nord)).respondents).toBe(4);
    expect((await inDistrict(districts.sued)).respondents).toBe(2);
    await planner.json("PATCH", `/api/directory/districts/${districts.nord}`, { name: "Nordstadt" });
    const grouped = await planner.json("POST", `/api/surveys/${surveyId}/results/query`, { groupBy: { recipient: "district" } });
    expect(grouped.groups.map((group: Json) => group.label.de)).toContain("Nordstadt");
  });

  it("the cross-table follows submissions as well", async () => {
    const table = () => planner.json("POST", `/api/surveys/${surveyId}/results/crosstab`, { rows: "network.sphere", columns: "network.sphere" });
    const before = await table();
    expect((await submit(tokens[1]!, "stadtteil", 2)).status).toBe(200);
    const after = await table();
    expect(after.n).toBe(before.n);
    expect(after.rows.values.find((value: Json) => value.value === "stadtteil").total).toBe(
      before.rows.values.find((value: Json) => value.value === "stadtteil").total + 1,
    );
  });
});

describe("ResultsCache", () => {
  const slow = (json: string, ms = 20) => () => new Promise<string>((resolve) => setTimeout(() => resolve(json), ms));

  it("computes once for requests that arrive together and serves the result until the versions change", async () => {
    const cache = new ResultsCache();
    let computed = 0;
    const compute = () => {
      computed++;
      return slow(`{"n":${computed}}`)();
    };
    const together = await Promise.all([cache.get("a", "1", compute), cache.get("a", "1", compute), cache.get("a", "1", compute)]);
    expect(together).toEqual(['{"n":1}', '{"n":1}', '{"n":1}']);
    expect(await cache.get("a", "1", compute)).toBe('{"n":1}');
    expect(await cache.get("a", "2", compute)).toBe('{"n":2}');
    expect(computed).toBe(2);
  });

  it("does not keep failures, and a slow computation of older data does not replace newer results", async () => {
    const cache = new ResultsCache();
    await expect(cache.get("a", "1", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cache.get("a", "1", slow("old-ok", 1))).toBe("old-ok");

    const older = cache.get("b", "1", slow("older", 50));
    expect(await cache.get("b", "2", slow("newer", 1))).toBe("newer");
    await older;
    expect(await cache.get("b", "2", () => Promise.reject(new Error("must not compute")))).toBe("newer");
  });

  it("keeps at most its size, dropping the least recently used results first", async () => {
    const cache = new ResultsCache(10);
    await cache.get("a", "1", slow("aaaa", 0));
    await cache.get("b", "1", slow("bbbb", 0));
    await cache.get("a", "1", slow("never", 0)); // a is now the most recently used
    await cache.get("c", "1", slow("cccc", 0)); // 12 characters: b goes
    expect(await cache.get("a", "1", slow("recomputed-a", 0))).toBe("aaaa");
    expect(await cache.get("b", "1", slow("recomputed-b", 0))).toBe("recomputed-b");
  });
});

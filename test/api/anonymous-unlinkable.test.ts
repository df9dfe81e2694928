import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetentionSweep } from "../../server/data-protection/retention.ts";
import { releaseAllAnonymousAnswers, startAnonymousReleaser } from "../../server/respond/release-anonymous-answers.ts";
import { answerTablesNotVacuumable, vacuumAnswerTables, vacuumAtStart } from "../../server/respond/vacuum-answer-tables.ts";
import { describeEachDatabase, openInspectableTestDatabase, reopenableTestDatabase, storedTuples } from "../support/databases.ts";
import { createTestApp, PlannerClient, setUpOrganisation, tokenFromMail, type TestApp } from "../support/test-app.ts";

/**
 * Anonymous means unlinkable (docs/data-protection.md, "Threat model: anonymous surveys"): one
 * test per channel through which a planner, an admin with database access or someone with a
 * backup could tie an anonymous answer to its invitation. Each of them fails on the code that
 * detached every answer on its own, in the invitation's transaction, with the moment of
 * submission kept on the invitation.
 */

interface AnonymousSurvey {
  id: string;
  tokens: string[];
  invitationIds: string[];
}

/** An open anonymous survey (sphere, founding year) with `count` invitations, the first to a directory entry. */
async function anonymousSurvey(testApp: TestApp, planner: PlannerClient, tag: string, count: number): Promise<AnonymousSurvey> {
  const { id } = await planner.json("POST", "/api/surveys", { title: `Anonym ${tag}` }, 201);
  await planner.json("PATCH", `/api/surveys/${id}`, {
    items: [{ itemId: "network.sphere", version: 1 }, { itemId: "network.founding_year", version: 1 }],
    privacyMode: "anonymous",
    closingDate: "2099-12-31",
  });
  await planner.json("POST", `/api/surveys/${id}/open`);
  const entry = await planner.json("POST", "/api/directory/entries", { kind: "network", name: `Netzwerk ${tag}`, emails: [`${tag}-0@anonym.de`] }, 201);
  await planner.json("POST", `/api/surveys/${id}/invitations`, { directoryEntryIds: [entry.id] });
  if (count > 1) {
    const recipients = Array.from({ length: count - 1 }, (_, index) => ({ email: `${tag}-${index + 1}@anonym.de`, name: "" }));
    await planner.json("POST", `/api/surveys/${id}/invitations`, { recipients });
  }
  await testApp.mailWorker.runOnce();
  const mails = await testApp.database.db.selectFrom("dev_mailbox").select(["to_address", "text_body"]).where("to_address", "like", `%${tag}-%@anonym.de%`).execute();
  const addresses = Array.from({ length: count }, (_, index) => `${tag}-${index}@anonym.de`);
  const tokens = addresses.map((address) => tokenFromMail(mails.find((mail) => mail.to_address.includes(address))!.text_body));
  const { invitations } = await planner.json("GET", `/api/surveys/${id}/invitations`);
  const invitationIds = addresses.map((address) => invitations.find((invitation: { email: string }) => invitation.email === address).id as string);
  return { id, tokens, invitationIds, entryId: entry.id } as AnonymousSurvey & { entryId: string };
}

/** The answers of the i-th respondent: distinguishable by the founding year. */
const answersOf = (index: number) => ({ "network.sphere": ["quartier", "stadtteil", "sozialraum"][index % 3]!, "network.founding_year": 1950 + index });

async function submit(testApp: TestApp, token: string, answers: Record<string, unknown>, baseRevision = 0) {
  const response = await testApp.request("POST", `/api/r/${token}/submit`, { answers, page: 0, baseRevision });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function setBatchSize(planner: PlannerClient, minCellSize: number) {
  await planner.json("PATCH", "/api/organisation", { minCellSize });
}

const yearsOf = (rows: { answers: Record<string, unknown> }[]) => rows.map((row) => row.answers["network.founding_year"] as number);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** ctid "(page,item)" in table order. */
const byCtid = (a: { ctid: string }, b: { ctid: string }) => {
  const [pa, ia] = a.ctid.slice(1, -1).split(",").map(Number) as [number, number];
  const [pb, ib] = b.ctid.slice(1, -1).split(",").map(Number) as [number, number];
  return pa - pb || ia - ib;
};

describeEachDatabase("anonymous answers cannot be linked to their invitation", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  const db = () => testApp.database.db;

  beforeAll(async () => {
    testApp = await createTestApp(kind, { database: await openInspectableTestDatabase(kind) });
    ({ planner } = await setUpOrganisation(testApp));
  });
  afterAll(() => testApp.close());

  async function released(surveyId: string) {
    const result = await sql<{ id: string; xmin: string; ctid: string; answers: Record<string, unknown>; created_at: Date; updated_at: Date; submitted_at: Date }>`
      select id, xmin::text as xmin, ctid::text as ctid, answers, created_at, updated_at, submitted_at
      from responses where survey_id = ${surveyId}`.execute(db());
    return result.rows;
  }

  async function invitationXmin(invitationId: string): Promise<string> {
    const result = await sql<{ xmin: string }>`select xmin::text as xmin from invitations where id = ${invitationId}`.execute(db());
    return result.rows[0]!.xmin;
  }

  describe("two batches of ten", () => {
    let survey: AnonymousSurvey;
    /** Each invitation's transaction id right after its submission. */
    const submittedXmins: string[] = [];

    beforeAll(async () => {
      await setBatchSize(planner, 10);
      survey = await anonymousSurvey(testApp, planner, "zehn", 20);
      for (let index = 0; index < 20; index++) {
        // Some come back to a draft first (a draft is linked to its invitation until submitted).
        if (index % 4 === 0) {
          const draft = await testApp.request("PUT", `/api/r/${survey.tokens[index]}/draft`, { answers: { "network.sphere": "planungsraum" }, page: 0, baseRevision: 0 });
          expect(draft.status).toBe(200);
        }
        await submit(testApp, survey.tokens[index]!, answersOf(index), index % 4 === 0 ? 1 : 0);
        submittedXmins.push(await invitationXmin(survey.invitationIds[index]!));
        // Nothing appears before ten wait.
        expect((await released(survey.id)).length).toBe(index < 9 ? 0 : index < 19 ? 10 : 20);
      }
    });

    it("gives every answer of a batch one transaction id, and none of them an invitation's", async () => {
      const rows = await released(survey.id);
      const first = rows.filter((row) => (row.answers["network.founding_year"] as number) < 1960);
      const second = rows.filter((row) => !first.includes(row));
      expect(first).toHaveLength(10);
      expect(new Set(first.map((row) => row.xmin)).size).toBe(1);
      expect(new Set(second.map((row) => row.xmin)).size).toBe(1);
      expect(first[0]!.xmin).not.toBe(second[0]!.xmin);
      for (const xmin of submittedXmins) {
        expect(xmin).not.toBe(first[0]!.xmin);
        expect(xmin).not.toBe(second[0]!.xmin);
      }
    });

    it("stores a batch in an order that is not the order of submission", async () => {
      const rows = (await released(survey.id)).sort(byCtid);
      const years = yearsOf(rows);
      // Each batch is one random permutation (1 in 10! to come out as submitted, per batch).
      const firstBatch = years.filter((year) => year < 1960);
      const secondBatch = years.filter((year) => year >= 1960);
      expect(firstBatch).not.toEqual(sorted(firstBatch));
      expect(secondBatch).not.toEqual(sorted(secondBatch));
    });

    it("gives every released answer the same timestamps, and no invitation, device, revisions or history", async () => {
      const opened = await db().selectFrom("surveys").select("opened_at").where("id", "=", survey.id).executeTakeFirstOrThrow();
      const rows = await db().selectFrom("responses").selectAll().where("survey_id", "=", survey.id).execute();
      const moments = new Set(rows.flatMap((row) => [row.created_at.getTime(), row.updated_at.getTime(), row.submitted_at!.getTime()]));
      expect([...moments]).toEqual([opened.opened_at!.getTime()]);
      for (const row of rows) expect(row).toMatchObject({ invitation_id: null, last_device: "", answer_revisions: {}, revision: 1, current_page: 0, status: "submitted" });
      expect(await db().selectFrom("response_submissions").select("id").where("response_id", "in", rows.map((row) => row.id)).execute()).toEqual([]);
    });

    it("loses nothing: the released answers are exactly the submitted ones", async () => {
      const rows = await released(survey.id);
      const key = (answers: Record<string, unknown>) => JSON.stringify(Object.entries(answers).sort());
      expect(rows.map((row) => key(row.answers)).sort()).toEqual(Array.from({ length: 20 }, (_, index) => key(answersOf(index))).sort());
      expect(await db().selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", survey.id).execute()).toEqual([]);
    });

    it("orders released rows by the random id given at release, so a later batch does not come last; planners get no row listing at all", async () => {
      expect((await planner.request("GET", `/api/surveys/${survey.id}/export/responses?format=csv&values=codes`)).status).toBe(403);
      // Any listing by id (the order the export code uses for anonymous surveys) mixes the batches.
      const byId = (await released(survey.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
      // The second batch is not a block at the end (1 in 184,756 by chance).
      expect(yearsOf(byId).slice(10).every((year) => year >= 1960)).toBe(false);
    });

    it("leaves no dead tuple that carries an invitation or an invitation's transaction id after the release", async () => {
      await vacuumAnswerTables(db());
      const invitationBytes = survey.invitationIds.map((id) => id.replaceAll("-", ""));
      for (const table of ["responses", "pending_anonymous_answers"]) {
        for (const tuple of await storedTuples(db(), table)) {
          expect(submittedXmins, table).not.toContain(tuple.t_xmin);
          for (const invitation of invitationBytes) expect(tuple.data, table).not.toContain(invitation);
        }
      }
    });
  });

  describe("one submission changes nothing a planner can read", () => {
    let survey: AnonymousSurvey & { entryId?: string };

    beforeAll(async () => {
      await setBatchSize(planner, 3);
      survey = await anonymousSurvey(testApp, planner, "drei", 6);
      for (let index = 0; index < 3; index++) await submit(testApp, survey.tokens[index]!, answersOf(index));
      expect(await released(survey.id)).toHaveLength(3);
    });

    /** Everything a planner can read about the answers (the invitation counts aside, which may count answered invitations). */
    async function plannerView() {
      const { counts: _counts, pendingRelease: _pending, ...results } = await planner.json("GET", `/api/surveys/${survey.id}/results`);
      const { counts: _groupedCounts, pendingRelease: _groupedPending, ...grouped } = await planner.json("POST", `/api/surveys/${survey.id}/results/query`, {
        groupBy: { question: "network.sphere" },
      });
      const text = async (path: string) => {
        const response = await planner.request("GET", path);
        return `${response.status} ${await response.text()}`;
      };
      return {
        results,
        grouped,
        csv: await text(`/api/surveys/${survey.id}/export/responses?format=csv`),
        codes: await text(`/api/surveys/${survey.id}/export/responses?format=csv&values=codes`),
        summary: await text(`/api/surveys/${survey.id}/export/summary`),
        info: await text(`/api/surveys/${survey.id}/export/info`),
        gaps: await text(`/api/surveys/${survey.id}/gap-matrix`),
      };
    }

    it("shows results and exports before and after one submission identically until k answers wait", async () => {
      const before = await plannerView();
      expect(before.results.respondents).toBe(3);
      await submit(testApp, survey.tokens[3]!, answersOf(3));
      expect(await plannerView()).toEqual(before);
      await submit(testApp, survey.tokens[4]!, answersOf(4));
      expect(await plannerView()).toEqual(before);
      expect((await planner.json("GET", `/api/surveys/${survey.id}/results`)).pendingRelease).toEqual({ answers: 2, batchSize: 3 });
      await submit(testApp, survey.tokens[5]!, answersOf(5));
      const after = await plannerView();
      expect(after.results.respondents).toBe(6);
    });

    it("never exports drafts (or any single response) of an anonymous survey: a draft is linked, and vanishes on submit", async () => {
      const other = await anonymousSurvey(testApp, planner, "entwurf", 1);
      expect((await testApp.request("PUT", `/api/r/${other.tokens[0]}/draft`, { answers: answersOf(7), page: 0, baseRevision: 0 })).status).toBe(200);
      const refused = await planner.request("GET", `/api/surveys/${other.id}/export/responses?format=csv&status=all`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as any).error.code).toBe("export_not_allowed");
    });
  });

  describe("no planner-visible time of submission", () => {
    it("has no exact submission time in any route a planner can read, nor anywhere in the database", async () => {
      await setBatchSize(planner, 5);
      const survey = (await anonymousSurvey(testApp, planner, "zeit", 2)) as AnonymousSurvey & { entryId: string };
      // Opening the link sets opened_at: before the window.
      expect((await testApp.request("GET", `/api/r/${survey.tokens[0]}`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const from = Date.now();
      await submit(testApp, survey.tokens[0]!, answersOf(0));
      const to = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 20));

      // Every timestamp column of every table.
      const columns = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and data_type like 'timestamp%'`.execute(db());
      for (const { table_name, column_name } of columns.rows) {
        const hits = await sql<{ n: number }>`
          select count(*)::int as n from ${sql.table(table_name)}
          where ${sql.ref(column_name)} between ${new Date(from)} and ${new Date(to)}`.execute(db());
        expect(hits.rows[0]!.n, `${table_name}.${column_name}`).toBe(0);
      }

      // Every GET route of the API a planner can call, read from the OpenAPI document.
      const document = (await (await testApp.request("GET", "/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
      const walked: string[] = [];
      for (const path of Object.keys(document.paths)) {
        if (!document.paths[path]!.get || /\{(token|itemId)\}/.test(path) || /^\/api\/series\/\{id\}/.test(path)) continue;
        const concrete = path
          .replace(/^\/api\/directory\/entries\/\{id\}/, `/api/directory/entries/${survey.entryId}`)
          .replace("{invitationId}", survey.invitationIds[0]!)
          .replace("{id}", survey.id);
        const response = await planner.request("GET", concrete);
        const body = await response.text();
        walked.push(`${response.status} ${concrete}`);
        for (const match of body.matchAll(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/g)) {
          const moment = Date.parse(match[0]);
          expect(moment >= from && moment <= to, `${concrete} shows ${match[0]}`).toBe(false);
        }
      }
      const reached = walked.filter((line) => line.startsWith("200 "));
      for (const route of ["/invitations", "/data-export", "/api/audit-log", "/api/dev/mailbox", "/results", "/export/summary"]) {
        expect(reached.some((line) => line.includes(route)), `${route} in ${walked.join(", ")}`).toBe(true);
      }
      const { invitations } = await planner.json("GET", `/api/surveys/${survey.id}/invitations`);
      expect(invitations.find((invitation: { id: string }) => invitation.id === survey.invitationIds[0])).toMatchObject({ status: "submitted", submittedAt: null });
    });
  });

  describe("storage", () => {
    it("refuses to store a submitted anonymous answer that names an invitation", async () => {
      await setBatchSize(planner, 5);
      const survey = await anonymousSurvey(testApp, planner, "speicher", 1);
      expect((await testApp.request("PUT", `/api/r/${survey.tokens[0]}/draft`, { answers: answersOf(0), page: 0, baseRevision: 0 })).status).toBe(200);
      const linked = db().updateTable("responses").set({ status: "submitted" }).where("invitation_id", "=", survey.invitationIds[0]!).execute();
      await expect(linked).rejects.toThrow(/must not name an invitation/);
      const inserted = db()
        .insertInto("responses")
        .values({ organisation_id: planner.organisationId, survey_id: survey.id, invitation_id: survey.invitationIds[0]!, answers: "{}", status: "submitted" })
        .execute();
      await expect(inserted).rejects.toThrow(/must not name an invitation|duplicate key/);
    });
  });

  describe("submissions at the same time", () => {
    it("are released in batches never smaller than k, and none is lost or released twice", async () => {
      await setBatchSize(planner, 3);
      const survey = await anonymousSurvey(testApp, planner, "parallel", 14);
      await Promise.all(survey.tokens.map((token, index) => submit(testApp, token, answersOf(index))));
      const rows = await released(survey.id);
      const pending = await db().selectFrom("pending_anonymous_answers").select("answers").where("survey_id", "=", survey.id).execute();
      expect(pending.length).toBeLessThan(3);
      expect(sorted([...yearsOf(rows), ...yearsOf(pending)])).toEqual(Array.from({ length: 14 }, (_, index) => 1950 + index));
      const batches = new Map<string, number>();
      for (const row of rows) batches.set(row.xmin, (batches.get(row.xmin) ?? 0) + 1);
      for (const size of batches.values()) expect(size).toBeGreaterThanOrEqual(3);
    });
  });

  describe("fewer than k", () => {
    it("keep waiting after the survey closed, are released once k wait, and go by retention like any response", async () => {
      await setBatchSize(planner, 3);
      const survey = await anonymousSurvey(testApp, planner, "rest", 3);
      await submit(testApp, survey.tokens[0]!, answersOf(0));
      await submit(testApp, survey.tokens[1]!, answersOf(1));
      await planner.json("POST", `/api/surveys/${survey.id}/close`);
      expect(await released(survey.id)).toEqual([]);
      const results = await planner.json("GET", `/api/surveys/${survey.id}/results`);
      expect(results).toMatchObject({ respondents: 0, pendingRelease: { answers: 2, batchSize: 3 } });
      expect(results.counts.submitted).toBe(2);
      expect(await planner.json("GET", `/api/surveys/${survey.id}/deletion-summary`)).toMatchObject({ responses: 2, submittedResponses: 2 });

      // Reopened, the third answer completes the batch.
      await planner.json("POST", `/api/surveys/${survey.id}/open`);
      await submit(testApp, survey.tokens[2]!, answersOf(2));
      expect(sorted(yearsOf(await released(survey.id)))).toEqual([1950, 1951, 1952]);

      // Retention takes waiting answers too.
      const late = await anonymousSurvey(testApp, planner, "spaet", 1);
      await submit(testApp, late.tokens[0]!, answersOf(0));
      await planner.json("POST", `/api/surveys/${late.id}/close`);
      await planner.json("PATCH", "/api/organisation", { retentionMonths: 1 });
      await db().updateTable("surveys").set({ closed_at: new Date(Date.now() - 90 * 86_400_000) }).where("id", "=", late.id).execute();
      const swept = await runRetentionSweep(db());
      expect(swept.responses).toBeGreaterThanOrEqual(1);
      expect(await db().selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", late.id).execute()).toEqual([]);
      await planner.json("PATCH", "/api/organisation", { retentionMonths: null });
    });

    it("are released by the periodic round once k is lowered behind the app's back", async () => {
      await setBatchSize(planner, 5);
      const survey = await anonymousSurvey(testApp, planner, "runde", 3);
      for (let index = 0; index < 3; index++) await submit(testApp, survey.tokens[index]!, answersOf(index));
      expect(await released(survey.id)).toEqual([]);
      await db().updateTable("organisations").set({ min_cell_size: 3 }).where("id", "=", planner.organisationId).execute();
      const releaser = startAnonymousReleaser({ db: db(), intervalMs: 3_600_000 });
      expect(await releaser.runOnce()).toBe(3);
      await releaser.stop();
      expect(await released(survey.id)).toHaveLength(3);
    });
  });
});

describeEachDatabase("anonymous answers waiting for their batch", (kind) => {
  it("survive a restart and are released later", async () => {
    const stored = await reopenableTestDatabase(kind);
    try {
      const first = await createTestApp(kind, { database: await stored.open() });
      const { planner } = await setUpOrganisation(first);
      await setBatchSize(planner, 3);
      const survey = await anonymousSurvey(first, planner, "neustart", 3);
      await submit(first, survey.tokens[0]!, answersOf(0));
      await submit(first, survey.tokens[1]!, answersOf(1));
      await first.close();

      const second = await createTestApp(kind, { database: await stored.open() });
      try {
        const db = second.database.db;
        // What the server does at start: nothing is due yet, and the two answers are still there.
        expect(await releaseAllAnonymousAnswers(db)).toBe(0);
        expect(await answerTablesNotVacuumable(db)).toEqual([]);
        await vacuumAtStart(db);
        expect(await db.selectFrom("pending_anonymous_answers").select("id").where("survey_id", "=", survey.id).execute()).toHaveLength(2);
        await submit(second, survey.tokens[2]!, answersOf(2));
        const rows = await db.selectFrom("responses").select("answers").where("survey_id", "=", survey.id).execute();
        expect(sorted(yearsOf(rows))).toEqual([1950, 1951, 1952]);
        const again = new PlannerClient(second, planner.cookie, planner.csrfToken, planner.organisationId);
        expect((await again.json("GET", `/api/surveys/${survey.id}/results`)).respondents).toBe(3);
      } finally {
        await second.close();
      }
    } finally {
      await stored.dispose();
    }
  });
});

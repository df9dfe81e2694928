import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, HttpPlanner, requirePostgresOrExplain, startAppProcess, tokenIn, waitFor, type AppProcess } from "./fault-support.ts";

/**
 * The server process is killed (SIGKILL: no shutdown, no flush) in the middle of an autosave
 * burst over real HTTP, then started again on the same PostgreSQL database. Every save the
 * server acknowledged with 200 must be there after the restart: the response's revision is at
 * least the last acknowledged one, and where it is the same, the stored answers are exactly the
 * acknowledged ones (where it is one higher, the save in flight at the kill was committed but its
 * answer never arrived: the stored answers are then that save's). Acknowledged submissions stay
 * submitted. The server's log holds no token and no e-mail address.
 */
const RESPONDENTS = 40;
const enabled = requirePostgresOrExplain("kill-during-autosave fault test");

interface Attempt {
  revision: number;
  answers: Record<string, unknown>;
  submit: boolean;
}

describe.skipIf(!enabled)("SIGKILL during an autosave burst", () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let server: AppProcess | undefined;
  const logs: string[] = [];

  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await database?.drop();
  });

  it("keeps every acknowledged save and submission", { timeout: 240_000 }, async () => {
    server = await startAppProcess({ DATABASE_URL: database.url, MAIL_POLL_MS: "100" });
    const planner = await HttpPlanner.setUp(server.url);
    const surveyId = await planner.openSurvey();
    const addresses = Array.from({ length: RESPONDENTS }, (_, index) => `kita${index}@vohwinkel.example`);
    await planner.json("POST", `/surveys/${surveyId}/invitations`, { recipients: addresses.map((email) => ({ email, name: "" })) });
    const mails = await waitFor("all invitations in the dev mailbox", async () => {
      const { mails } = await planner.json<{ mails: { to: string; text: string }[] }>("GET", "/dev/mailbox");
      return mails.length >= RESPONDENTS ? mails : undefined;
    });
    const tokens = addresses.map((address) => tokenIn(mails.find((mail) => mail.to.includes(address))!.text));

    // The burst: each respondent saves one after the other (based on the revision it got back);
    // every eighth save of every third respondent is a submission.
    const acknowledged = tokens.map(() => ({ revision: 0, answers: {} as Record<string, unknown>, submitted: false }));
    const lastAttempt: (Attempt | null)[] = tokens.map(() => null);
    let killed = false;
    let acks = 0;
    let failures = 0;
    const target = server.url;
    const burst = tokens.map(async (token, respondent) => {
      for (let save = 1; !killed; save++) {
        const submit = respondent % 3 === 0 && save % 8 === 0;
        const answers = { "network.name": `Netzwerk ${respondent}, Stand ${save}`, "network.sphere": save % 2 === 0 ? "district" : "city" };
        const baseRevision = acknowledged[respondent]!.revision;
        lastAttempt[respondent] = { revision: baseRevision + 1, answers, submit };
        try {
          const response = await fetch(`${target}/api/r/${token}/${submit ? "submit" : "draft"}`, {
            method: submit ? "POST" : "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ answers, page: 0, baseRevision, changed: Object.keys(answers) }),
          });
          const body = (await response.json()) as { revision: number; status: string };
          if (response.status !== 200) throw new Error(`unexpected ${response.status}: ${JSON.stringify(body)}`);
          acknowledged[respondent] = { revision: body.revision, answers, submitted: acknowledged[respondent]!.submitted || submit };
          acks++;
          if (submit) return; // submitted answers are final in this survey
        } catch (error) {
          if (!killed) throw error;
          failures++;
          return;
        }
      }
    });
    await waitFor("a few hundred acknowledged saves", () => acks >= 600, 60_000, 5);
    // From here on a failed request is expected (cut off by the kill) and no new save starts.
    killed = true;
    await server.stop("SIGKILL");
    const settled = await Promise.allSettled(burst);
    expect(settled.filter((result) => result.status === "rejected")).toEqual([]);
    logs.push(server.output());
    console.info(`[faults] autosave burst: ${acks} saves acknowledged before SIGKILL, ${failures} requests cut off by it`);

    server = await startAppProcess({ DATABASE_URL: database.url, MAIL_POLL_MS: "100" });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    let inFlightCommitted = 0;
    try {
      for (const [respondent, token] of tokens.entries()) {
        const view = (await (await fetch(`${server.url}/api/r/${token}`)).json()) as { revision: number; answers: Record<string, unknown>; status: string };
        const acked = acknowledged[respondent]!;
        expect(view.revision, `respondent ${respondent}`).toBeGreaterThanOrEqual(acked.revision);
        expect(view.revision, `respondent ${respondent}`).toBeLessThanOrEqual(acked.revision + 1);
        if (view.revision === acked.revision) {
          expect(view.answers, `respondent ${respondent}`).toEqual(acked.answers);
        } else {
          inFlightCommitted++;
          expect(view.answers, `respondent ${respondent}: the committed save in flight`).toEqual(lastAttempt[respondent]!.answers);
        }
        if (acked.submitted) expect(view.status, `respondent ${respondent}`).toBe("submitted");
      }
      // The same, straight from the table; and every acknowledged submission is kept as a submission row.
      const rows = await client.query<{ revision: number; status: string; submissions: number }>(
        `select responses.revision, responses.status,
                (select count(*)::int from response_submissions where response_submissions.response_id = responses.id) as submissions
         from responses`,
      );
      expect(rows.rows.length).toBe(acknowledged.filter((acked) => acked.revision > 0).length);
      const submittedAcks = acknowledged.filter((acked) => acked.submitted).length;
      expect(rows.rows.filter((row) => row.status === "submitted").length).toBeGreaterThanOrEqual(submittedAcks);
      expect(rows.rows.filter((row) => row.submissions > 0).length).toBeGreaterThanOrEqual(submittedAcks);
      console.info(`[faults] after the restart: all ${acks} acknowledged saves kept; ${inFlightCommitted} saves in flight at the kill were committed without their answer arriving`);
    } finally {
      await client.end();
    }

    // The restarted server takes saves again, and nothing personal or secret went to its log.
    const resumed = await fetch(`${server.url}/api/r/${tokens[1]}/draft`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ answers: { "network.name": "Nach dem Neustart" }, baseRevision: (await (await fetch(`${server.url}/api/r/${tokens[1]}`)).json()).revision }),
    });
    expect([200, 409]).toContain(resumed.status);
    logs.push(server.output());
    const allLogs = logs.join("\n");
    for (const token of tokens) expect(allLogs).not.toContain(token);
    expect(allLogs).not.toMatch(/@vohwinkel\.example|planung@wuppertal/);
    for (const line of allLogs.split("\n").filter((line) => line.trim().startsWith("{"))) expect(() => JSON.parse(line)).not.toThrow();
  });
});

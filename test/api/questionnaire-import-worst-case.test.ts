import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { EVENT_LOOP_BUDGET_MS, underHealthWatch } from "../support/event-loop.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";
import { inlineCell, sheetXml, xlsxWithSheet } from "../support/zip-file.ts";

/**
 * Questionnaire imports at their worst, all at once while `/api/health` is polled: JSON nested
 * millions deep, billion laughs, XML nested a million deep, an XLSForm zip bomb (honest and lying
 * about its size), 10,000 questions, a file over 5 MB. Each is refused with its limit named, and the event loop is never held up for 100 ms: parsing
 * and converting run in the worker pool.
 */
const MB = 1024 * 1024;
const base64 = (content: string | Uint8Array) => Buffer.from(content).toString("base64");

const bomb = (declaredSize?: number) => {
  const row = `<row>${inlineCell("A1", "text")}${inlineCell("B1", "frage")}</row>`;
  return xlsxWithSheet(sheetXml(row.repeat(Math.ceil((100 * MB) / row.length))), declaredSize);
};

const cases: { fileName: string; content: string | Uint8Array; status: number; code: string; names: RegExp }[] = [
  { fileName: "tief.json", content: `{"pages": [], "x": ${"[".repeat(2 * MB)}${"]".repeat(2 * MB)}}`, status: 400, code: "questionnaire_too_large", names: /nested more than/ },
  {
    fileName: "lachen.lss",
    content: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level || ""};`.repeat(10)}">`).join("")}]><document>&lol9;</document>`,
    status: 400,
    code: "invalid_xml",
    names: /DOCTYPE or ENTITY/,
  },
  { fileName: "tief.lss", content: `<?xml version="1.0"?><document>${"<a>".repeat(1_500_000)}</document>`, status: 400, code: "questionnaire_too_large", names: /nested more than 16 levels/ },
  { fileName: "bombe.xlsx", content: bomb(), status: 400, code: "questionnaire_too_large", names: /unpacks to more than 40 MB/ },
  { fileName: "luegt.xlsx", content: bomb(900 * 1024), status: 400, code: "not_an_xlsform", names: /does not unpack to its stated size/ },
  {
    fileName: "zehntausend.json",
    content: JSON.stringify({ elements: Array.from({ length: 10_000 }, (_, index) => ({ type: "text", name: `q${index}` })) }),
    status: 400,
    code: "questionnaire_too_large",
    names: /more than 2000 questions/,
  },
  { fileName: "riesig.json", content: `{"pages": [], "x": "${"x".repeat(5 * MB)}"}`, status: 413, code: "file_too_large", names: /at most 5 MB/ },
];

describeEachDatabase("questionnaire imports at their worst never hold up other requests", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
  });
  afterAll(() => testApp.close());

  it("refuses each with its limit named while the event loop stays free and /api/health answers", { timeout: 120_000 }, async () => {
    const bodies = cases.map((entry) => JSON.stringify({ fileName: entry.fileName, contentBase64: base64(entry.content) }));
    // Warm the pool, as a running server is once anyone imported something.
    expect((await planner.request("POST", "/api/surveys/import", { fileName: "warm.json", contentBase64: base64('{"elements":[{"type":"text","name":"a"}]}') })).status).toBe(201);
    const { result: answers, maxDelayMs, healthTimes, healthFailures } = await underHealthWatch(testApp, async () => {
      const all = await Promise.all(
        bodies.map(async (body) => {
          const response = await planner.request("POST", "/api/surveys/import", body);
          return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string; messageDe: string } } };
        }),
      );
      return all;
    });
    cases.forEach((entry, index) => {
      const answer = answers[index]!;
      expect({ file: entry.fileName, status: answer.status, code: answer.body.error?.code ?? "" }).toEqual({ file: entry.fileName, status: entry.status, code: entry.code });
      if (entry.code) expect(answer.body.error!.message, entry.fileName).toMatch(entry.names);
    });
    console.info(`questionnaire worst cases: event loop held up at most ${Math.round(maxDelayMs)} ms; /api/health within ${Math.round(healthTimes.at(-1)!)} ms (median ${Math.round(healthTimes[healthTimes.length >> 1]!)} ms, ${healthTimes.length} polls)`);
    // See directory-import-worst-case.test.ts: only the database's own 2 s timeout may fail on a loaded machine.
    expect(healthFailures.filter((failure) => !failure.includes("no answer within"))).toEqual([]);
    expect(healthTimes[healthTimes.length >> 1]).toBeLessThan(100);
    expect(maxDelayMs).toBeLessThan(EVENT_LOOP_BUDGET_MS);
  });
});

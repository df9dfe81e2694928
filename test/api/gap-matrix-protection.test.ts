import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/databases.ts";
import { releaseSeededAnswers } from "../support/released-answers.ts";
import { disclosed, type Published } from "../support/disclosure-audit.ts";
import { createTestApp, setUpOrganisation, type PlannerClient, type TestApp } from "../support/test-app.ts";

/**
 * The gap matrix of pseudonymous and anonymous surveys, attacked through the planner's routes:
 * generated institutions in generated districts list offers for a generated life phase (or none),
 * with a generated k; the test reads the matrix and every cell's drill-down and checks that
 * - a cell whose offers come from 1 … k−1 institutions is withheld, shown cells are right, and no
 *   figure anywhere is below k (but not 0);
 * - a total is shown only when no cell it sums over is withheld; the median and the flags come
 *   from shown cells only;
 * - a withheld cell's offers cannot be listed (403), a shown cell's can;
 * - from everything shown — the cells, the row totals, and the column totals the results page shows
 *   (offers per life phase, and without one) — no withheld count below k can be worked out
 *   (test/support/disclosure-audit.ts enumerates every consistent table), for the offers and for
 *   the institutions. Every institution lists offers for one phase, so rows add up to their totals
 *   exactly: the attacker's best case. As controls, the same audit finds disclosures when the row
 *   totals are shown regardless, and when only the small cells are withheld (no column rule).
 */

type Json = Record<string, any>;

const PHASES = ["early_childhood", "school"] as const;

interface Institution {
  district: number; // 2: none (placed in no district)
  phase: number; // 2: no life phase
  offers: number; // 0: lists no offer
}

// Weighted towards one cell, so that runs have cells of k institutions beside small ones.
const institutionArbitrary: fc.Arbitrary<Institution> = fc.record({
  district: fc.constantFrom(0, 0, 0, 1, 2),
  phase: fc.constantFrom(0, 0, 0, 1, 2),
  offers: fc.constantFrom(0, 1, 1, 2),
});

describeEachDatabase("gap matrix of pseudonymous and anonymous surveys", (kind) => {
  let testApp: TestApp;
  let planner: PlannerClient;
  const districts: { id: string; name: string }[] = [];
  let run = 0;
  /** What the property saw, so runs that never met a withheld cell cannot pass unnoticed. */
  const seen = { withheld: 0, shown: 0, audited: 0, columnsAudited: 0, rowControlDisclosures: 0, columnControlDisclosures: 0 };

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner } = await setUpOrganisation(testApp));
    for (const name of ["Nord", "Süd"]) districts.push({ name, id: (await planner.json("POST", "/api/directory/districts", { name }, 201)).id });
  });
  afterAll(() => testApp.close());

  async function seed(mode: "pseudonymous" | "anonymous", institutions: Institution[]) {
    run += 1;
    const { id } = await planner.json("POST", "/api/surveys", { title: `Angebote ${run}` }, 201);
    await planner.json("PATCH", `/api/surveys/${id}`, { items: ["actor.district", "actor.offers"].map((itemId) => ({ itemId, version: 1 })), privacyMode: mode });
    await planner.json("POST", `/api/surveys/${id}/open`);
    await testApp.database.db
      .insertInto("responses")
      .values(
        institutions.map((institution, index) => ({
          organisation_id: planner.organisationId,
          survey_id: id,
          invitation_id: null,
          answers: JSON.stringify({
            "actor.district": institution.district < 2 ? districts[institution.district]!.name : "Nirgendwo",
            "actor.offers": Array.from({ length: institution.offers }, (_, offer) => ({
              offer_name: `Angebot ${index}-${offer}`,
              ...(institution.phase < 2 ? { life_phases: [PHASES[institution.phase]] } : {}),
            })),
          }),
          status: "submitted" as const,
          submitted_at: new Date(),
        })),
      )
      .execute();
    await releaseSeededAnswers(testApp.database.db);
    return id as string;
  }

  it("shows no cell of fewer than k institutions, nor anything it could be worked out from", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(institutionArbitrary, { minLength: 10, maxLength: 24 }), fc.integer({ min: 3, max: 5 }), fc.constantFrom("pseudonymous" as const, "anonymous" as const), async (institutions, k, mode) => {
        await testApp.database.db.updateTable("organisations").set({ min_cell_size: k }).where("id", "=", planner.organisationId).execute();
        const surveyId = await seed(mode, institutions);
        const matrix = await planner.json("GET", `/api/surveys/${surveyId}/gap-matrix`);
        expect(matrix.protection).toEqual({ mode, k });
        const columns: (string | null)[] = [...matrix.lifePhases.map((phase: Json) => phase.value), null];
        const rowKeys: (string | null)[] = matrix.rows.map((row: Json) => row.districtId);

        // The true tables, rows and columns as the matrix has them.
        const truth = (measure: "offers" | "providers") =>
          rowKeys.map((key) =>
            columns.map((column) =>
              institutions
                .filter((institution) => institution.offers > 0 && (institution.district < 2 ? districts[institution.district]!.id : null) === key && (institution.phase < 2 ? PHASES[institution.phase] : null) === column)
                .reduce((sum, institution) => sum + (measure === "offers" ? institution.offers : 1), 0),
            ),
          );
        const offers = truth("offers");
        const providers = truth("providers");
        const shownOf = (row: Json, column: number) => (column < row.cells.length ? row.cells[column].offers : row.noLifePhase);
        const shown = matrix.rows.map((row: Json) => columns.map((_, column) => shownOf(row, column) !== null));

        // Cells: withheld when 1 … k−1 institutions contributed (and others by the column rule); shown ones right.
        const small = providers.map((row) => row.map((count) => count > 0 && count < k));
        matrix.rows.forEach((row: Json, r: number) => {
          columns.forEach((column, c) => {
            if (small[r]![c]) expect(shown[r][c], `${row.name}|${column}`).toBe(false);
            if (!shown[r][c]) {
              seen.withheld += 1;
              if (c < row.cells.length) expect(row.cells[c]).toMatchObject({ offers: null, providers: null, flag: null });
              else expect(row.noLifePhaseProviders).toBeNull();
              return;
            }
            if (offers[r]![c]! > 0) seen.shown += 1;
            expect(shownOf(row, c)).toBe(offers[r]![c]);
            expect(c < row.cells.length ? row.cells[c].providers : row.noLifePhaseProviders).toBe(providers[r]![c]);
          });
          // A row's totals only when nothing in the row is withheld.
          const clean = shown[r].every(Boolean);
          const sum = (table: number[][]) => table[r]!.reduce((total, value) => total + value, 0);
          expect([row.total, row.providers]).toEqual(clean ? [sum(offers), sum(providers)] : [null, null]);
        });
        const anyWithheld = shown.some((row: boolean[]) => row.some((cell) => !cell));
        const noPhaseWithheld = shown.some((row: boolean[]) => !row[columns.length - 1]);
        expect(matrix.totals.offers === null).toBe(anyWithheld);
        expect(matrix.totals.providers === null).toBe(anyWithheld);
        expect(matrix.totals.noLifePhase === null).toBe(noPhaseWithheld);
        expect(matrix.totals.respondents).toBe(institutions.length);

        // Nothing anywhere rests on 1 … k−1 institutions (the submitted responses are public: who took part).
        const figures = [
          ...matrix.rows.flatMap((row: Json) => [row.total, row.providers, row.noLifePhase, row.noLifePhaseProviders, ...row.cells.flatMap((cell: Json) => [cell.offers, cell.providers])]),
          matrix.totals.offers,
          matrix.totals.providers,
          matrix.totals.noDistrict,
          matrix.totals.noLifePhase,
        ];
        for (const value of figures) if (value !== null) expect(value === 0 || value >= k, `${value} (k = ${k})`).toBe(true);

        // Median and flags from the shown cells only.
        const values = matrix.rows
          .filter((row: Json) => row.districtId !== null)
          .flatMap((row: Json) => row.cells.map((cell: Json) => cell.offers))
          .filter((value: number | null): value is number => value !== null && value > 0)
          .sort((a: number, b: number) => a - b);
        const middle = Math.floor(values.length / 2);
        expect(matrix.median).toBe(values.length === 0 ? null : values.length % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2);
        for (const row of matrix.rows) for (const cell of row.cells) if (cell.offers === null) expect(cell.flag).toBeNull();

        // The drill-down: refused for a withheld cell, the cell's offers for a shown one.
        for (const [r, row] of matrix.rows.entries()) {
          for (const [c, column] of columns.entries()) {
            if (offers[r]![c] === 0) continue;
            const response = await planner.request("GET", `/api/surveys/${surveyId}/gap-matrix/offers?district=${row.districtId ?? "none"}&lifePhase=${column ?? "none"}`);
            if (!shown[r][c]) {
              expect(response.status).toBe(403);
              expect(((await response.json()) as Json).error.code).toBe("cell_withheld");
            } else {
              expect(response.status).toBe(200);
              expect(((await response.json()) as Json).total).toBe(offers[r]![c]);
            }
          }
        }

        // The audit: each row with its total (the rows share no shown figure but the column without
        // a phase, audited on its own), for offers and for institutions.
        for (const [table, totals] of [
          [offers, matrix.rows.map((row: Json) => row.total)],
          [providers, matrix.rows.map((row: Json) => row.providers)],
        ] as const) {
          table.forEach((counts, r) => {
            const published: Published = { rows: [counts], shown: [shown[r]], rowTotals: [totals[r]], additive: true, margin: counts, marginShown: counts.map(() => false) };
            const found = disclosed(published, k);
            if (found) {
              seen.audited += 1;
              expect(found, JSON.stringify({ row: matrix.rows[r].name, counts, shown: shown[r], total: totals[r] })).toEqual([]);
            }
            // Control: the row's total shown regardless would give a lone withheld cell back.
            const control = disclosed({ ...published, rowTotals: [counts.reduce((sum, value) => sum + value, 0)] }, k);
            if (control && control.length > 0) seen.rowControlDisclosures += 1;
          });
        }

        // The columns against the totals the results page shows: the offers list's life-phase field
        // counted over all entries, and the entries and those that answered it.
        const results = await planner.json("POST", `/api/surveys/${surveyId}/results/query`, {});
        const list = results.questions.find((question: Json) => question.name === "actor.offers");
        const field = list?.fields?.find((candidate: Json) => candidate.name === "life_phases");
        columns.forEach((column, c) => {
          const values = offers.map((row) => row[c]!);
          const margin = values.reduce((sum, value) => sum + value, 0);
          let known = false;
          if (results.respondents !== null && list?.n !== null && field) {
            if (column === null) known = list.entries !== null && field.n !== null;
            else {
              const count = field.options.find((option: Json) => option.value === column)?.count ?? null;
              if (count !== null) expect(count, `results page: ${column}`).toBe(margin);
              known = count !== null;
            }
          }
          if (column === null && known) expect(list.entries - field.n).toBe(margin);
          const published: Published = { rows: values.map((value) => [value]), shown: shown.map((row: boolean[]) => [row[c]!]), rowTotals: values.map(() => null), additive: false, margin: [margin], marginShown: [known] };
          const found = disclosed(published, k);
          if (found) {
            if (known) seen.columnsAudited += 1;
            expect(found, JSON.stringify({ column, values, shown: published.shown, margin, known })).toEqual([]);
          }
          const control = disclosed({ ...published, shown: small.map((row) => [!row[c]]) }, k);
          if (control && control.length > 0) seen.columnControlDisclosures += 1;
        });
      }),
      { numRuns: kind === "pglite" ? 12 : 8 },
    );
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
  });
});

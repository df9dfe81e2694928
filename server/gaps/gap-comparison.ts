import type { Kysely } from "kysely";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { findOrganisationSurvey } from "../lib/tenant-survey.ts";
import { wavesOf } from "../waves/series.ts";
import { gapMatrix, type GapMatrix } from "./gap-matrix.ts";

interface SurveyInSeries {
  id: string;
  definition: Record<string, unknown> | null;
  privacy_mode: PrivacyMode;
  series_id: string | null;
}

/**
 * The gap matrix of a survey and, when the survey is a wave of a series, what changed since the
 * wave before: each cell's count then, gaps that closed and gaps that opened. This answers the
 * planner's question "did the gaps close since last year?" on the same page as the gaps.
 * Cells are matched by district (the organisation's districts outlive waves) and life phase (the
 * canon's codes); the row without a district is not compared. The wave before is the latest
 * earlier opened wave (series order: opening date) that has an offers list.
 * Both matrices come protected when their survey is pseudonymous or anonymous (gap-protection.ts):
 * a cell withheld in either wave gets no count then (`previous: null`) and no change, since a
 * change would tell whether the withheld cell has offers. The two waves are different responses,
 * so comparing shown cells gives away nothing about one of them.
 *
 * @example
 * const matrix = await gapMatrixAcrossWaves(db, organisationId, survey);
 * matrix.previousWave; // { waveLabel: "2025", closedGaps: 3, newGaps: 1, … }
 * matrix.rows[0].cells[0]; // { offers: 2, previous: 0, change: "closed", … }
 */
export async function gapMatrixAcrossWaves(db: Kysely<Database>, organisationId: string, survey: SurveyInSeries): Promise<GapMatrix> {
  const current = await gapMatrix(db, organisationId, survey);
  if (!current.available || !survey.series_id) return current;
  const waves = await wavesOf(db, organisationId, survey.series_id);
  const earlier = waves.slice(0, Math.max(0, waves.findIndex((wave) => wave.surveyId === survey.id))).filter((wave) => wave.openedAt !== null);
  for (const wave of earlier.reverse()) {
    const previous = await gapMatrix(db, organisationId, await findOrganisationSurvey(db, organisationId, wave.surveyId));
    if (!previous.available) continue;
    return compared(current, previous, { surveyId: wave.surveyId, title: wave.title, waveLabel: wave.waveLabel });
  }
  return current;
}

/** `current` with each placed cell's count in `previous` and the gaps that closed or opened. */
function compared(current: GapMatrix, previous: GapMatrix, wave: { surveyId: string; title: string; waveLabel: string }): GapMatrix {
  const before = new Map<string, number | null>();
  for (const row of previous.rows) {
    if (row.districtId === null) continue;
    for (const cell of row.cells) before.set(`${row.districtId}|${cell.lifePhase}`, cell.offers);
  }
  let closedGaps = 0;
  let newGaps = 0;
  const rows = current.rows.map((row) => {
    if (row.districtId === null) return row;
    const cells = row.cells.map((cell) => {
      const then = before.get(`${row.districtId}|${cell.lifePhase}`);
      if (then === undefined) return cell;
      const change =
        then === null || cell.offers === null ? null : then === 0 && cell.offers > 0 ? ("closed" as const) : then > 0 && cell.offers === 0 ? ("new_gap" as const) : null;
      if (change === "closed") closedGaps++;
      if (change === "new_gap") newGaps++;
      return { ...cell, previous: then, change };
    });
    return { ...row, cells };
  });
  return { ...current, rows, previousWave: { ...wave, closedGaps, newGaps } };
}

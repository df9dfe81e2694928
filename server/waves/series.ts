/**
 * Survey series (Reihen): surveys that ask the same canon questions again, e.g. the
 * "Bestandsaufnahme" of 2025 and 2026. Each survey of a series is one wave with a label ("2026").
 * A series belongs to one organisation; every query here is scoped by it, and a series or survey
 * of another organisation is reported like a missing one (404).
 *
 * @example
 * const series = await createSeries(db, organisationId, "Bestandsaufnahme");
 * await assignSurveyToSeries(db, organisationId, surveyId, { seriesId: series.id, waveLabel: "2026" });
 * (await listSeries(db, organisationId))[0].waves; // [{ surveyId, waveLabel: "2026", … }]
 */
import { sql, type Kysely } from "kysely";
import type { Database, SurveyStatus } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";

export interface SeriesWave {
  surveyId: string;
  title: string;
  waveLabel: string;
  status: SurveyStatus;
  openedAt: string | null;
}

export interface SeriesSummary {
  id: string;
  name: string;
  createdAt: string;
  waves: SeriesWave[];
}

interface WaveRow {
  id: string;
  title: string;
  wave_label: string;
  status: SurveyStatus;
  opened_at: Date | null;
  created_at: Date;
}

const labelCollator = new Intl.Collator("de", { numeric: true, sensitivity: "base" });

/**
 * The order of waves: opened waves by the moment they were opened, then waves not opened yet;
 * ties (and the unopened ones) by wave label, compared with numbers as numbers ("2025" < "2026",
 * "Welle 2" < "Welle 10"), then by creation.
 */
export function compareWaves<T extends Pick<WaveRow, "wave_label" | "opened_at" | "created_at">>(a: T, b: T): number {
  if (a.opened_at && b.opened_at && a.opened_at.getTime() !== b.opened_at.getTime()) return a.opened_at.getTime() - b.opened_at.getTime();
  if (a.opened_at && !b.opened_at) return -1;
  if (!a.opened_at && b.opened_at) return 1;
  return labelCollator.compare(a.wave_label, b.wave_label) || a.created_at.getTime() - b.created_at.getTime();
}

function waveOf(row: WaveRow): SeriesWave {
  return { surveyId: row.id, title: row.title, waveLabel: row.wave_label, status: row.status, openedAt: row.opened_at?.toISOString() ?? null };
}

/** Every series of the organisation (by name) with its waves in order. */
export async function listSeries(db: Kysely<Database>, organisationId: string): Promise<SeriesSummary[]> {
  const [series, surveys] = await Promise.all([
    db.selectFrom("survey_series").select(["id", "name", "created_at"]).where("organisation_id", "=", organisationId).execute(),
    db
      .selectFrom("surveys")
      .select(["id", "title", "wave_label", "status", "opened_at", "created_at", "series_id"])
      .where("organisation_id", "=", organisationId)
      .where("series_id", "is not", null)
      .execute(),
  ]);
  return series
    .sort((a, b) => labelCollator.compare(a.name, b.name))
    .map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.created_at.toISOString(),
      waves: surveys.filter((survey) => survey.series_id === row.id).sort(compareWaves).map(waveOf),
    }));
}

/** One series of the organisation with its waves; 404 for an unknown id or another organisation's. */
export async function findSeries(db: Kysely<Database>, organisationId: string, seriesId: string): Promise<SeriesSummary> {
  const row = await db
    .selectFrom("survey_series")
    .select(["id", "name", "created_at"])
    .where("id", "=", seriesId)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row) throw notFound("Series");
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), waves: await wavesOf(db, organisationId, row.id) };
}

/** The waves (surveys) of a series, in order. */
export async function wavesOf(db: Kysely<Database>, organisationId: string, seriesId: string): Promise<SeriesWave[]> {
  const rows = await db
    .selectFrom("surveys")
    .select(["id", "title", "wave_label", "status", "opened_at", "created_at"])
    .where("organisation_id", "=", organisationId)
    .where("series_id", "=", seriesId)
    .execute();
  return rows.sort(compareWaves).map(waveOf);
}

const duplicateSeries = (name: string) =>
  new ApiError(409, "duplicate_series", {
    de: `Eine Reihe namens „${name}“ gibt es schon.`,
    en: `There is already a series called "${name}".`,
  });

/** The organisation's series of this name (compared without regard to case), if any. */
async function seriesNamed(db: Kysely<Database>, organisationId: string, name: string) {
  return db
    .selectFrom("survey_series")
    .select(["id", "name"])
    .where("organisation_id", "=", organisationId)
    .where(sql<boolean>`lower(name) = ${name.toLowerCase()}`)
    .executeTakeFirst();
}

/** Creates a series; 409 `duplicate_series` when the organisation has one of that name (any case). */
export async function createSeries(db: Kysely<Database>, organisationId: string, name: string): Promise<SeriesSummary> {
  if (await seriesNamed(db, organisationId, name)) throw duplicateSeries(name);
  const created = await db
    .insertInto("survey_series")
    .values({ organisation_id: organisationId, name })
    .onConflict((conflict) => conflict.columns(["organisation_id", "name"]).doNothing())
    .returning(["id", "name", "created_at"])
    .executeTakeFirst();
  if (!created) throw duplicateSeries(name);
  return { id: created.id, name: created.name, createdAt: created.created_at.toISOString(), waves: [] };
}

/** Renames a series; 404 for another organisation's, 409 when the name is taken. */
export async function renameSeries(db: Kysely<Database>, organisationId: string, seriesId: string, name: string): Promise<SeriesSummary> {
  await findSeries(db, organisationId, seriesId);
  const taken = await seriesNamed(db, organisationId, name);
  if (taken && taken.id !== seriesId) throw duplicateSeries(name);
  await db.updateTable("survey_series").set({ name }).where("id", "=", seriesId).where("organisation_id", "=", organisationId).execute();
  return findSeries(db, organisationId, seriesId);
}

/**
 * Deletes a series. Its surveys stay, outside any series (the foreign key sets `series_id` to
 * null), and lose their wave labels. Returns how many surveys were in it.
 */
export async function deleteSeries(db: Kysely<Database>, organisationId: string, seriesId: string): Promise<number> {
  await findSeries(db, organisationId, seriesId);
  return db.transaction().execute(async (trx) => {
    const released = await trx
      .updateTable("surveys")
      .set({ series_id: null, wave_label: "" })
      .where("organisation_id", "=", organisationId)
      .where("series_id", "=", seriesId)
      .executeTakeFirst();
    await trx.deleteFrom("survey_series").where("id", "=", seriesId).where("organisation_id", "=", organisationId).execute();
    return Number(released.numUpdatedRows);
  });
}

export interface SurveySeriesState {
  surveyId: string;
  series: { id: string; name: string } | null;
  waveLabel: string;
  /** All waves of the survey's series in order (this survey among them); empty outside a series. */
  waves: SeriesWave[];
}

/** Which series a survey is a wave of, with its label and the series' waves. */
export async function surveySeriesState(db: Kysely<Database>, organisationId: string, survey: { id: string; series_id: string | null; wave_label: string }): Promise<SurveySeriesState> {
  if (!survey.series_id) return { surveyId: survey.id, series: null, waveLabel: "", waves: [] };
  const series = await findSeries(db, organisationId, survey.series_id);
  return { surveyId: survey.id, series: { id: series.id, name: series.name }, waveLabel: survey.wave_label, waves: series.waves };
}

export type SeriesAssignment = { waveLabel: string } & ({ seriesId: string; newSeriesName?: undefined } | { newSeriesName: string; seriesId?: undefined });

/**
 * Makes a survey a wave of a series: an existing series of the organisation (404 otherwise), or
 * one named `newSeriesName` (created, or joined when the organisation already has a series of
 * that name). Two waves of one series cannot share a label (409 `wave_label_taken`).
 */
export async function assignSurveyToSeries(db: Kysely<Database>, organisationId: string, surveyId: string, assignment: SeriesAssignment): Promise<void> {
  let seriesId: string;
  if (assignment.seriesId !== undefined) {
    seriesId = (await findSeries(db, organisationId, assignment.seriesId)).id;
  } else {
    const existing = await seriesNamed(db, organisationId, assignment.newSeriesName);
    seriesId = existing ? existing.id : (await createSeries(db, organisationId, assignment.newSeriesName)).id;
  }
  const clash = await db
    .selectFrom("surveys")
    .select(["id", "title"])
    .where("organisation_id", "=", organisationId)
    .where("series_id", "=", seriesId)
    .where("id", "!=", surveyId)
    .where(sql<boolean>`lower(wave_label) = ${assignment.waveLabel.toLowerCase()}`)
    .executeTakeFirst();
  if (clash) {
    throw new ApiError(
      409,
      "wave_label_taken",
      {
        de: `In dieser Reihe heißt schon die Umfrage „${clash.title}“ „${assignment.waveLabel}“. Bitte wählen Sie eine andere Bezeichnung der Welle.`,
        en: `In this series the survey "${clash.title}" is already labelled "${assignment.waveLabel}". Please choose another wave label.`,
      },
      { surveyId: clash.id },
    );
  }
  await db
    .updateTable("surveys")
    .set({ series_id: seriesId, wave_label: assignment.waveLabel })
    .where("id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .execute();
}

/** Takes a survey out of its series (its label goes too). */
export async function removeSurveyFromSeries(db: Kysely<Database>, organisationId: string, surveyId: string): Promise<void> {
  await db
    .updateTable("surveys")
    .set({ series_id: null, wave_label: "" })
    .where("id", "=", surveyId)
    .where("organisation_id", "=", organisationId)
    .execute();
}

/**
 * The gap matrix of a stocktaking: the offers respondents listed (the actor questionnaire's
 * repeatable offers list, `actor.offers`), counted by district (Sozialraum) × life phase, so
 * planners see where the prevention chain has gaps and where offers pile up.
 *
 * Where an offer is counted:
 * - life phase: the offer entry's life-phase field (`life_phases`; multiple choice: an offer
 *   serving two phases counts once in each). Offers without a phase are counted per district as
 *   `noLifePhase`.
 * - district, first that applies: the entry's own district field, when the list has one
 *   (`district`, `sozialraum`, `stadtteil` …, matched to a district by id or by name); else the
 *   respondent's district in the directory (invitation → directory entry → district); else the
 *   respondent's answer to the district question (`actor.district`, free text, matched to a
 *   district by name, ignoring case). Offers with none of these go to a row without a district.
 *   (Anonymous responses are detached from their invitation, so only the answers can place them.)
 *
 * The rule for flags, over the grid of the organisation's districts × the life phases:
 * - `gap`: no offer in the cell;
 * - `over_supply`: at least OVER_SUPPLY_FACTOR (2) × the median of the non-empty cells, and at
 *   least OVER_SUPPLY_MINIMUM (3) offers (so 2 against a median of 1 is not yet "many").
 * The row without a district is shown but neither flagged nor part of the median.
 *
 * Everything is counted in one SQL query over the submitted responses (jsonb_array_elements over
 * the list); the drill-down lists a cell's offers, with the institution only in identified surveys.
 *
 * Pseudonymous and anonymous surveys show the matrix protected (gap-protection.ts): a cell whose
 * offers come from fewer than k institutions is withheld (its counts null, no flag, no drill-down),
 * with further cells where a column total on the results page could give it back, and the totals
 * over withheld cells.
 *
 * @example
 * const matrix = await gapMatrix(db, organisationId, await findOrganisationSurvey(db, organisationId, surveyId));
 * matrix.rows[0].cells[1]; // { lifePhase: "early_childhood", offers: 7, providers: 3, flag: "over_supply" }
 * await cellOffers(db, organisationId, survey, { district: matrix.rows[0].districtId!, lifePhase: "early_childhood" });
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import { LIFE_PHASES } from "../canon/canon-file-format.ts";
import type { Database, LocalizedText, PrivacyMode } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { entryHasContentSql, entryRuleOf, type EntryRule } from "../lib/panel-entries.ts";
import { answerOptionsOf, localizedOf, SPECIAL_VALUES, type OptionLabel } from "../lib/question-options.ts";
import { countedAnswers } from "../results/counted-responses.ts";
import { isProtectedMode, minCellSize } from "../results/protected-results.ts";
import { flagOf, medianOf, OVER_SUPPLY_FACTOR, OVER_SUPPLY_MINIMUM, type CellFlag } from "./gap-flags.ts";
import { cellWithheld, protectGapMatrix } from "./gap-protection.ts";

export { OVER_SUPPLY_FACTOR, OVER_SUPPLY_MINIMUM, type CellFlag } from "./gap-flags.ts";

type Json = Record<string, unknown>;

/** Most offers one drill-down lists. */
export const MAX_LISTED_OFFERS = 1000;

/** Names of a district field inside an offer entry. */
const DISTRICT_FIELD = /^(district|district_id|sozialraum|stadtteil|planungsraum|quartier)$/i;
const OFFERS_CANON_ID = "actor.offers";
const DISTRICT_QUESTION = "actor.district";
const INSTITUTION_QUESTION = "actor.institution_name";

export interface GapCell {
  lifePhase: string;
  /** null: withheld (protected surveys: offers from fewer than k institutions). */
  offers: number | null;
  /** Respondents (institutions) with offers in the cell; null when withheld. */
  providers: number | null;
  flag: CellFlag;
  /** Offers in the same cell in the wave before (gap-comparison.ts); null without one, or when withheld there. */
  previous: number | null;
  /** closed: a gap in the wave before, offers now; new_gap: offers in the wave before, none now. */
  change: "closed" | "new_gap" | null;
}

export interface GapRow {
  /** null: offers that could not be placed in a district. */
  districtId: string | null;
  name: string;
  cells: GapCell[];
  /** Offers in the district (each once, whatever its phases); null when a cell of the row is withheld. */
  total: number | null;
  providers: number | null;
  /** Offers in the district without a life phase (a cell of its own); null when withheld. */
  noLifePhase: number | null;
  noLifePhaseProviders: number | null;
}

export interface GapMatrix {
  surveyId: string;
  available: boolean;
  /** Why there is no matrix: the survey is not opened yet, or has no offers list with life phases. */
  reason: "not_opened" | "no_offers_list" | null;
  privacyMode: PrivacyMode;
  panel: { name: string; title: LocalizedText } | null;
  /** Where districts come from (see the file comment). */
  districtSource: { offerField: string | null; directory: true; answerQuestion: string | null };
  lifePhases: OptionLabel[];
  rows: GapRow[];
  /** Median of the non-empty cells of the grid (null without any offer). */
  median: number | null;
  rule: { overSupplyFactor: number; overSupplyMinimum: number };
  /** Sums over cells; null (not respondents) when a cell they sum over is withheld. */
  totals: { respondents: number; offers: number | null; providers: number | null; noDistrict: number | null; noLifePhase: number | null };
  /** The wave before in the survey's series, when there is one with a gap matrix (gap-comparison.ts). */
  previousWave: PreviousWave | null;
  /** Pseudonymous and anonymous surveys: the matrix is protected with k, the organisation's smallest shown group. */
  protection: { mode: "pseudonymous" | "anonymous"; k: number } | null;
}

export interface PreviousWave {
  surveyId: string;
  title: string;
  waveLabel: string;
  /** Cells that were gaps then and have offers now. */
  closedGaps: number;
  /** Cells that had offers then and are gaps now. */
  newGaps: number;
}

/** The offers list of a survey and the fields the matrix reads. */
export interface OffersList {
  name: string;
  title: LocalizedText;
  lifePhaseField: string;
  lifePhases: OptionLabel[];
  districtField: string | null;
  nameField: string | null;
  fields: Json[];
  districtQuestion: string | null;
  institutionQuestion: string | null;
  /** Which entries are offers: only those with content (lib/panel-entries.ts). */
  entryRule: EntryRule;
}

/** The questions of a definition (pages, static panels), depth first. */
function elementsOf(definition: Json): Json[] {
  const found: Json[] = [];
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Json[]) {
      if (!element || typeof element !== "object") continue;
      if (element.type === "panel") walk(element.elements);
      else found.push(element);
    }
  };
  for (const page of (definition.pages as Json[] | undefined) ?? []) walk(page?.elements);
  walk(definition.elements);
  return found;
}

/** The template fields of a paneldynamic, looking into static panels. */
function fieldsOf(panel: Json): Json[] {
  return elementsOf({ elements: panel.templateElements }).filter((field) => typeof field.name === "string" && field.name !== "");
}

const LIFE_PHASE_CODES = new Set<string>(LIFE_PHASES);

/**
 * Finds the offers list in a frozen definition: the canon's `actor.offers`, or any repeatable list
 * with a choice field offering at least two of the canon's life phases.
 */
export function findOffersList(definition: Json | null): OffersList | null {
  if (!definition) return null;
  const elements = elementsOf(definition);
  const candidates = elements
    .filter((element) => element.type === "paneldynamic" && typeof element.name === "string")
    .map((panel) => {
      const fields = fieldsOf(panel);
      const phaseFields = fields.filter(
        (field) => answerOptionsOf(field).filter((option) => LIFE_PHASE_CODES.has(option.value)).length >= 2,
      );
      const lifePhaseField = phaseFields.find((field) => field.name === "life_phases") ?? phaseFields[0];
      return { panel, fields, lifePhaseField };
    })
    .filter((candidate) => candidate.lifePhaseField !== undefined);
  const chosen = candidates.find((candidate) => candidate.panel.canonId === OFFERS_CANON_ID) ?? candidates[0];
  if (!chosen) return null;
  const byCanonId = (canonId: string) =>
    elements.find((element) => element.canonId === canonId || element.name === canonId)?.name as string | undefined;
  const nameField =
    chosen.fields.find((field) => field.name === "offer_name") ??
    chosen.fields.find((field) => (field.type === "text" && !["number", "range"].includes(String(field.inputType ?? ""))) || field.type === "comment");
  return {
    name: String(chosen.panel.name),
    title: localizedOf(chosen.panel.title, String(chosen.panel.name)),
    lifePhaseField: String(chosen.lifePhaseField!.name),
    lifePhases: answerOptionsOf(chosen.lifePhaseField!).filter((option) => !SPECIAL_VALUES.has(option.value)),
    districtField: (chosen.fields.find((field) => DISTRICT_FIELD.test(String(field.name)))?.name as string | undefined) ?? null,
    nameField: nameField ? String(nameField.name) : null,
    fields: chosen.fields,
    districtQuestion: byCanonId(DISTRICT_QUESTION) ?? null,
    institutionQuestion: byCanonId(INSTITUTION_QUESTION) ?? null,
    entryRule: entryRuleOf(chosen.panel),
  };
}

interface Scope {
  organisationId: string;
  surveyId: string;
  list: OffersList;
  /** Pseudonymous surveys count their released answers (results move in batches of k). */
  released?: boolean;
}

/**
 * The CTEs shared by the matrix and the drill-down:
 * - `declared`: the list's life phases (code and as jsonb, for containment tests);
 * - `respondents`: the submitted responses (each document read once);
 * - `listers`: each respondent with a list, its district (directory, else its answer matched to
 *   a district name) and names;
 * - `offers`: one row per entry of the list with content (not an untouched or blank row, see
 *   lib/panel-entries.ts), with its district (the entry's own field
 *   first) and its life phases (`phases`, the raw answer); with `withEntries` also the entry and
 *   who listed it (for the drill-down);
 * - `phased`: one row per offer and declared life phase it serves (`phases @> "code"` holds for a
 *   list of codes and for a single code alike); one row with a null phase for an offer without.
 * Districts are found by hash joins on their lower-cased names, not per offer.
 */
function offersCtes({ organisationId, surveyId, list, released }: Scope, withEntries: boolean): RawBuilder<unknown> {
  const source = countedAnswers("responses", Boolean(released));
  const entryDistrictJoin = list.districtField
    ? sql`left join district_keys as entry_by_name on entry_by_name.name_key = lower(btrim(entry.value ->> ${list.districtField}))
          left join district_list as entry_by_id on entry_by_id.id_text = btrim(entry.value ->> ${list.districtField})`
    : sql``;
  const entryDistrict = list.districtField ? sql`coalesce(entry_by_id.id, entry_by_name.id)` : sql`null::uuid`;
  const answerDistrictJoin = list.districtQuestion
    ? sql`left join district_keys as answered on answered.name_key = lower(btrim(respondents.answers ->> ${list.districtQuestion}))`
    : sql``;
  const answerDistrict = list.districtQuestion ? sql`answered.id` : sql`null::uuid`;
  const institutionAnswer = list.institutionQuestion ? sql`nullif(btrim(respondents.answers ->> ${list.institutionQuestion}), '')` : sql`null::text`;
  const entryColumns = withEntries
    ? sql`, entry.value as entry, listers.directory_name, listers.institution_answer, listers.invitation_name`
    : sql``;
  return sql`
    declared as materialized (
      select value, to_jsonb(value) as json from unnest(${sql.val(list.lifePhases.map((option) => option.value))}::text[]) as value
    ),
    district_list as materialized (
      select id, id::text as id_text, lower(btrim(name)) as name_key, position
      from districts where organisation_id = ${organisationId}
    ),
    district_keys as materialized (
      select distinct on (name_key) name_key, id from district_list order by name_key, position
    ),
    respondents as not materialized (
      select responses.id, ${source.answers} || '{}'::jsonb as answers, responses.invitation_id,
        ${released ? sql`responses.released_groups` : sql`null::jsonb`} as released_groups
      from responses
      where responses.organisation_id = ${organisationId}
        and responses.survey_id = ${surveyId}
        and ${source.counted}
      offset 0
    ),
    listers as (
      select respondents.id as response_id,
        respondents.answers -> ${list.name} as list,
        -- Pseudonymous: the district released with the answers (a directory edit shows with the next batch).
        coalesce(${released ? sql`(respondents.released_groups ->> 'district')::uuid` : sql`directory_entry.district_id`}, ${answerDistrict}) as district_id,
        nullif(btrim(directory_entry.name), '') as directory_name,
        ${institutionAnswer} as institution_answer,
        nullif(btrim(invitations.name), '') as invitation_name
      from respondents
      left join invitations on invitations.id = respondents.invitation_id and invitations.organisation_id = ${organisationId}
      left join directory_entries as directory_entry
        on directory_entry.id = invitations.directory_entry_id and directory_entry.organisation_id = ${organisationId}
      ${answerDistrictJoin}
      where jsonb_typeof(respondents.answers -> ${list.name}) = 'array'
    ),
    offers as ${withEntries ? sql`not materialized` : sql`materialized`} (
      select listers.response_id, entry.position,
        coalesce(${entryDistrict}, listers.district_id) as district_id,
        entry.value -> ${list.lifePhaseField} as phases
        ${entryColumns}
      from listers
      cross join lateral jsonb_array_elements(listers.list) with ordinality as entry(value, position)
      ${entryDistrictJoin}
      where jsonb_typeof(entry.value) = 'object' and ${entryHasContentSql(sql`entry.value`, list.entryRule)}
    ),
    phased as (
      select offers.response_id, offers.district_id, declared.value as life_phase
      from offers join declared on offers.phases @> declared.json
      union all
      select offers.response_id, offers.district_id, null
      from offers where not exists (select 1 from declared where offers.phases @> declared.json)
    )`;
}

interface SurveyForGaps {
  id: string;
  definition: Json | null;
  privacy_mode: PrivacyMode;
}

const unavailable = (survey: SurveyForGaps, reason: "not_opened" | "no_offers_list"): GapMatrix => ({
  surveyId: survey.id,
  available: false,
  reason,
  privacyMode: survey.privacy_mode,
  panel: null,
  districtSource: { offerField: null, directory: true, answerQuestion: null },
  lifePhases: [],
  rows: [],
  median: null,
  rule: { overSupplyFactor: OVER_SUPPLY_FACTOR, overSupplyMinimum: OVER_SUPPLY_MINIMUM },
  totals: { respondents: 0, offers: 0, providers: 0, noDistrict: 0, noLifePhase: 0 },
  previousWave: null,
  protection: null,
});

async function districtsOf(db: Kysely<Database>, organisationId: string) {
  return db
    .selectFrom("districts")
    .select(["id", "name"])
    .where("organisation_id", "=", organisationId)
    .orderBy("position")
    .orderBy(sql`lower(name)`)
    .execute();
}

/**
 * The gap matrix of a survey (see the file comment for the sources and the rule), protected when
 * the survey is pseudonymous or anonymous. The survey must belong to the organisation (the caller
 * checks, e.g. with findOrganisationSurvey).
 */
export async function gapMatrix(db: Kysely<Database>, organisationId: string, survey: SurveyForGaps): Promise<GapMatrix> {
  const counted = await countedGapMatrix(db, organisationId, survey);
  if (!counted.available || !isProtectedMode(survey.privacy_mode)) return counted;
  return protectGapMatrix(counted, { mode: survey.privacy_mode as "pseudonymous" | "anonymous", k: await minCellSize(db, organisationId) });
}

/** The matrix as counted, every figure shown. */
async function countedGapMatrix(db: Kysely<Database>, organisationId: string, survey: SurveyForGaps): Promise<GapMatrix> {
  if (!survey.definition) return unavailable(survey, "not_opened");
  const list = findOffersList(survey.definition);
  if (!list) return unavailable(survey, "no_offers_list");

  const [districts, counted] = await Promise.all([
    districtsOf(db, organisationId),
    // Providers are counted in two steps (per respondent, then per cell), so both steps hash.
    sql<{ part: "cell" | "district" | "all" | "respondents"; district_id: string | null; life_phase: string | null; offers: number; providers: number }>`
      with ${offersCtes({ organisationId, surveyId: survey.id, list, released: survey.privacy_mode === "pseudonymous" }, false)},
      per_provider as (
        select district_id, life_phase, response_id, count(*) as offers from phased group by district_id, life_phase, response_id
      ),
      per_district as (
        select district_id, response_id, count(*) as offers from offers group by district_id, response_id
      )
      select 'cell' as part, district_id::text, life_phase, sum(offers)::int as offers, count(*)::int as providers
      from per_provider group by district_id, life_phase
      union all
      select 'district', district_id::text, null, sum(offers)::int, count(*)::int
      from per_district group by district_id
      union all
      select 'all', null, null, count(*)::int, count(distinct response_id)::int
      from offers
      union all
      select 'respondents', null, null, count(*)::int, 0
      from responses
      where responses.organisation_id = ${organisationId} and responses.survey_id = ${survey.id} and ${countedAnswers("responses", survey.privacy_mode === "pseudonymous").counted}`.execute(db),
  ]);

  const rowsOut = counted.rows.map((row) => ({ ...row, offers: Number(row.offers), providers: Number(row.providers) }));
  const grand = rowsOut.find((row) => row.part === "all");
  const cellOf = (districtId: string | null, lifePhase: string | null) =>
    rowsOut.find((row) => row.part === "cell" && row.district_id === districtId && row.life_phase === lifePhase);
  const totalOf = (districtId: string | null) => rowsOut.find((row) => row.part === "district" && row.district_id === districtId);

  const rowOf = (districtId: string | null, name: string): GapRow => ({
    districtId,
    name,
    cells: list.lifePhases.map((phase) => {
      const cell = cellOf(districtId, phase.value);
      return { lifePhase: phase.value, offers: cell?.offers ?? 0, providers: cell?.providers ?? 0, flag: null, previous: null, change: null };
    }),
    total: totalOf(districtId)?.offers ?? 0,
    providers: totalOf(districtId)?.providers ?? 0,
    noLifePhase: cellOf(districtId, null)?.offers ?? 0,
    noLifePhaseProviders: cellOf(districtId, null)?.providers ?? 0,
  });

  const rows = districts.map((district) => rowOf(district.id, district.name));
  const median = medianOf(rows.flatMap((row) => row.cells.map((cell) => cell.offers ?? 0)).filter((offers) => offers > 0));
  for (const row of rows) for (const cell of row.cells) cell.flag = flagOf(cell.offers ?? 0, median);
  const unplaced = rowOf(null, "");
  if ((unplaced.total ?? 0) > 0) rows.push(unplaced);

  return {
    surveyId: survey.id,
    available: true,
    reason: null,
    privacyMode: survey.privacy_mode,
    panel: { name: list.name, title: list.title },
    districtSource: { offerField: list.districtField, directory: true, answerQuestion: list.districtQuestion },
    lifePhases: list.lifePhases,
    rows,
    median,
    rule: { overSupplyFactor: OVER_SUPPLY_FACTOR, overSupplyMinimum: OVER_SUPPLY_MINIMUM },
    totals: {
      respondents: rowsOut.find((row) => row.part === "respondents")?.offers ?? 0,
      offers: grand?.offers ?? 0,
      providers: grand?.providers ?? 0,
      noDistrict: unplaced.total,
      noLifePhase: rows.reduce((sum, row) => sum + (row.noLifePhase ?? 0), 0),
    },
    previousWave: null,
    protection: null,
  };
}

export interface OfferField {
  name: string;
  title: LocalizedText;
  values: LocalizedText[];
}

export interface ListedOffer {
  /** The offer's name (the list's name field), "" when not given. */
  name: string;
  /** The institution that listed it: identified surveys only, null otherwise. */
  institution: string | null;
  /** The entry's other answered fields, labels instead of codes. */
  fields: OfferField[];
}

export interface CellOffers {
  surveyId: string;
  district: { id: string | null; name: string };
  lifePhase: { value: string | null; label: LocalizedText | null };
  /** Institutions are named only in identified surveys. */
  showsInstitutions: boolean;
  privacyMode: PrivacyMode;
  total: number;
  truncated: boolean;
  offers: ListedOffer[];
}

const gapMatrixUnavailable = (reason: "not_opened" | "no_offers_list") =>
  new ApiError(
    409,
    "gap_matrix_unavailable",
    reason === "not_opened"
      ? { de: "Die Umfrage ist noch nicht geöffnet: Es gibt noch keine Angebote.", en: "The survey has not been opened yet: there are no offers." }
      : {
          de: "Diese Umfrage hat keine Angebotsliste mit Lebensphasen (z. B. „Bitte beschreiben Sie Ihre Angebote“ aus dem Akteursfragebogen).",
          en: "This survey has no offers list with life phases (such as “Please describe your offers” from the actor questionnaire).",
        },
  );

/**
 * The answered fields of an entry with labels (choices by their option texts; "other" with its
 * text). Protected surveys list only choices, without "other" texts, and never the life-phase or
 * district field: free texts and numbers are single answers, and an offer's other phases would
 * tell how many offers a withheld cell of the same district holds.
 */
function fieldsOfEntry(list: OffersList, entry: Json, protectedMode: boolean): OfferField[] {
  const fields: OfferField[] = [];
  for (const field of list.fields) {
    const name = String(field.name);
    if (name === list.nameField) continue;
    if (protectedMode && (name === list.lifePhaseField || name === list.districtField)) continue;
    const value = entry[name];
    const options = answerOptionsOf(field);
    let values: LocalizedText[] = [];
    if (options.length > 0) {
      const chosen = (Array.isArray(value) ? value : [value]).filter((item) => item !== null && item !== undefined && item !== "").map(String);
      values = chosen.map((code) => {
        const label = options.find((option) => option.value === code)?.label ?? { de: code, en: code };
        const comment = code === "other" && !protectedMode ? String(entry[`${name}-Comment`] ?? "").trim() : "";
        return comment ? { de: `${label.de}: ${comment}`, en: `${label.en}: ${comment}` } : label;
      });
    } else if (!protectedMode && (typeof value === "string" || typeof value === "number")) {
      const text = String(value).trim();
      if (text) values = [{ de: text, en: text }];
    }
    if (values.length > 0) fields.push({ name, title: localizedOf(field.title, name), values });
  }
  return fields;
}

export const UNPLACED = "none";

const cellWithheldError = () =>
  new ApiError(403, "cell_withheld", {
    de: "Die Angebote dieser Zelle stammen von zu wenigen Einrichtungen: In pseudonymen und anonymen Umfragen werden sie zum Schutz der Befragten weder gezählt noch aufgelistet.",
    en: "The offers in this cell come from too few institutions: in pseudonymous and anonymous surveys they are neither counted nor listed, to protect the respondents.",
  });

/**
 * The offers in one cell of the matrix: `district` is a district id or "none" (offers without a
 * district), `lifePhase` a life phase of the list or "none" (offers without one). 404 for a
 * district of another organisation; 400 for a life phase the list does not offer; 409 when the
 * survey has no matrix. Institutions are named only when the survey is identified; otherwise the
 * offers are listed by name, with nothing that says who listed them, and only for a cell the
 * protected matrix shows (403 `cell_withheld` for one it withholds; see gap-protection.ts and
 * docs/data-protection.md for why the names of a shown cell's offers may be listed).
 */
export async function cellOffers(
  db: Kysely<Database>,
  organisationId: string,
  survey: SurveyForGaps,
  cell: { district: string; lifePhase: string },
): Promise<CellOffers> {
  if (!survey.definition) throw gapMatrixUnavailable("not_opened");
  const list = findOffersList(survey.definition);
  if (!list) throw gapMatrixUnavailable("no_offers_list");

  let district: { id: string | null; name: string } = { id: null, name: "" };
  if (cell.district !== UNPLACED) {
    const found = (await districtsOf(db, organisationId)).find((candidate) => candidate.id === cell.district);
    if (!found) throw notFound("District");
    district = found;
  }
  const phase = cell.lifePhase === UNPLACED ? null : list.lifePhases.find((option) => option.value === cell.lifePhase);
  if (phase === undefined) {
    throw new ApiError(
      400,
      "unknown_life_phase",
      {
        de: `Die Angebotsliste kennt die Lebensphase „${cell.lifePhase}“ nicht (möglich: ${[...list.lifePhases.map((option) => option.value), UNPLACED].join(", ")}).`,
        en: `The offers list has no life phase "${cell.lifePhase}" (possible: ${[...list.lifePhases.map((option) => option.value), UNPLACED].join(", ")}).`,
      },
      { lifePhases: list.lifePhases.map((option) => option.value) },
    );
  }

  const identified = survey.privacy_mode === "identified";
  if (!identified && cellWithheld(await gapMatrix(db, organisationId, survey), district.id, phase?.value ?? null)) throw cellWithheldError();
  const districtCondition = district.id === null ? sql`offers.district_id is null` : sql`offers.district_id = ${district.id}::uuid`;
  const phaseCondition =
    phase === null
      ? sql`not exists (select 1 from declared where offers.phases @> declared.json)`
      : sql`offers.phases @> to_jsonb(${phase.value}::text)`;
  const who = identified ? sql`coalesce(offers.directory_name, offers.institution_answer, offers.invitation_name)` : sql`null::text`;
  const nameOf = list.nameField ? sql`coalesce(btrim(offers.entry ->> ${list.nameField}), '')` : sql`''`;
  const result = await sql<{ entry: Json; name: string; institution: string | null; total: number }>`
    with ${offersCtes({ organisationId, surveyId: survey.id, list, released: survey.privacy_mode === "pseudonymous" }, true)}
    select offers.entry, ${nameOf} as name, ${who} as institution, count(*) over ()::int as total
    from offers
    where ${districtCondition} and ${phaseCondition}
    order by lower(${nameOf}), ${nameOf}, offers.response_id, offers.position
    limit ${MAX_LISTED_OFFERS}`.execute(db);

  const collator = new Intl.Collator("de", { sensitivity: "base", numeric: true });
  const offers = result.rows.map((row) => ({
    name: row.name,
    institution: identified ? (row.institution ?? "") : null,
    fields: fieldsOfEntry(list, typeof row.entry === "string" ? (JSON.parse(row.entry) as Json) : row.entry, !identified),
  }));
  if (identified) offers.sort((a, b) => collator.compare(a.institution ?? "", b.institution ?? "") || collator.compare(a.name, b.name));
  else offers.sort((a, b) => collator.compare(a.name, b.name));
  const total = result.rows.length > 0 ? Number(result.rows[0]!.total) : 0;
  return {
    surveyId: survey.id,
    district,
    lifePhase: { value: phase?.value ?? null, label: phase?.label ?? null },
    showsInstitutions: identified,
    privacyMode: survey.privacy_mode,
    total,
    truncated: total > offers.length,
    offers,
  };
}

/**
 * The invented municipality "Musterstadt" as a plan, before anything is written: 8 districts,
 * about 120 institutions spread over them (and a few city-wide ones), and 15 networks with their
 * members (a Stadtteilkonferenz per district, the Netzwerk Frühe Hilfen, working groups …).
 *
 * Offers are deliberately uneven, so a stocktaking of them shows what planners look for: the
 * inner districts (Altstadt, Nordstadt, Südstadt) are full of Kitas, family centres and schools
 * (possible over-supply around the Kita and school years), while some districts lack whole life
 * phases (`DISTRICT_GAPS`: nothing around pregnancy and birth in Ostpark and Hafenviertel, nothing
 * for adolescents in Weststadt; Lindenhof, small and rural, has neither). Between the two waves
 * one gap closed and one opened (`WAVE_GAPS`: last year nothing around birth in Weststadt either,
 * until a midwife practice started there; this year the youth offers of Altstadt-Süd stopped), so
 * the gap matrix's comparison with the wave before has something to show. A pure function of the
 * random generator: the same seed, the same plan.
 *
 * @example
 * const plan = planMunicipality(seededRandom("musterstadt"));
 * plan.districts.length;     // 8
 * plan.institutions.length;  // ~120
 * plan.networks.length;      // 15
 */
import type { FieldOfAction, LifePhase } from "../canon/canon-file-format.ts";
import { districtNames, mailSlug, personName } from "./german-names.ts";
import { INSTITUTION_KINDS, type InstitutionKindKey } from "./institution-kinds.ts";
import type { Random } from "./random.ts";

export const EXAMPLE_ORGANISATION_NAME = "Musterstadt (Beispiel)";
/** The domain of every example address: reserved for examples (RFC 2606), so no mail can reach anyone. */
export const EXAMPLE_MAIL_DOMAIN = "musterstadt.example";

export const EXAMPLE_DISTRICTS = districtNames(8);

/** Life phases without any offer in a district, by design (see the file comment). */
export const DISTRICT_GAPS: Readonly<Record<string, readonly LifePhase[]>> = {
  Ostpark: ["pregnancy_birth"],
  Hafenviertel: ["pregnancy_birth"],
  Weststadt: ["youth"],
  Lindenhof: ["pregnancy_birth", "youth"],
};

/** Gaps of one wave only (index 0: last year's, 1: this year's), on top of DISTRICT_GAPS. */
export const WAVE_GAPS: readonly Readonly<Record<string, readonly LifePhase[]>>[] = [{ Weststadt: ["pregnancy_birth"] }, { "Altstadt-Süd": ["youth"] }];

/** How many institutions of each kind each district has, in the order of EXAMPLE_DISTRICTS. */
const LAYOUT: Partial<Record<InstitutionKindKey, readonly number[]>> = {
  kita: [4, 6, 5, 2, 4, 3, 2, 1],
  familienzentrum: [1, 3, 2, 0, 1, 1, 0, 0],
  grundschule: [2, 2, 2, 1, 1, 2, 1, 1],
  ogs: [1, 1, 1, 1, 1, 1, 1, 0],
  schulsozialarbeit: [1, 1, 2, 1, 1, 0, 1, 0],
  jugendtreff: [1, 1, 2, 2, 1, 0, 1, 0],
  erziehungsberatung: [1, 1, 1, 0, 1, 0, 0, 0],
  schwangerschaftsberatung: [1, 1, 1, 0, 0, 0, 0, 0],
  hebammenpraxis: [1, 2, 1, 0, 1, 1, 0, 0],
  kinderarztpraxis: [1, 2, 1, 1, 1, 1, 1, 1],
  sportverein: [1, 1, 1, 1, 1, 1, 1, 1],
  migrantenorganisation: [1, 0, 2, 1, 1, 0, 1, 0],
  bibliothek: [1, 0, 1, 0, 1, 0, 0, 0],
  asd: [1, 0, 1, 1, 1, 0, 0, 0],
  quartiersbuero: [0, 0, 1, 1, 0, 0, 1, 0],
  familienbildung: [1, 0, 0, 0, 0, 0, 0, 0],
};

/** Institutions without a district: they serve the whole town. */
const CITY_WIDE: readonly InstitutionKindKey[] = ["gesundheitsamt", "jobcenter", "tafel", "familienbildung"];

export interface PlannedInstitution {
  name: string;
  kind: InstitutionKindKey;
  district: string | null;
  /** Code of actor.provider_type. */
  provider: string;
  contactPerson: string;
  email: string;
  notes: string;
  /** Joined the directory this year: not asked in last year's wave. */
  newThisYear: boolean;
}

export interface PlannedNetwork {
  name: string;
  /** The directory's type ("Stadtteilkonferenz"). */
  type: string;
  /** Code of network.type. */
  canonType: string;
  /** Code of actor.network_memberships for its members. */
  membershipCode: string;
  district: string | null;
  fieldsOfAction: FieldOfAction[];
  lifePhases: LifePhase[];
  contactPerson: string;
  email: string;
  foundingYear: number;
  /** Names of the member institutions. */
  members: string[];
}

export interface MunicipalityPlan {
  districts: string[];
  institutions: PlannedInstitution[];
  networks: PlannedNetwork[];
}

/** The life phases offers of an institution in this district may serve in a wave (without the district's gaps). */
export function phasesAllowedIn(district: string | null, phases: readonly LifePhase[], wave: 0 | 1 = 1): LifePhase[] {
  const gaps = district ? [...(DISTRICT_GAPS[district] ?? []), ...(WAVE_GAPS[wave]![district] ?? [])] : [];
  return phases.filter((phase) => !gaps.includes(phase));
}

function uniqueName(candidates: readonly string[], used: Set<string>, fallback: string): string {
  const key = (name: string) => name.toLowerCase().replace(/^(städtische|ev\.|kath\.|awo-)\s*/u, "").replace(/^kita\s+/u, "");
  for (const candidate of candidates) {
    if (!used.has(key(candidate))) {
      used.add(key(candidate));
      return candidate;
    }
  }
  for (let number = 2; ; number++) {
    const name = `${fallback} ${number}`;
    if (!used.has(key(name))) {
      used.add(key(name));
      return name;
    }
  }
}

const mailOf = (name: string) => `${mailSlug(name)}@${EXAMPLE_MAIL_DOMAIN}`;

function planInstitutions(random: Random): PlannedInstitution[] {
  const used = new Set<string>();
  const institutions: PlannedInstitution[] = [];
  const add = (kindKey: InstitutionKindKey, district: string | null) => {
    const kind = INSTITUTION_KINDS[kindKey];
    const names = kind.names(random, district);
    const name = uniqueName(names, used, names[0] ?? kind.type);
    const provider = random.weighted(kind.providers);
    const notes = random.chance(0.15) ? random.pick(["Träger: AWO Kreisverband Musterstadt", "Träger: Caritasverband Musterstadt", "Träger: Diakonisches Werk", "Ansprechperson wechselt zum Sommer.", "Barrierefreier Zugang über den Hof."]) : "";
    institutions.push({ name, kind: kindKey, district, provider, contactPerson: personName(random), email: mailOf(name), notes, newThisYear: false });
  };
  EXAMPLE_DISTRICTS.forEach((district, index) => {
    for (const [kindKey, counts] of Object.entries(LAYOUT) as [InstitutionKindKey, readonly number[]][]) {
      // A district may have one Kita more or less than the layout says: the seed decides.
      const count = kindKey === "kita" ? Math.max(1, counts[index]! + random.weighted([[0, 3], [1, 1], [-1, 1]])) : counts[index]!;
      for (let n = 0; n < count; n++) add(kindKey, district);
    }
  });
  for (const kindKey of CITY_WIDE) add(kindKey, null);
  // About one in twelve joined the directory this year (so last year's wave did not ask them).
  for (const institution of random.sample(institutions, Math.round(institutions.length / 12))) {
    institution.newThisYear = true;
  }
  return institutions;
}

/** Members for a network: a share of the candidates, at least `minimum` (when there are that many). */
function membersOf(random: Random, candidates: readonly PlannedInstitution[], share: number, minimum: number): string[] {
  const count = Math.min(candidates.length, Math.max(minimum, Math.round(candidates.length * share)));
  return random.sample(candidates, count).map((institution) => institution.name);
}

function planNetworks(random: Random, institutions: readonly PlannedInstitution[], baseYear: number): PlannedNetwork[] {
  const ofKinds = (kinds: readonly InstitutionKindKey[], district?: string) =>
    institutions.filter((institution) => kinds.includes(institution.kind) && (district === undefined || institution.district === district));
  const network = (fields: Omit<PlannedNetwork, "contactPerson" | "email" | "foundingYear">): PlannedNetwork => ({
    ...fields,
    contactPerson: personName(random),
    email: mailOf(fields.name.replace(/^Stadtteilkonferenz /, "STK ")),
    foundingYear: random.int(1995, baseYear - 2),
  });
  const conferences = EXAMPLE_DISTRICTS.map((district) =>
    network({
      name: `Stadtteilkonferenz ${district}`,
      type: "Stadtteilkonferenz",
      canonType: "stadtteilkonferenz",
      membershipCode: "stadtteilkonferenz",
      district,
      fieldsOfAction: ["youth_welfare", "social", "education"],
      lifePhases: ["pregnancy_birth", "early_childhood", "school", "youth"],
      members: membersOf(random, institutions.filter((institution) => institution.district === district), 0.75, 4),
    }),
  );
  return [
    ...conferences,
    network({
      name: "Netzwerk Frühe Hilfen Musterstadt",
      type: "Netzwerk Frühe Hilfen",
      canonType: "fruehe_hilfen",
      membershipCode: "fruehe_hilfen",
      district: null,
      fieldsOfAction: ["health", "youth_welfare", "social"],
      lifePhases: ["pregnancy_birth", "early_childhood"],
      members: [
        ...ofKinds(["hebammenpraxis", "schwangerschaftsberatung", "gesundheitsamt", "asd", "familienbildung"]).map((institution) => institution.name),
        ...membersOf(random, ofKinds(["familienzentrum"]), 0.8, 4),
        ...membersOf(random, ofKinds(["kinderarztpraxis"]), 0.5, 3),
        ...membersOf(random, ofKinds(["kita"]), 0.15, 3),
      ],
    }),
    network({
      name: "Präventionsnetzwerk Musterstadt",
      type: "Präventionsnetzwerk",
      canonType: "praeventionsnetzwerk",
      membershipCode: "praeventionsnetzwerk",
      district: null,
      fieldsOfAction: ["youth_welfare", "health", "education", "social"],
      lifePhases: ["pregnancy_birth", "early_childhood", "school", "youth"],
      members: membersOf(random, ofKinds(["familienzentrum", "erziehungsberatung", "asd", "schulsozialarbeit", "jugendtreff", "gesundheitsamt", "jobcenter"]), 0.5, 8),
    }),
    network({
      name: "AG 78 Hilfen zur Erziehung",
      type: "AG nach § 78 SGB VIII",
      canonType: "ag_78",
      membershipCode: "ag_78",
      district: null,
      fieldsOfAction: ["youth_welfare"],
      lifePhases: ["early_childhood", "school", "youth"],
      members: membersOf(random, ofKinds(["erziehungsberatung", "asd", "jugendtreff", "familienzentrum"]), 0.4, 6),
    }),
    network({
      name: "Arbeitskreis Übergang Kita – Grundschule Nordstadt",
      type: "Arbeitskreis",
      canonType: "arbeitskreis",
      membershipCode: "arbeitskreis",
      district: "Nordstadt",
      fieldsOfAction: ["education", "youth_welfare"],
      lifePhases: ["early_childhood", "school"],
      members: membersOf(random, ofKinds(["kita", "familienzentrum", "grundschule", "ogs"], "Nordstadt"), 1, 4),
    }),
    network({
      name: "Arbeitskreis Jugend Ostpark",
      type: "Arbeitskreis",
      canonType: "arbeitskreis",
      membershipCode: "arbeitskreis",
      district: "Ostpark",
      fieldsOfAction: ["youth_welfare", "sport", "culture"],
      lifePhases: ["youth"],
      members: membersOf(random, [...ofKinds(["jugendtreff", "schulsozialarbeit", "sportverein", "migrantenorganisation", "quartiersbuero"], "Ostpark"), ...ofKinds(["jobcenter"])], 1, 4),
    }),
    network({
      name: "Bildungsnetzwerk Hafenviertel",
      type: "Bildungsnetzwerk",
      canonType: "kooperationsrunde",
      membershipCode: "bildungsnetzwerk",
      district: "Hafenviertel",
      fieldsOfAction: ["education", "youth_welfare", "culture"],
      lifePhases: ["early_childhood", "school", "youth"],
      members: membersOf(random, ofKinds(["kita", "grundschule", "schulsozialarbeit", "jugendtreff", "migrantenorganisation", "quartiersbuero", "bibliothek"], "Hafenviertel"), 1, 4),
    }),
    network({
      name: "Runder Tisch Kinderarmut",
      type: "Runder Tisch",
      canonType: "kooperationsrunde",
      membershipCode: "kinderarmut",
      district: null,
      fieldsOfAction: ["social", "youth_welfare"],
      lifePhases: ["early_childhood", "school", "youth"],
      members: membersOf(random, ofKinds(["tafel", "jobcenter", "quartiersbuero", "familienzentrum", "migrantenorganisation", "asd"]), 0.6, 6),
    }),
  ];
}

/** The whole plan; `baseYear` is the year of the example's "today" (founding years lie before it). */
export function planMunicipality(random: Random, baseYear: number): MunicipalityPlan {
  const institutions = planInstitutions(random.fork("institutions"));
  const networks = planNetworks(random.fork("networks"), institutions, baseYear);
  return { districts: [...EXAMPLE_DISTRICTS], institutions, networks };
}

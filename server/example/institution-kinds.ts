/**
 * The kinds of institutions a German municipality surveys in its prevention chain (Kita,
 * Familienzentrum, Grundschule, Jugendtreff, Erziehungsberatungsstelle, Hebammenpraxis …), each
 * with how it is named, the directory's vocabulary (type, fields of action, life phases), the
 * canon's codes for it (actor.institution_type, the sector of network.member_sectors) and the
 * offers such an institution typically lists (the actor questionnaire's `actor.offers`, with the
 * codes of its fields). The example municipality and the benchmarks draw from it.
 */
import type { FieldOfAction, LifePhase } from "../canon/canon-file-format.ts";
import { FRIENDLY_STEMS, PLACE_STEMS } from "./german-names.ts";
import type { Random } from "./random.ts";

/** One offer as an institution lists it (the fields of `actor.offers`, by their codes). */
export interface OfferTemplate {
  name: string;
  /** offer_type: beratung, kurs_gruppe, offener_treff, betreuung, hausbesuch, veranstaltung, freizeit, information. */
  type: string;
  lifePhases: LifePhase[];
  /** place: zuhause, wohnquartier, kita_familienzentrum, schule, kinderarztpraxis, geburtsklinik, eigene_raeume, online_telefon. */
  place: string;
  targetGroups: string[];
  /** frequency: taeglich, mehrmals_woechentlich, woechentlich, monatlich, mehrmals_jaehrlich, einmalig, nach_bedarf. */
  frequency: string;
}

export interface InstitutionKind {
  key: string;
  /** The directory's type ("Kita", "Beratungsstelle"). */
  type: string;
  /** Code of actor.institution_type. */
  canonType: string;
  /** Codes of actor.provider_type (oeffentlich, frei, frei_gewerblich) with weights. */
  providers: readonly (readonly [string, number])[];
  fieldsOfAction: FieldOfAction[];
  lifePhases: LifePhase[];
  /** The sector code of network.member_sectors / respondent_sector. */
  sector: string;
  /** Codes of actor.target_groups. */
  targetGroups: string[];
  /** Candidate names; `district` for names that carry the district. */
  names(random: Random, district: string | null): string[];
  /** How many offers it lists (at least one). */
  offerCount: readonly [number, number];
  offers: OfferTemplate[];
  /** Reach per month (actor.reach_per_month). */
  reach: readonly [number, number];
}

const offer = (name: string, type: string, lifePhases: LifePhase[], place: string, targetGroups: string[], frequency: string): OfferTemplate => ({
  name,
  type,
  lifePhases,
  place,
  targetGroups,
  frequency,
});

const withPrefixes = (random: Random, prefixes: readonly string[], stems: readonly string[]) =>
  random.shuffle(stems).map((stem) => `${random.pick(prefixes)} ${stem}`);

const PROVIDERS_OF_COUNSELLING = ["der Caritas", "der Diakonie", "der AWO", "des DRK", "der Stadt Musterstadt"] as const;
const DOCTORS = ["Dr. Yılmaz", "Dr. Hoffmann", "Dr. Nowak", "Dr. Becker", "Dr. Schulz", "Dr. Kaya", "Dr. Wagner", "Dr. Richter", "Dr. Lange", "Dr. Özdemir"] as const;

export const INSTITUTION_KINDS = {
  kita: {
    key: "kita",
    type: "Kita",
    canonType: "kita_familienzentrum",
    providers: [["oeffentlich", 3], ["frei", 5], ["frei_gewerblich", 1]],
    fieldsOfAction: ["youth_welfare", "education"],
    lifePhases: ["early_childhood"],
    sector: "kindertagesbetreuung",
    targetGroups: ["kinder_0_3", "kinder_3_6", "eltern"],
    names: (random) => withPrefixes(random, ["Kita", "Kita", "Kita", "Städtische Kita", "Ev. Kita", "AWO-Kita", "Kath. Kita"], FRIENDLY_STEMS),
    offerCount: [1, 3],
    offers: [
      offer("Elterncafé", "offener_treff", ["early_childhood"], "kita_familienzentrum", ["eltern", "kinder_3_6"], "woechentlich"),
      offer("Sprachspiele für Dreijährige", "kurs_gruppe", ["early_childhood"], "kita_familienzentrum", ["kinder_3_6", "familien_migrationsgeschichte"], "mehrmals_woechentlich"),
      offer("Übergangsbegleitung Kita – Grundschule", "kurs_gruppe", ["early_childhood", "school"], "kita_familienzentrum", ["kinder_3_6", "eltern"], "monatlich"),
      offer("Bewegungsgruppe für Kleinkinder", "freizeit", ["early_childhood"], "kita_familienzentrum", ["kinder_0_3"], "woechentlich"),
      offer("Elternabend Gesunde Ernährung", "veranstaltung", ["early_childhood"], "kita_familienzentrum", ["eltern"], "mehrmals_jaehrlich"),
      offer("Eingewöhnung mit Eltern", "betreuung", ["early_childhood"], "kita_familienzentrum", ["kinder_0_3", "eltern"], "nach_bedarf"),
    ],
    reach: [40, 120],
  },
  familienzentrum: {
    key: "familienzentrum",
    type: "Familienzentrum",
    canonType: "kita_familienzentrum",
    providers: [["oeffentlich", 2], ["frei", 5]],
    fieldsOfAction: ["youth_welfare", "social", "education"],
    lifePhases: ["pregnancy_birth", "early_childhood"],
    sector: "kinder_jugendhilfe",
    targetGroups: ["werdende_eltern", "kinder_0_3", "kinder_3_6", "eltern", "alleinerziehende", "familien_belastet"],
    names: (random) => random.shuffle(FRIENDLY_STEMS).map((stem) => `Familienzentrum ${stem}`),
    offerCount: [2, 4],
    offers: [
      offer("Babytreff", "offener_treff", ["pregnancy_birth", "early_childhood"], "kita_familienzentrum", ["kinder_0_3", "eltern"], "woechentlich"),
      offer("Elternkurs „Starke Eltern – starke Kinder“", "kurs_gruppe", ["early_childhood", "school"], "kita_familienzentrum", ["eltern"], "mehrmals_jaehrlich"),
      offer("Offene Sprechstunde Familienberatung", "beratung", ["early_childhood"], "kita_familienzentrum", ["eltern", "familien_belastet"], "woechentlich"),
      offer("Babymassage", "kurs_gruppe", ["pregnancy_birth"], "kita_familienzentrum", ["werdende_eltern", "kinder_0_3"], "woechentlich"),
      offer("Sprachcafé für Mütter", "offener_treff", ["early_childhood"], "kita_familienzentrum", ["familien_migrationsgeschichte", "eltern"], "woechentlich"),
      offer("Familienfrühstück", "offener_treff", ["early_childhood"], "kita_familienzentrum", ["eltern", "alleinerziehende"], "monatlich"),
    ],
    reach: [60, 200],
  },
  grundschule: {
    key: "grundschule",
    type: "Grundschule",
    canonType: "schule",
    providers: [["oeffentlich", 1]],
    fieldsOfAction: ["education"],
    lifePhases: ["school"],
    sector: "schule",
    targetGroups: ["kinder_6_10", "eltern"],
    names: (random) => withPrefixes(random, ["Grundschule", "Gemeinschaftsgrundschule", "Katholische Grundschule"], PLACE_STEMS),
    offerCount: [1, 3],
    offers: [
      offer("Lesepatenschaften", "kurs_gruppe", ["school"], "schule", ["kinder_6_10"], "woechentlich"),
      offer("Kennenlernnachmittag für Vorschulkinder", "veranstaltung", ["early_childhood", "school"], "schule", ["kinder_3_6", "eltern"], "mehrmals_jaehrlich"),
      offer("Elternsprechstunde mit Dolmetschung", "beratung", ["school"], "schule", ["eltern", "familien_migrationsgeschichte"], "monatlich"),
      offer("Forscher-AG", "kurs_gruppe", ["school"], "schule", ["kinder_6_10"], "woechentlich"),
    ],
    reach: [150, 400],
  },
  ogs: {
    key: "ogs",
    type: "Offene Ganztagsschule",
    canonType: "offene_ganztagsschule",
    providers: [["frei", 4], ["oeffentlich", 1]],
    fieldsOfAction: ["youth_welfare", "education"],
    lifePhases: ["school"],
    sector: "kinder_jugendhilfe",
    targetGroups: ["kinder_6_10"],
    names: (random) => random.shuffle(PLACE_STEMS).map((place) => `Offener Ganztag ${place}`),
    offerCount: [1, 3],
    offers: [
      offer("Hausaufgabenbetreuung", "betreuung", ["school"], "schule", ["kinder_6_10"], "taeglich"),
      offer("Ferienbetreuung", "betreuung", ["school"], "schule", ["kinder_6_10"], "mehrmals_jaehrlich"),
      offer("Bewegung und Spiel am Nachmittag", "freizeit", ["school"], "schule", ["kinder_6_10"], "mehrmals_woechentlich"),
    ],
    reach: [60, 180],
  },
  schulsozialarbeit: {
    key: "schulsozialarbeit",
    type: "Schulsozialarbeit",
    canonType: "schule",
    providers: [["oeffentlich", 2], ["frei", 3]],
    fieldsOfAction: ["youth_welfare", "education", "social"],
    lifePhases: ["school", "youth"],
    sector: "kinder_jugendhilfe",
    targetGroups: ["kinder_10_13", "jugendliche_14_17", "eltern"],
    names: (random, district) =>
      random.shuffle(["Gesamtschule", "Realschule", "Hauptschule", "Gymnasium", "Sekundarschule"]).map((school) => `Schulsozialarbeit ${school} ${district ?? "Musterstadt"}`),
    offerCount: [1, 3],
    offers: [
      offer("Beratung für Schülerinnen und Schüler", "beratung", ["school", "youth"], "schule", ["kinder_10_13", "jugendliche_14_17"], "taeglich"),
      offer("Sozialtraining Klasse 5", "kurs_gruppe", ["school"], "schule", ["kinder_10_13"], "woechentlich"),
      offer("Berufsorientierung (KAoA)", "kurs_gruppe", ["youth"], "schule", ["jugendliche_14_17"], "monatlich"),
      offer("Streitschlichter-Ausbildung", "kurs_gruppe", ["school", "youth"], "schule", ["kinder_10_13", "jugendliche_14_17"], "mehrmals_jaehrlich"),
    ],
    reach: [30, 120],
  },
  jugendtreff: {
    key: "jugendtreff",
    type: "Jugendfreizeiteinrichtung",
    canonType: "jugendfreizeiteinrichtung",
    providers: [["oeffentlich", 1], ["frei", 3]],
    fieldsOfAction: ["youth_welfare", "culture", "sport"],
    lifePhases: ["school", "youth"],
    sector: "kinder_jugendhilfe",
    targetGroups: ["kinder_10_13", "jugendliche_14_17", "junge_erwachsene"],
    names: (random, district) =>
      random.shuffle([`Jugendtreff ${district}`, `Jugendzentrum ${district}`, `Offene Tür ${district}`, `Jugendcafé ${district}`, "Jugendzentrum Alte Feuerwache", "Jugendhaus Kompass"]),
    offerCount: [2, 4],
    offers: [
      offer("Offener Jugendtreff", "offener_treff", ["youth"], "eigene_raeume", ["jugendliche_14_17"], "mehrmals_woechentlich"),
      offer("Mädchentreff", "offener_treff", ["school", "youth"], "eigene_raeume", ["kinder_10_13", "jugendliche_14_17"], "woechentlich"),
      offer("Hausaufgabenhilfe", "kurs_gruppe", ["school"], "eigene_raeume", ["kinder_10_13"], "mehrmals_woechentlich"),
      offer("Bewerbungstraining", "kurs_gruppe", ["youth"], "eigene_raeume", ["jugendliche_14_17", "junge_erwachsene"], "monatlich"),
      offer("Ferienfreizeit", "freizeit", ["school", "youth"], "eigene_raeume", ["kinder_10_13", "jugendliche_14_17"], "mehrmals_jaehrlich"),
      offer("Aufsuchende Jugendarbeit", "beratung", ["youth"], "wohnquartier", ["jugendliche_14_17", "junge_erwachsene"], "woechentlich"),
    ],
    reach: [50, 250],
  },
  erziehungsberatung: {
    key: "erziehungsberatung",
    type: "Beratungsstelle",
    canonType: "beratungsstelle",
    providers: [["frei", 4], ["oeffentlich", 1]],
    fieldsOfAction: ["youth_welfare", "health"],
    lifePhases: ["early_childhood", "school", "youth"],
    sector: "kinder_jugendhilfe",
    targetGroups: ["eltern", "kinder_6_10", "jugendliche_14_17", "familien_belastet"],
    names: (random, district) => random.shuffle(PROVIDERS_OF_COUNSELLING).map((provider) => `Erziehungsberatungsstelle ${provider} ${district ?? ""}`.trim()),
    offerCount: [2, 3],
    offers: [
      offer("Erziehungsberatung", "beratung", ["early_childhood", "school", "youth"], "eigene_raeume", ["eltern"], "nach_bedarf"),
      offer("Offene Sprechstunde in der Kita", "beratung", ["early_childhood"], "kita_familienzentrum", ["eltern"], "monatlich"),
      offer("Gruppe für Kinder aus Trennungsfamilien", "kurs_gruppe", ["school"], "eigene_raeume", ["kinder_6_10"], "woechentlich"),
      offer("Online-Beratung für Jugendliche", "beratung", ["youth"], "online_telefon", ["jugendliche_14_17"], "nach_bedarf"),
    ],
    reach: [40, 160],
  },
  schwangerschaftsberatung: {
    key: "schwangerschaftsberatung",
    type: "Schwangerschaftsberatung",
    canonType: "schwangerschaftsberatung",
    providers: [["frei", 1]],
    fieldsOfAction: ["health", "social"],
    lifePhases: ["pregnancy_birth"],
    sector: "gesundheit",
    targetGroups: ["werdende_eltern", "alleinerziehende"],
    names: (random, district) =>
      random.shuffle([`Schwangerschaftsberatung donum vitae ${district}`, `pro familia Beratungsstelle ${district}`, `Schwangerschaftsberatung der Diakonie ${district}`]),
    offerCount: [1, 3],
    offers: [
      offer("Schwangerschaftsberatung", "beratung", ["pregnancy_birth"], "eigene_raeume", ["werdende_eltern"], "nach_bedarf"),
      offer("Geburtsvorbereitung für Alleinerziehende", "kurs_gruppe", ["pregnancy_birth"], "eigene_raeume", ["werdende_eltern", "alleinerziehende"], "mehrmals_jaehrlich"),
      offer("Beratung zu Hilfen der Bundesstiftung Mutter und Kind", "beratung", ["pregnancy_birth"], "eigene_raeume", ["werdende_eltern", "familien_grundsicherung"], "nach_bedarf"),
    ],
    reach: [20, 80],
  },
  hebammenpraxis: {
    key: "hebammenpraxis",
    type: "Hebammenpraxis",
    canonType: "hebamme",
    providers: [["frei_gewerblich", 1]],
    fieldsOfAction: ["health"],
    lifePhases: ["pregnancy_birth"],
    sector: "gesundheit",
    targetGroups: ["werdende_eltern", "kinder_0_3"],
    names: (random) => random.shuffle(["Hebammenpraxis Storchennest", "Hebammengemeinschaft Kugelrund", "Hebammenpraxis Lebensanfang", "Hebammenpraxis Sternenkind", "Hebammenpraxis Mondschein", "Hebammenhaus Wiege"]),
    offerCount: [2, 3],
    offers: [
      offer("Geburtsvorbereitungskurs", "kurs_gruppe", ["pregnancy_birth"], "eigene_raeume", ["werdende_eltern"], "woechentlich"),
      offer("Wochenbettbetreuung", "hausbesuch", ["pregnancy_birth"], "zuhause", ["werdende_eltern", "kinder_0_3"], "nach_bedarf"),
      offer("Rückbildungskurs", "kurs_gruppe", ["pregnancy_birth"], "eigene_raeume", ["eltern"], "woechentlich"),
      offer("Stillcafé", "offener_treff", ["pregnancy_birth", "early_childhood"], "eigene_raeume", ["kinder_0_3", "eltern"], "woechentlich"),
    ],
    reach: [15, 60],
  },
  kinderarztpraxis: {
    key: "kinderarztpraxis",
    type: "Kinderarztpraxis",
    canonType: "arztpraxis",
    providers: [["frei_gewerblich", 1]],
    fieldsOfAction: ["health"],
    lifePhases: ["early_childhood", "school", "youth"],
    sector: "gesundheit",
    targetGroups: ["kinder_0_3", "kinder_3_6", "kinder_6_10", "jugendliche_14_17"],
    names: (random) => random.shuffle(DOCTORS).map((doctor) => `Kinder- und Jugendarztpraxis ${doctor}`),
    offerCount: [1, 2],
    offers: [
      offer("Vorsorgeuntersuchungen U1–U9", "beratung", ["early_childhood"], "kinderarztpraxis", ["kinder_0_3", "kinder_3_6"], "taeglich"),
      offer("Impfsprechstunde", "beratung", ["early_childhood", "school"], "kinderarztpraxis", ["kinder_3_6", "kinder_6_10"], "woechentlich"),
      offer("Jugendsprechstunde J1", "beratung", ["youth"], "kinderarztpraxis", ["jugendliche_14_17"], "woechentlich"),
    ],
    reach: [300, 900],
  },
  familienbildung: {
    key: "familienbildung",
    type: "Familienbildung",
    canonType: "familienbildungsstaette",
    providers: [["frei", 1]],
    fieldsOfAction: ["education", "social"],
    lifePhases: ["pregnancy_birth", "early_childhood", "school"],
    sector: "kinder_jugendhilfe",
    targetGroups: ["werdende_eltern", "kinder_0_3", "eltern"],
    names: (random) => random.shuffle(["Familienbildungsstätte Musterstadt", "Ev. Familienbildungswerk", "Kath. Familienbildungsstätte St. Anna"]),
    offerCount: [2, 3],
    offers: [
      offer("PEKiP-Kurs", "kurs_gruppe", ["pregnancy_birth", "early_childhood"], "eigene_raeume", ["kinder_0_3", "eltern"], "woechentlich"),
      offer("Elternkurs Pubertät", "kurs_gruppe", ["youth"], "eigene_raeume", ["eltern"], "mehrmals_jaehrlich"),
      offer("Kochkurs für Familien", "kurs_gruppe", ["school"], "eigene_raeume", ["eltern", "kinder_6_10"], "monatlich"),
    ],
    reach: [80, 250],
  },
  sportverein: {
    key: "sportverein",
    type: "Sportverein",
    canonType: "sportverein",
    providers: [["frei", 1]],
    fieldsOfAction: ["sport"],
    lifePhases: ["early_childhood", "school", "youth"],
    sector: "sport",
    targetGroups: ["kinder_3_6", "kinder_6_10", "jugendliche_14_17"],
    names: (random, district) => random.shuffle([`TuS ${district} 1911`, `SV Eintracht ${district}`, `Turnverein ${district} 1862`, `DJK ${district}`, `Sportfreunde ${district}`]),
    offerCount: [1, 2],
    offers: [
      offer("Eltern-Kind-Turnen", "freizeit", ["early_childhood"], "eigene_raeume", ["kinder_3_6", "eltern"], "woechentlich"),
      offer("Fußball für Mädchen", "freizeit", ["school"], "eigene_raeume", ["kinder_6_10", "kinder_10_13"], "woechentlich"),
      offer("Mitternachtssport", "freizeit", ["youth"], "eigene_raeume", ["jugendliche_14_17", "junge_erwachsene"], "woechentlich"),
    ],
    reach: [60, 300],
  },
  migrantenorganisation: {
    key: "migrantenorganisation",
    type: "Migrantenorganisation",
    canonType: "migrantenorganisation",
    providers: [["frei", 1]],
    fieldsOfAction: ["social", "culture", "education"],
    lifePhases: ["early_childhood", "school", "youth"],
    sector: "migrantenorganisationen",
    targetGroups: ["familien_migrationsgeschichte", "gefluechtete", "eltern"],
    names: (random, district) =>
      random.shuffle([
        `Deutsch-Türkischer Elternverein ${district}`,
        "Elternnetzwerk Brücke e. V.",
        "Polnischer Kulturverein Most e. V.",
        `Afrikanischer Kulturverein ${district}`,
        "Ukrainische Gemeinde Musterstadt e. V.",
        `Arabischer Frauenverein ${district}`,
      ]),
    offerCount: [1, 3],
    offers: [
      offer("Mütter-Café", "offener_treff", ["early_childhood"], "wohnquartier", ["familien_migrationsgeschichte", "eltern"], "woechentlich"),
      offer("Zweisprachige Hausaufgabenhilfe", "kurs_gruppe", ["school"], "eigene_raeume", ["kinder_6_10", "familien_migrationsgeschichte"], "mehrmals_woechentlich"),
      offer("Begleitung zu Ämtern und Schulen", "beratung", ["school", "youth"], "wohnquartier", ["gefluechtete", "eltern"], "nach_bedarf"),
    ],
    reach: [20, 90],
  },
  bibliothek: {
    key: "bibliothek",
    type: "Bibliothek",
    canonType: "kultureinrichtung",
    providers: [["oeffentlich", 1]],
    fieldsOfAction: ["culture", "education"],
    lifePhases: ["early_childhood", "school"],
    sector: "kultur",
    targetGroups: ["kinder_3_6", "kinder_6_10", "eltern"],
    names: (random, district) => [`Stadtteilbibliothek ${district}`],
    offerCount: [1, 2],
    offers: [
      offer("Vorlesestunde", "veranstaltung", ["early_childhood"], "eigene_raeume", ["kinder_3_6"], "woechentlich"),
      offer("Bibliotheksführerschein", "kurs_gruppe", ["school"], "eigene_raeume", ["kinder_6_10"], "mehrmals_jaehrlich"),
    ],
    reach: [100, 400],
  },
  asd: {
    key: "asd",
    type: "Jugendamt",
    canonType: "jugendamt_asd",
    providers: [["oeffentlich", 1]],
    fieldsOfAction: ["youth_welfare", "social"],
    lifePhases: ["pregnancy_birth", "early_childhood", "school", "youth"],
    sector: "kinder_jugendhilfe",
    targetGroups: ["eltern", "familien_belastet", "werdende_eltern"],
    names: (random, district) => [`Allgemeiner Sozialer Dienst ${district}`],
    offerCount: [1, 2],
    offers: [
      offer("Willkommensbesuch für Neugeborene", "hausbesuch", ["pregnancy_birth"], "zuhause", ["werdende_eltern", "kinder_0_3"], "nach_bedarf"),
      offer("Beratung in Erziehungsfragen", "beratung", ["early_childhood", "school", "youth"], "eigene_raeume", ["eltern", "familien_belastet"], "nach_bedarf"),
    ],
    reach: [30, 120],
  },
  quartiersbuero: {
    key: "quartiersbuero",
    type: "Quartiersmanagement",
    canonType: "verein",
    providers: [["oeffentlich", 1], ["frei", 1]],
    fieldsOfAction: ["social"],
    lifePhases: ["early_childhood", "school", "youth"],
    sector: "stadtentwicklung",
    targetGroups: ["eltern", "familien_migrationsgeschichte", "familien_grundsicherung"],
    names: (random, district) => random.shuffle([`Stadtteilbüro ${district}`, `Quartiersmanagement ${district}`]),
    offerCount: [1, 2],
    offers: [
      offer("Stadtteilfest", "veranstaltung", ["early_childhood", "school", "youth"], "wohnquartier", ["eltern"], "einmalig"),
      offer("Sprechstunde im Stadtteilbüro", "beratung", ["school", "youth"], "wohnquartier", ["eltern", "familien_grundsicherung"], "woechentlich"),
    ],
    reach: [40, 200],
  },
  gesundheitsamt: {
    key: "gesundheitsamt",
    type: "Gesundheitsamt",
    canonType: "gesundheitsamt",
    providers: [["oeffentlich", 1]],
    fieldsOfAction: ["health"],
    lifePhases: ["pregnancy_birth", "early_childhood", "school"],
    sector: "gesundheit",
    targetGroups: ["werdende_eltern", "kinder_3_6", "kinder_6_10"],
    names: () => ["Gesundheitsamt – Kinder- und Jugendgesundheitsdienst"],
    offerCount: [2, 2],
    offers: [
      offer("Schuleingangsuntersuchung", "beratung", ["early_childhood", "school"], "schule", ["kinder_3_6"], "mehrmals_jaehrlich"),
      offer("Familienhebammen", "hausbesuch", ["pregnancy_birth"], "zuhause", ["werdende_eltern", "familien_belastet"], "nach_bedarf"),
    ],
    reach: [200, 600],
  },
  jobcenter: {
    key: "jobcenter",
    type: "Jobcenter",
    canonType: "jobcenter_arbeitsagentur",
    providers: [["oeffentlich", 1]],
    fieldsOfAction: ["social"],
    lifePhases: ["youth"],
    sector: "arbeit_beruf",
    targetGroups: ["junge_erwachsene", "familien_grundsicherung"],
    names: () => ["Jobcenter Musterstadt – Team U25"],
    offerCount: [1, 1],
    offers: [offer("Berufsberatung U25", "beratung", ["youth"], "eigene_raeume", ["junge_erwachsene"], "nach_bedarf")],
    reach: [150, 400],
  },
  tafel: {
    key: "tafel",
    type: "Tafel",
    canonType: "tafel",
    providers: [["frei", 1]],
    fieldsOfAction: ["social"],
    lifePhases: ["early_childhood", "school", "youth"],
    sector: "ehrenamt_selbsthilfe",
    targetGroups: ["familien_grundsicherung", "alleinerziehende"],
    names: () => ["Musterstädter Tafel e. V."],
    offerCount: [1, 1],
    offers: [offer("Kinderfrühstück an der Tafel", "offener_treff", ["early_childhood", "school"], "wohnquartier", ["familien_grundsicherung"], "woechentlich")],
    reach: [100, 300],
  },
} satisfies Record<string, InstitutionKind>;

export type InstitutionKindKey = keyof typeof INSTITUTION_KINDS;

/** The kind with this key. */
export function institutionKind(key: InstitutionKindKey): InstitutionKind {
  return INSTITUTION_KINDS[key];
}

/**
 * The answers Musterstadt's institutions and networks give, built for the frozen definition of
 * the survey they answer (so every code is one the survey offers): the actor questionnaire's
 * profile and offers consistent with the directory (name, district, kind, the networks it is a
 * member of), the Stadtteilkonferenzen's structure profile, and the members' view of the
 * Netzwerk Frühe Hilfen. Everything the directory does not determine is drawn by `answersFor`.
 *
 * Two waves of the actor survey differ the way a planner hopes they would: in the second wave
 * more institutions work multilingually and go out to families (outreach), which the trend shows.
 */
import type { Random } from "./random.ts";
import { answersFor, valuesOf, questionsOf } from "./answers.ts";
import { INSTITUTION_KINDS } from "./institution-kinds.ts";
import { phasesAllowedIn, type PlannedInstitution, type PlannedNetwork } from "./municipality-plan.ts";

type Json = Record<string, unknown>;

/** Free texts, by question (or `list.field`), in the words planners and networks use. No personal data. */
const TEXTS: Record<string, readonly string[]> = {
  "network.achievements": [
    "Ferienprogramm aller Träger im Stadtteil gemeinsam abgestimmt.",
    "Regelmäßiger Austausch zwischen Kitas und Grundschulen eingeführt.",
    "Stadtteilplan „Aufwachsen im Quartier“ mit allen Einrichtungen erstellt.",
    "Gemeinsamer Flyer mit allen Angeboten für Familien in mehreren Sprachen.",
    "Sprechstunde der Erziehungsberatung im Familienzentrum eingerichtet.",
  ],
  "network.success_factors": [
    "Verlässliche Koordination und feste Ansprechpersonen.",
    "Kurze Wege und persönliches Kennen der Fachkräfte.",
    "Ein gemeinsames Ziel, das alle tragen.",
    "Die Unterstützung durch die Verwaltungsspitze.",
    "Offene Atmosphäre, in der auch Probleme angesprochen werden.",
  ],
  "network.obstacles": [
    "Zu wenig Zeit für Vernetzung neben dem Tagesgeschäft.",
    "Häufige Personalwechsel bei den Trägern.",
    "Schulen und Gesundheitswesen sind kaum beteiligt.",
    "Projektfinanzierung läuft aus, die Anschlussfinanzierung ist unklar.",
    "Termine am Vormittag passen nicht für alle Beteiligten.",
  ],
  "actor.observed_effects": [
    "Mehr Familien nutzen die offene Sprechstunde.",
    "Der Übergang in die Grundschule gelingt besser.",
    "Eltern fragen früher nach Unterstützung.",
  ],
  "network.main_topics": [
    "Übergang Kita – Grundschule",
    "Kinderarmut im Quartier",
    "Sprachförderung",
    "Jugendliche im öffentlichen Raum",
    "Gesundheit von Anfang an",
    "Elternbeteiligung",
    "Ferienangebote",
  ],
};

function textFor(name: string, random: Random): string {
  const key = name.replace(/\.thema_\d$/, "");
  const pool = TEXTS[key];
  return pool ? random.pick(pool) : random.pick(["Keine Angabe.", "Siehe Jahresbericht.", "Wird im Netzwerk besprochen."]);
}

/** The values a question of the definition offers (choices or columns), for keeping overrides valid. */
function offered(definition: Json, name: string): Set<string> {
  const question = questionsOf(definition).find((candidate) => candidate.name === name);
  return new Set(question ? valuesOf(question.choices) : []);
}

/** Only the codes the survey's question offers (an override must never write a code it lacks). */
const onlyOffered = (definition: Json, name: string, values: readonly string[]) => {
  const allowed = offered(definition, name);
  return values.filter((value) => allowed.has(value));
};

/** The entries of `actor.offers` for an institution: its kind's offers, without the life phases its district lacks in the wave. */
export function offersOf(institution: PlannedInstitution, random: Random, wave: 0 | 1 = 1): Json[] {
  const kind = INSTITUTION_KINDS[institution.kind];
  const count = random.int(kind.offerCount[0], kind.offerCount[1]);
  return random
    .sample(kind.offers, count)
    .map((template) => ({ ...template, lifePhases: phasesAllowedIn(institution.district, template.lifePhases, wave) }))
    .filter((template) => template.lifePhases.length > 0)
    .map((template) => ({
      offer_name: template.name,
      offer_type: template.type,
      life_phases: template.lifePhases,
      place: template.place,
      target_groups: template.targetGroups,
      frequency: template.frequency,
    }));
}

export interface ActorContext {
  institution: PlannedInstitution;
  /** The networks the institution is a member of. */
  memberships: readonly PlannedNetwork[];
  /** 0: last year's wave, 1: this year's. */
  wave: 0 | 1;
  year: number;
}

/** An institution's answers to the actor questionnaire (the offers stocktaking). */
export function actorAnswers(definition: Json, random: Random, context: ActorContext): Json {
  const { institution, memberships, wave } = context;
  const kind = INSTITUTION_KINDS[institution.kind];
  const lowThreshold = ["ohne_anmeldung", "kostenfrei", "wohnortnah", "mehrsprachig", "barrierefrei", "offene_sprechzeiten", "randzeiten", "kinderbetreuung", "anonym"].filter(
    (code) => random.chance(code === "mehrsprachig" ? (wave === 0 ? 0.25 : 0.5) : code === "kostenfrei" ? 0.7 : 0.3),
  );
  const languages = random.sample(["tuerkisch", "arabisch", "russisch", "polnisch", "englisch", "kurdisch", "ukrainisch", "rumaenisch"], random.int(0, wave === 0 ? 2 : 3));
  const membershipCodes = [...new Set(memberships.map((network) => network.membershipCode))];
  const offers = offersOf(institution, random, wave);
  return answersFor(definition, random, {
    year: context.year,
    text: textFor,
    overrides: {
      "actor.institution_name": institution.name,
      "actor.provider_type": institution.provider,
      "actor.institution_type": kind.canonType,
      "actor.fields_of_action": onlyOffered(definition, "actor.fields_of_action", kind.fieldsOfAction),
      "actor.district": institution.district ?? "gesamtstädtisch",
      "actor.life_phases": onlyOffered(definition, "actor.life_phases", kind.lifePhases),
      "actor.target_groups": onlyOffered(definition, "actor.target_groups", random.sample(kind.targetGroups, random.int(1, kind.targetGroups.length))),
      "actor.access_mode": random.weighted(
        wave === 0
          ? [["komm_struktur", 6], ["beides", 3], ["aufsuchend", 1]]
          : [["komm_struktur", 4], ["beides", 4], ["aufsuchend", 2]],
      ),
      "actor.low_threshold": onlyOffered(definition, "actor.low_threshold", lowThreshold.length > 0 ? lowThreshold : ["wohnortnah"]),
      "actor.cost": random.weighted([["kostenfrei", 7], ["geringer_beitrag", 2], ["einkommensabhaengig", 1], ["kostenpflichtig", institution.provider === "frei_gewerblich" ? 3 : 0.2]]),
      "actor.reach_per_month": random.int(kind.reach[0], kind.reach[1]),
      "actor.hard_to_reach": random.weighted(
        wave === 0
          ? [["ja_regelmaessig", 2], ["teilweise", 4], ["kaum", 3], ["weiss_nicht", 1]]
          : [["ja_regelmaessig", 3], ["teilweise", 4], ["kaum", 2], ["weiss_nicht", 1]],
      ),
      "actor.staff_languages": onlyOffered(definition, "actor.staff_languages", languages),
      "actor.offers": offers.length > 0 ? offers : undefined,
      "actor.network_memberships": membershipCodes.length > 0 ? onlyOffered(definition, "actor.network_memberships", membershipCodes) : ["none"],
    },
  });
}

export interface ConferenceContext {
  network: PlannedNetwork;
  /** The kinds of its members, for the sectors it names. */
  memberSectors: readonly string[];
  year: number;
}

/** A Stadtteilkonferenz's structure profile (one respondent per network). */
export function conferenceAnswers(definition: Json, random: Random, context: ConferenceContext): Json {
  const { network } = context;
  const sectors = new Set(context.memberSectors);
  const missing = ["gesundheit", "schule", "arbeit_beruf", "polizei_justiz", "wohnungswirtschaft", "politik"].filter((sector) => !sectors.has(sector));
  const topics = random.sample(TEXTS["network.main_topics"]!, 3);
  return answersFor(definition, random, {
    year: context.year,
    text: textFor,
    overrides: {
      "network.name": network.name,
      "network.founding_year": network.foundingYear,
      "network.sphere": "stadtteil",
      "network.type": network.canonType,
      "network.member_count": network.members.length + random.int(2, 10),
      "network.member_sectors": onlyOffered(definition, "network.member_sectors", [...sectors]),
      "network.missing_sectors": onlyOffered(definition, "network.missing_sectors", random.sample(missing, random.int(1, 3))),
      "network.main_topics": { thema_1: topics[0], thema_2: topics[1], ...(random.chance(0.6) ? { thema_3: topics[2] } : {}) },
    },
  });
}

export interface MemberContext {
  institution: PlannedInstitution;
  year: number;
}

/** A member's view of the network's cooperation (many respondents per network, aggregated). */
export function memberAnswers(definition: Json, random: Random, context: MemberContext): Json {
  const kind = INSTITUTION_KINDS[context.institution.kind];
  const sectorOffered = offered(definition, "network.respondent_sector").has(kind.sector);
  return answersFor(definition, random, {
    year: context.year,
    text: textFor,
    skip: 0.05,
    overrides: {
      // A sector the question does not offer (an older version): left to chance like the rest.
      ...(sectorOffered ? { "network.respondent_sector": kind.sector } : {}),
      "network.respondent_role": random.weighted([["leitung", 1], ["steuerung", 2], ["mitglied", 8], ["gast", 1]]),
      "network.missing_sectors": onlyOffered(definition, "network.missing_sectors", random.sample(["schule", "arbeit_beruf", "polizei_justiz", "wohnungswirtschaft", "kultur"], random.int(1, 2))),
    },
  });
}

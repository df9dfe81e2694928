/**
 * "Explore an example municipality": creates the invented town Musterstadt as an organisation of
 * its own (marked `is_example`), with a planner account, its directory (8 districts, ~120
 * institutions, 15 networks with members) and a year of survey work:
 *
 * - the offers stocktaking (actor questionnaire, shipped template) in two waves of one series:
 *   last year's closed, this year's running, with submitted answers, drafts, links never opened,
 *   a reminder and a few mails the receiving server refused; offers concentrated in some
 *   districts and life phases, so the gap matrix shows gaps and possible over-supply, and the
 *   trend shows change;
 * - the network analysis of all Stadtteilkonferenzen (one respondent per network) and the member
 *   survey of the Netzwerk Frühe Hilfen (pseudonymous), each with a network share link.
 *
 * Deterministic: the same seed and base date give the same content (apart from generated ids and
 * the creation times of the directory's rows). Every moment of the surveys' history (opened,
 * sent, answered, closed) lies relative to the base date, the example's "today". Written through
 * the app's own services; answers fit the frozen definitions they answer.
 *
 * @example
 * const example = await createExampleOrganisation(db, { baseUrl: "http://localhost:3000" });
 * example.account; // { email: "planung@musterstadt.example", password: "musterstadt-…", name: "Maren Muster" }
 * example.networkViews[0].token; // the share link's secret, shown once
 */
import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import { hashPassword } from "../auth/passwords.ts";
import { deleteOrganisation } from "../data-protection/delete-organisation.ts";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { assignSurveyToSeries, createSeries } from "../waves/series.ts";
import { answersOfFirstPages, questionNamesByPage } from "./answers.ts";
import { actorAnswers, conferenceAnswers, memberAnswers } from "./example-answers.ts";
import { inviteAndDeliver, REFUSALS, remindAndDeliver } from "./example-mailings.ts";
import { writeResponses, type PlannedResponse } from "./example-responses.ts";
import { closeExampleSurvey, openSurveyFromTemplate, shareWithNetwork, type OpenedSurvey, type Planner } from "./example-surveys.ts";
import { INSTITUTION_KINDS, type InstitutionKindKey } from "./institution-kinds.ts";
import { DEVICES, drawOutcomes, moments, type Outcome, type OutcomeShares } from "./invitation-outcomes.ts";
import { EXAMPLE_MAIL_DOMAIN, EXAMPLE_ORGANISATION_NAME, planMunicipality, type PlannedInstitution, type PlannedNetwork } from "./municipality-plan.ts";
import { seededRandom, type Random } from "./random.ts";
import { writeDirectory } from "./write-directory.ts";

type Db = Kysely<Database> | Transaction<Database>;
type Json = Record<string, unknown>;

/** The seed of the example every installation shows (so screenshots and guides match). */
export const DEFAULT_EXAMPLE_SEED = "musterstadt";

export const EXAMPLE_ACCOUNT = { email: `planung@${EXAMPLE_MAIL_DOMAIN}`, name: "Maren Muster" } as const;

export interface ExampleOptions {
  /** Default DEFAULT_EXAMPLE_SEED. */
  seed?: number | string;
  /** The example's "today"; default now. */
  baseDate?: Date;
  /** The public address personal links in the (never sent) mails point to. */
  baseUrl: string;
}

export interface ExampleNetworkView {
  surveyId: string;
  surveyTitle: string;
  networkName: string;
  mode: "members" | "own";
  /** The share link's secret (only its hash is stored): the link is `${baseUrl}/n/${token}`. */
  token: string;
}

export interface ExampleContent {
  networkViews: ExampleNetworkView[];
  surveys: { id: string; title: string; status: "open" | "closed" }[];
  counts: { districts: number; institutions: number; networks: number; invitations: number; responses: number; submitted: number };
}

export interface CreatedExample extends ExampleContent {
  organisationId: string;
  userId: string;
  account: { email: string; password: string; name: string };
  /** How long creating it took. */
  ms: number;
}

/** How readily each kind of institution answers a stocktaking (1: average). */
const PROPENSITY: Record<InstitutionKindKey, number> = {
  kita: 1.15,
  familienzentrum: 1.3,
  grundschule: 0.9,
  ogs: 1,
  schulsozialarbeit: 1.1,
  jugendtreff: 1.1,
  erziehungsberatung: 1.2,
  schwangerschaftsberatung: 1,
  hebammenpraxis: 0.7,
  kinderarztpraxis: 0.5,
  familienbildung: 1.2,
  sportverein: 0.6,
  migrantenorganisation: 0.8,
  bibliothek: 1,
  asd: 1.1,
  quartiersbuero: 1.2,
  gesundheitsamt: 1,
  jobcenter: 0.8,
  tafel: 0.7,
};

const DAY = 86_400_000;

/** A password planners can type: "musterstadt-" and three groups of four letters and digits (about 62 bits). */
export function examplePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(12);
  const groups = [0, 4, 8].map((start) => Array.from(bytes.subarray(start, start + 4), (byte) => alphabet[byte % alphabet.length]).join(""));
  return `musterstadt-${groups.join("-")}`;
}

/** The example organisations of the database (normally none or one). */
export async function findExampleOrganisations(db: Db): Promise<{ id: string; name: string }[]> {
  return db.selectFrom("organisations").select(["id", "name"]).where("is_example", "=", true).orderBy("created_at").execute();
}

export const exampleExists = () =>
  new ApiError(409, "example_exists", {
    de: "Es gibt schon eine Beispielkommune. Löschen Sie sie zuerst (oder melden Sie sich mit ihrem Konto an).",
    en: "There already is an example municipality. Delete it first (or sign in with its account).",
  });

/**
 * The example organisation and its planner account (an admin, so the example can be explored
 * fully and deleted in one step). 409 `example_exists` when there is one already.
 */
export async function insertExampleOrganisation(db: Db, passwordHash: string): Promise<{ organisationId: string; userId: string }> {
  if ((await findExampleOrganisations(db)).length > 0) throw exampleExists();
  const taken = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", EXAMPLE_ACCOUNT.email)
    .where("deactivated_at", "is", null)
    .executeTakeFirst();
  if (taken) throw exampleExists();
  const organisation = await db
    .insertInto("organisations")
    .values({ name: EXAMPLE_ORGANISATION_NAME, is_example: true, mail_sender_name: "Stadt Musterstadt – Jugendhilfe- und Sozialplanung" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("users")
    .values({ organisation_id: organisation.id, email: EXAMPLE_ACCOUNT.email, name: EXAMPLE_ACCOUNT.name, password_hash: passwordHash, role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { organisationId: organisation.id, userId: user.id };
}

interface SurveyRun<T> {
  survey: OpenedSurvey;
  targets: readonly T[];
  outcomes: Map<T, Outcome>;
  /** Invitation ids by address. */
  invitations: Map<string, string>;
}

/**
 * Invites the targets, records who answered how (answers from `answer`), in the window
 * [openedAt, respondUntil]; returns what happened to each.
 */
async function runSurvey<T extends { name: string; email: string; contactPerson: string }>(
  db: Kysely<Database>,
  context: { planner: Planner; baseUrl: string; entryIds: Map<string, string>; random: Random },
  survey: OpenedSurvey,
  plan: {
    targets: readonly T[];
    invitedAt: Date;
    respondUntil: Date;
    refused: number;
    shares: OutcomeShares;
    propensity?: (target: T) => number;
    forced?: ReadonlyMap<T, Outcome>;
    answer: (target: T, random: Random) => Json;
  },
): Promise<SurveyRun<T>> {
  const { planner, random } = context;
  const outcomes = drawOutcomes(random.fork("outcomes"), plan.targets, {
    refused: plan.refused,
    shares: plan.shares,
    ...(plan.propensity ? { propensity: plan.propensity } : {}),
    ...(plan.forced ? { forced: plan.forced } : {}),
  });
  const refusals = random.fork("refusals");
  const refused = new Map(plan.targets.filter((target) => outcomes.get(target) === "refused").map((target) => [target.email, refusals.pick(REFUSALS)] as const));
  const invitations = await inviteAndDeliver(db, {
    organisationId: planner.organisationId,
    surveyId: survey.id,
    sender: { userId: planner.userId, name: planner.userName, email: EXAMPLE_ACCOUNT.email },
    baseUrl: context.baseUrl,
    at: plan.invitedAt,
    targets: plan.targets.map((target) => ({ email: target.email, name: target.contactPerson, directoryEntryId: context.entryIds.get(target.name)! })),
    refused,
  });
  await recordAudit(db, {
    ...planner,
    action: "invitations.sent",
    targetType: "survey",
    targetId: survey.id,
    targetLabel: survey.title,
    details: { invitations: plan.targets.length, scheduled: false },
    at: plan.invitedAt,
  });

  const pages = questionNamesByPage(survey.definition).length;
  const responses: PlannedResponse[] = [];
  const openedOnly: { invitationId: string; at: Date }[] = [];
  for (const target of plan.targets) {
    const outcome = outcomes.get(target)!;
    if (outcome === "refused" || outcome === "not_opened") continue;
    const own = random.fork(`respondent:${target.name}`);
    const invitationId = invitations.get(target.email)!;
    const { openedAt, savedAt } = moments(own, outcome, { from: plan.invitedAt, to: plan.respondUntil });
    if (outcome === "opened") {
      openedOnly.push({ invitationId, at: openedAt });
      continue;
    }
    const answers = plan.answer(target, own.fork("answers"));
    const page = outcome === "draft" ? own.int(1, Math.max(1, pages - 1)) : pages - 1;
    responses.push({
      invitationId,
      answers: outcome === "draft" ? answersOfFirstPages(survey.definition, answers, page) : answers,
      status: outcome,
      page,
      device: own.pick(DEVICES),
      openedAt,
      savedAt,
    });
  }
  await writeResponses(db, { organisationId: planner.organisationId, surveyId: survey.id }, responses, openedOnly);
  return { survey, targets: plan.targets, outcomes, invitations };
}

/** Fills an (empty) organisation with Musterstadt: directory, surveys, invitations, answers, share links. */
export async function populateExample(db: Kysely<Database>, ids: { organisationId: string; userId: string }, options: ExampleOptions): Promise<ExampleContent> {
  const base = options.baseDate ?? new Date();
  const day = (offset: number) => new Date(base.getTime() + offset * DAY);
  const dateOf = (offset: number) => day(offset).toISOString().slice(0, 10);
  const year = base.getUTCFullYear();
  const random = seededRandom(options.seed ?? DEFAULT_EXAMPLE_SEED);
  const planner: Planner = { organisationId: ids.organisationId, userId: ids.userId, userName: EXAMPLE_ACCOUNT.name };

  const plan = planMunicipality(random.fork("municipality"), year);
  const { entryIds } = await writeDirectory(db, ids.organisationId, plan);
  const networksOf = new Map<string, PlannedNetwork[]>();
  for (const network of plan.networks) for (const member of network.members) networksOf.set(member, [...(networksOf.get(member) ?? []), network]);
  const institutionNamed = new Map(plan.institutions.map((institution) => [institution.name, institution]));
  const context = (label: string) => ({ planner, baseUrl: options.baseUrl, entryIds, random: random.fork(label) });
  const outcomeLists: Outcome[][] = [];
  const record = <T>(run: SurveyRun<T>) => outcomeLists.push([...run.outcomes.values()]);

  // The offers stocktaking, last year (closed) and this year (running), as waves of one series.
  const series = await createSeries(db, ids.organisationId, "Bestandsaufnahme Angebote");
  const waves = [
    { wave: 0 as const, label: String(year - 1), created: -400, opened: -395, reminder: -352, respondUntil: -336, closing: -335, closed: -334 },
    { wave: 1 as const, label: String(year), created: -35, opened: -30, reminder: -9, respondUntil: -0.05, closing: 30, closed: null },
  ];
  const actorSurveys: OpenedSurvey[] = [];
  for (const wave of waves) {
    const survey = await openSurveyFromTemplate(db, planner, {
      templateKey: "bestandsaufnahme-angebote",
      title: `Bestandsaufnahme Angebote ${wave.label}`,
      titleEn: `Stocktaking of offers ${wave.label}`,
      closingDate: dateOf(wave.closing),
      privacyMode: "identified",
      createdAt: day(wave.created),
      openedAt: day(wave.opened),
    });
    await assignSurveyToSeries(db, ids.organisationId, survey.id, { seriesId: series.id, waveLabel: wave.label });
    const run = await runSurvey(db, context(`actor:${wave.label}`), survey, {
      targets: plan.institutions.filter((institution) => wave.wave === 1 || !institution.newThisYear),
      invitedAt: new Date(day(wave.opened).getTime() + 2 * 3_600_000),
      respondUntil: day(wave.respondUntil),
      refused: wave.wave === 0 ? 2 : 3,
      shares: wave.wave === 0 ? { submitted: 0.66, draft: 0.08, opened: 0.06, notOpened: 0.2 } : { submitted: 0.56, draft: 0.14, opened: 0.08, notOpened: 0.22 },
      propensity: (institution) => PROPENSITY[institution.kind],
      answer: (institution, own) => actorAnswers(survey.definition, own, { institution, memberships: networksOf.get(institution.name) ?? [], wave: wave.wave, year }),
    });
    await remindAndDeliver(db, {
      organisationId: ids.organisationId,
      surveyId: survey.id,
      sender: { userId: ids.userId, name: EXAMPLE_ACCOUNT.name, email: EXAMPLE_ACCOUNT.email },
      baseUrl: options.baseUrl,
      at: day(wave.reminder),
      audience: ["not_opened"],
    }).then(async (reminded) => {
      if (reminded > 0) {
        await recordAudit(db, { ...planner, action: "reminders.sent", targetType: "survey", targetId: survey.id, targetLabel: survey.title, details: { reminders: reminded, audience: ["not_opened"] }, at: day(wave.reminder) });
      }
    });
    if (wave.closed !== null) await closeExampleSurvey(db, planner, survey, day(wave.closed));
    actorSurveys.push(survey);
    record(run);
  }

  // The network analysis of all Stadtteilkonferenzen: one respondent per network.
  const conferences = plan.networks.filter((network) => network.type === "Stadtteilkonferenz");
  const nordstadt = conferences.find((network) => network.name === "Stadtteilkonferenz Nordstadt")!;
  const conferenceSurvey = await openSurveyFromTemplate(db, planner, {
    templateKey: "netzwerkanalyse-stadtteilkonferenzen",
    title: `Netzwerkanalyse Stadtteilkonferenzen ${year}`,
    titleEn: `Network analysis of district conferences ${year}`,
    closingDate: dateOf(21),
    privacyMode: "identified",
    createdAt: day(-24),
    openedAt: day(-21),
  });
  record(
    await runSurvey(db, context("conferences"), conferenceSurvey, {
      targets: conferences,
      invitedAt: new Date(day(-21).getTime() + 3_600_000),
      respondUntil: day(-0.05),
      refused: 0,
      shares: { submitted: 0.7, draft: 0.15, opened: 0.05, notOpened: 0.1 },
      forced: new Map([[nordstadt, "submitted"]]),
      answer: (network, own) =>
        conferenceAnswers(conferenceSurvey.definition, own, {
          network,
          memberSectors: network.members.map((name) => INSTITUTION_KINDS[institutionNamed.get(name)!.kind].sector),
          year,
        }),
    }),
  );

  // The members of the Netzwerk Frühe Hilfen on their cooperation: many respondents, aggregated.
  const fruehe = plan.networks.find((network) => network.type === "Netzwerk Frühe Hilfen")!;
  const memberSurvey = await openSurveyFromTemplate(db, planner, {
    templateKey: "mitgliederbefragung-netzwerk",
    title: `Mitgliederbefragung ${fruehe.name} ${year}`,
    titleEn: `Member survey ${fruehe.name} ${year}`,
    closingDate: dateOf(28),
    privacyMode: "pseudonymous",
    createdAt: day(-16),
    openedAt: day(-14),
  });
  record(
    await runSurvey(db, context("members"), memberSurvey, {
      targets: fruehe.members.map((name) => institutionNamed.get(name)!),
      invitedAt: new Date(day(-14).getTime() + 3_600_000),
      respondUntil: day(-0.05),
      refused: 1,
      shares: { submitted: 0.68, draft: 0.1, opened: 0.05, notOpened: 0.17 },
      answer: (institution, own) => memberAnswers(memberSurvey.definition, own, { institution, year }),
    }),
  );

  // Share links: the Frühe Hilfen members' view, Nordstadt's own profile, Altstadt-Süd's members' offers.
  const shares = [
    { survey: memberSurvey, network: fruehe, mode: "members" as const },
    { survey: conferenceSurvey, network: nordstadt, mode: "own" as const },
    { survey: actorSurveys[1]!, network: conferences.find((network) => network.name === "Stadtteilkonferenz Altstadt-Süd")!, mode: "members" as const },
  ];
  const networkViews: ExampleNetworkView[] = [];
  for (const [index, share] of shares.entries()) {
    const view = await shareWithNetwork(db, planner, { survey: share.survey, networkId: entryIds.get(share.network.name)!, mode: share.mode, at: new Date(day(-2).getTime() + index * 600_000) });
    networkViews.push({ surveyId: share.survey.id, surveyTitle: share.survey.title, networkName: view.networkName, mode: share.mode, token: view.token });
  }

  const outcomes = outcomeLists.flat();
  return {
    networkViews,
    surveys: [...actorSurveys, conferenceSurvey, memberSurvey].map((survey, index) => ({ id: survey.id, title: survey.title, status: index === 0 ? ("closed" as const) : ("open" as const) })),
    counts: {
      districts: plan.districts.length,
      institutions: plan.institutions.length,
      networks: plan.networks.length,
      invitations: outcomes.length,
      responses: outcomes.filter((outcome) => outcome === "draft" || outcome === "submitted").length,
      submitted: outcomes.filter((outcome) => outcome === "submitted").length,
    },
  };
}

/**
 * The whole example in one call (for `npm run demo` and tests): organisation, account with a
 * fresh password, content. If filling it fails, the half-made organisation is deleted again.
 */
export async function createExampleOrganisation(db: Kysely<Database>, options: ExampleOptions): Promise<CreatedExample> {
  const started = performance.now();
  const password = examplePassword();
  const ids = await insertExampleOrganisation(db, await hashPassword(password));
  try {
    const content = await populateExample(db, ids, options);
    return { ...ids, ...content, account: { ...EXAMPLE_ACCOUNT, password }, ms: Math.round(performance.now() - started) };
  } catch (error) {
    await removeExample(db, ids.organisationId, "example generation failed");
    throw error;
  }
}

/** Deletes an example organisation with everything in it (the data-protection deletion). */
export async function removeExample(db: Kysely<Database>, organisationId: string, actor: string): Promise<void> {
  const organisation = await db.selectFrom("organisations").select(["name", "is_example"]).where("id", "=", organisationId).executeTakeFirst();
  if (!organisation?.is_example) return;
  await deleteOrganisation(db, { organisationId, userId: actor }, organisation.name);
}

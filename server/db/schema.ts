import type { Language } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import type { Generated, JSONColumnType } from "kysely";
import type { Audience, FormOfAddress } from "../lib/survey-audience.ts";

/** Kysely's view of the tables created in migrations/. Tenant tables carry organisation_id. */
export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  planner_invitations: PlannerInvitationsTable;
  password_resets: PasswordResetsTable;
  rate_limit_events: RateLimitEventsTable;
  response_submissions: ResponseSubmissionsTable;
  pending_anonymous_answers: PendingAnonymousAnswersTable;
  untyped_answer_cleanup: UntypedAnswerCleanupTable;
  untyped_answer_cleanup_counts: UntypedAnswerCleanupCountsTable;
  survey_templates: SurveyTemplatesTable;
  canon_items: CanonItemsTable;
  surveys: SurveysTable;
  invitations: InvitationsTable;
  responses: ResponsesTable;
  mail_outbox: MailOutboxTable;
  dev_mailbox: DevMailboxTable;
  districts: DistrictsTable;
  directory_entries: DirectoryEntriesTable;
  network_members: NetworkMembersTable;
  invitation_links: InvitationLinksTable;
  mailings: MailingsTable;
  survey_mail_templates: SurveyMailTemplatesTable;
  reminder_rules: ReminderRulesTable;
  survey_series: SurveySeriesTable;
  network_views: NetworkViewsTable;
  audit_log: AuditLogTable;
  survey_data_versions: SurveyDataVersionsTable;
  directory_versions: DirectoryVersionsTable;
  erasures: ErasuresTable;
}

type CreatedAt = Date;
type Timestamp = Date;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface LocalizedText {
  de: string;
  en: string;
}

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  created_at: Generated<CreatedAt>;
  /** Shown to respondents before the first question; empty: Kanon's default text. */
  privacy_notice: Generated<string>;
  privacy_notice_en: Generated<string>;
  /** Display name of the sender in survey mails; empty: the organisation's name. */
  mail_sender_name: Generated<string>;
  /** Where answers to survey mails go; empty: the planner who sends. */
  mail_reply_to: Generated<string>;
  /** Results leaving the planner's own view hide groups smaller than this (3–10). */
  min_cell_size: Generated<number>;
  /** Responses are deleted this many months after a survey ended (1–120); null: kept. */
  retention_months: number | null;
  /** Example data (Musterstadt, made by "explore an example municipality"): everything in it is invented. */
  is_example: Generated<boolean>;
  /** Set when an admin deleted the organisation: it is gone for everyone while the eraser removes its rows. */
  erasure_requested_at: Generated<Timestamp | null>;
}

export type UserRole = "admin" | "planner";

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: UserRole;
  created_at: Generated<CreatedAt>;
  /** Set when an admin removed the planner: no sign-in, no sessions; the address is free again. */
  deactivated_at: Timestamp | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  created_at: Generated<CreatedAt>;
  expires_at: Timestamp;
}

export interface PlannerInvitationsTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  role: UserRole;
  token_hash: string;
  invited_by: string;
  created_at: Generated<CreatedAt>;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  /** When the link was last mailed (a resend mails a new link and moves the expiry). */
  sent_at: Generated<Timestamp>;
}

/** A password reset link in flight: single use (deleted when used), expiring, only its hash stored. */
export interface PasswordResetsTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  token_hash: string;
  created_at: Generated<CreatedAt>;
  expires_at: Timestamp;
}

/** Failed logins and failed link lookups, by hashed key (never an address in clear). */
export interface RateLimitEventsTable {
  id: Generated<number>;
  key_hash: string;
  attempted_at: Generated<CreatedAt>;
}

/**
 * What a canon item is about. `"all"`: the item applies across every life phase (or field of
 * action); a list names the specific ones (empty only on own items nobody has tagged yet).
 */
export interface CanonTags {
  lifePhases: string[] | "all";
  fieldsOfAction: string[] | "all";
  topics: string[];
}

export interface CanonItemsTable {
  item_id: string;
  version: number;
  /** null for the shipped canon; an organisation's own items carry its id. */
  organisation_id: string | null;
  questionnaire: string;
  module: string;
  module_title: Json<LocalizedText>;
  tags: Json<CanonTags>;
  help: Json<LocalizedText>;
  personal_data_warning: boolean;
  element: Json<Record<string, unknown>>;
  /** Lower-cased, umlaut-folded German and English text for search. */
  search_text: string;
  /** Display order: the order of modules and items in the canon files. */
  position: Generated<number>;
  created_at: Generated<CreatedAt>;
  /** Retired items are hidden from the canon browser; surveys that use them keep them. */
  retired_at: Timestamp | null;
  created_by: string | null;
  origin: Generated<"canon" | "editor" | "import">;
  /** For version n ≥ 2: how the answer options of version n-1 map to this version's. */
  option_mapping: Json<OptionMapping> | null;
  /** Set for items taken from an imported questionnaire (planners only). */
  import_source: Json<ImportSource> | null;
}

/**
 * How a new version's answer options relate to the previous version's: each old value maps to a
 * new value, or to null (dropped). `break` marks a change that makes the versions incomparable.
 */
export interface OptionMapping {
  fromVersion: number;
  map: Record<string, string | null>;
  break: boolean;
}

export type SurveyStatus = "draft" | "open" | "closed";

export interface SurveyItemRef {
  itemId: string;
  version: number;
}

/** One canon question placed in a survey: a canon item version, required or not, maybe conditional. */
export interface SurveyCanonElement extends SurveyItemRef {
  required: boolean;
  /** A SurveyJS condition, e.g. `{network.has_focus} = true`. */
  visibleIf?: string;
}

/**
 * A question or panel of the survey's own (from an imported questionnaire): sanitized SurveyJS
 * JSON kept as it came, with its original name, value codes, nested elements and inner logic.
 * Its own required flag and condition live here (not inside `element`), like a canon question's.
 * Questions inside that were also taken into the canon carry `canonId`/`canonVersion`.
 */
export interface SurveyOwnElement {
  element: Record<string, unknown>;
  required: boolean;
  visibleIf?: string;
}

export type SurveyElement = SurveyCanonElement | SurveyOwnElement;

export interface SurveyPage {
  id: string;
  title: LocalizedText | null;
  /** A page shown only when this SurveyJS condition holds (imported questionnaires). */
  visibleIf?: string;
  /** Shown under the page title (imported questionnaires); a SurveyJS string. */
  description?: unknown;
  elements: SurveyElement[];
}

/** Survey-wide SurveyJS logic an imported questionnaire brought along (sanitized). */
export interface SurveyLogic {
  triggers?: Record<string, unknown>[];
  calculatedValues?: Record<string, unknown>[];
}

/** The survey as the planner built it: pages of canon items and the survey's own elements. */
export interface SurveyStructure {
  pages: SurveyPage[];
  logic?: SurveyLogic;
}

export type ImportFormat = "surveyjs" | "limesurvey" | "xlsform";

/** One thing an import could not keep as it was, for one question (or the survey as a whole). */
export interface ImportReportEntry {
  /** The question's (or page's) name in the file; "" for the survey as a whole. */
  question: string;
  /** skipped: the question was left out; dropped: a property of it was; changed: kept differently. */
  action: "skipped" | "dropped" | "changed";
  property?: string;
  reason: LocalizedText;
}

/** Where an imported survey or own item came from. Shown to planners, never to respondents. */
export interface ImportSource {
  format: ImportFormat;
  fileName: string;
  importedAt: string;
  /** For an item: the question's name in the file. */
  questionName?: string;
  /** For a survey: what could not be kept. */
  report?: ImportReportEntry[];
}

/** The planner's own texts of a survey, in German and (optionally) English. */
export interface SurveyTexts {
  title: string;
  intro: string;
  closingText: string;
  titleEn: string;
  introEn: string;
  closingTextEn: string;
}

export interface SurveyTemplatesTable {
  id: Generated<string>;
  /** null for templates shipped with Kanon. */
  organisation_id: string | null;
  /** Stable key of a shipped template (its file name); null for an organisation's own. */
  template_key: string | null;
  name: string;
  description: string;
  texts: Json<SurveyTexts>;
  structure: Json<SurveyStructure>;
  created_by: string | null;
  created_at: Generated<CreatedAt>;
  /** The audience settings a survey made from the template starts with (see SurveysTable). */
  audience: Audience | null;
  form_of_address: FormOfAddress | null;
  privacy_notice: Generated<string>;
  privacy_notice_en: Generated<string>;
}

export interface SurveysTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  intro: string;
  closing_date: string | null;
  status: Generated<SurveyStatus>;
  structure: Json<SurveyStructure>;
  closing_text: Generated<string>;
  title_en: Generated<string>;
  intro_en: Generated<string>;
  closing_text_en: Generated<string>;
  /** Respondents may change submitted answers until the closing date. */
  allow_edit_after_submit: Generated<boolean>;
  /** The SurveyJS definition frozen when the survey was opened. */
  definition: Json<Record<string, unknown>> | null;
  /** null once the planner who created it is deleted. */
  created_by: string | null;
  created_at: Generated<CreatedAt>;
  updated_at: Generated<Timestamp>;
  opened_at: Timestamp | null;
  /** Set when the survey is closed, cleared when it is opened again. */
  closed_at: Timestamp | null;
  /** Most reminders one recipient gets, whatever starts them (by hand or by a rule). */
  max_reminders: Generated<number>;
  /**
   * identified: the planner sees each response; pseudonymous: who responded, but answers only in
   * aggregates; anonymous: submitted answers are detached from their invitation and released in batches.
   */
  privacy_mode: Generated<PrivacyMode>;
  /** The series (e.g. "Bestandsaufnahme") this survey is a wave of, and the wave's label ("2026"). */
  series_id: string | null;
  wave_label: Generated<string>;
  /** Who is asked; null: what the questions suggest (fixed when the survey is opened). */
  audience: Audience | null;
  /** German form of address; null: what fits the audience ("du" for people, otherwise "Sie"). */
  form_of_address: FormOfAddress | null;
  /** The survey's own privacy notice; empty: the default for its audience. */
  privacy_notice: Generated<string>;
  privacy_notice_en: Generated<string>;
  /** Set when the survey was deleted: it is gone for planners and links while the eraser removes its rows. */
  erasure_requested_at: Generated<Timestamp | null>;
  /** Set for surveys made from an imported questionnaire, with the import's report (planners only). */
  import_source: Json<ImportSource> | null;
}

export type PrivacyMode = "identified" | "pseudonymous" | "anonymous";

export interface SurveySeriesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  created_at: Generated<CreatedAt>;
}

/** A network's share link to its results: no login, by the SHA-256 of the token. */
export interface NetworkViewsTable {
  id: Generated<string>;
  organisation_id: string;
  survey_id: string;
  network_id: string;
  /** members: the aggregated answers of its members; own: its own answers beside the overall distribution. */
  mode: Generated<"members" | "own">;
  token_hash: string;
  created_by: string | null;
  created_at: Generated<CreatedAt>;
  revoked_at: Timestamp | null;
}

export type MailStatus = "queued" | "sent" | "failed";

export interface InvitationsTable {
  id: Generated<string>;
  organisation_id: string;
  survey_id: string;
  email: string;
  name: string;
  mail_status: Generated<MailStatus>;
  failure_reason: string | null;
  created_at: Generated<CreatedAt>;
  sent_at: Timestamp | null;
  opened_at: Timestamp | null;
  /** Revokes every link of the invitation. */
  revoked_at: Timestamp | null;
  /**
   * An anonymous survey's answers were submitted through this invitation (they wait in
   * pending_anonymous_answers or are released). Deliberately no time: it would link them.
   */
  anonymous_submitted: Generated<boolean>;
  /** The institution or network in the directory this invitation went to, if any. */
  directory_entry_id: string | null;
  /** Frau / Herr for the greeting; null: a neutral greeting. */
  salutation: Salutation | null;
  /** The language of the mails and of the page behind the link. */
  language: Generated<Language>;
  reminder_count: Generated<number>;
  last_reminded_at: Timestamp | null;
  /** A planner deleted the response given through this invitation (the invitation stays). */
  response_deleted_at: Timestamp | null;
}

export type LinkPurpose = "invitation" | "reminder" | "resend" | "handover" | "colleague";

/** Personal links of an invitation, by the SHA-256 of the token; every link reaches the same response. */
export interface InvitationLinksTable {
  token_hash: string;
  /** Public handle of the link (for listing and revoking), never the token. */
  id: Generated<string>;
  /** For colleague links: whom the respondent made it for, in their words. */
  label: Generated<string>;
  invitation_id: string;
  organisation_id: string;
  purpose: LinkPurpose;
  created_at: Generated<CreatedAt>;
  revoked_at: Timestamp | null;
}

export interface DistrictsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  position: Generated<number>;
  created_at: Generated<CreatedAt>;
}

export type DirectoryKind = "institution" | "network";

/** An institution or a network the organisation surveys. */
export interface DirectoryEntriesTable {
  id: Generated<string>;
  organisation_id: string;
  kind: DirectoryKind;
  name: string;
  /** Provider type of an institution (e.g. "Kita") or type of a network (e.g. "Stadtteilkonferenz"). */
  type: Generated<string>;
  fields_of_action: JSONColumnType<string[], string | undefined, string>;
  life_phases: JSONColumnType<string[], string | undefined, string>;
  district_id: string | null;
  /** As written ("Müller, Anna" or "Anna Müller"); read for greetings by server/lib/person-name.ts. */
  contact_person: Generated<string>;
  /** Frau / Herr for the contact person; null: a neutral greeting. */
  contact_salutation: Salutation | null;
  /** The language mails to this entry are written in. */
  language: Generated<Language>;
  /** Lower-cased addresses, internationalised domains in Unicode; the first is the one invitations go to. */
  emails: JSONColumnType<string[], string | undefined, string>;
  notes: Generated<string>;
  created_at: Generated<CreatedAt>;
  updated_at: Generated<Timestamp>;
}

export interface NetworkMembersTable {
  network_id: string;
  member_id: string;
  organisation_id: string;
}

export type MailingKind = "invitation" | "reminder" | "resend" | "handover";
export type ReminderAudience = "not_opened" | "not_started" | "draft";

/** One batch of survey mails (an invitation round, a reminder), for progress and history. */
export interface MailingsTable {
  id: Generated<string>;
  organisation_id: string;
  survey_id: string;
  kind: MailingKind;
  audience: JSONColumnType<ReminderAudience[], string | undefined, string>;
  created_by: string | null;
  created_at: Generated<CreatedAt>;
  scheduled_at: Generated<Timestamp>;
  total: Generated<number>;
  cancelled_at: Timestamp | null;
}

export type MailTemplateKind = "invitation" | "reminder";

/** The planner's wording of a survey's invitation or reminder, with {{placeholders}}. */
export interface SurveyMailTemplatesTable {
  survey_id: string;
  organisation_id: string;
  kind: MailTemplateKind;
  /** One wording per language; recipients get the one of their language. */
  language: Generated<Language>;
  subject: string;
  body: string;
  updated_at: Generated<Timestamp>;
}

/** A planned reminder; done_at is set once, by whichever process runs it, in the same transaction as its mailing. */
export interface ReminderRulesTable {
  id: Generated<string>;
  organisation_id: string;
  survey_id: string;
  /** Either n days before the closing date … */
  days_before: number | null;
  /** … or at a fixed moment. */
  run_at: Timestamp | null;
  audience: JSONColumnType<ReminderAudience[], string, string>;
  created_by: string | null;
  /** The address links are built on, taken from the request that set the rule up. */
  base_url: string;
  created_at: Generated<CreatedAt>;
  done_at: Timestamp | null;
  mailing_id: string | null;
}

export type ResponseStatus = "draft" | "submitted";

export interface ResponsesTable {
  id: Generated<string>;
  organisation_id: string;
  survey_id: string;
  /** null for an anonymous survey's released answers: nothing links them to a recipient. */
  invitation_id: string | null;
  answers: Json<Record<string, unknown>>;
  /** Pseudonymous surveys: the answers as results show them, copied in batches of at least k (release-pseudonymous-answers.ts). */
  released_answers: Json<Record<string, unknown>> | null;
  /** Pseudonymous surveys: the respondent's groups (district, type, networks…) released with the answers (server/results/recipient-groups.ts). */
  released_groups: Generated<Json<Record<string, unknown>> | null>;
  current_page: Generated<number>;
  revision: Generated<number>;
  status: Generated<ResponseStatus>;
  created_at: Generated<CreatedAt>;
  updated_at: Generated<Timestamp>;
  submitted_at: Timestamp | null;
  /** Per question: the revision at which its answer last changed. */
  answer_revisions: JSONColumnType<Record<string, number>, string | undefined, string>;
  /** Coarse label of the device of the last edit, e.g. "Firefox · Windows". */
  last_device: Generated<string>;
  /** Set aside by a planner (identified surveys only): kept, but counted in no result. */
  excluded_at: Timestamp | null;
  excluded_by: string | null;
  exclusion_reason: Generated<string>;
}

/**
 * Submitted answers of an anonymous survey waiting to be released in a batch of at least the
 * organisation's smallest shown group (server/respond/release-anonymous-answers.ts). No
 * invitation, device or time; nothing planner-facing reads this table.
 */
export interface PendingAnonymousAnswersTable {
  id: Generated<string>;
  organisation_id: string;
  survey_id: string;
  answers: Json<Record<string, unknown>>;
}

/**
 * Bookkeeping of migration 0019 (migrations/0019_clean_untyped_answers.ts): where the cleaning of
 * each answer table stands. Empty once it is done.
 */
export interface UntypedAnswerCleanupTable {
  source: string;
  after_id: string;
  finished: Generated<boolean>;
}

/** Values migration 0019 removed so far, per survey, until its audit entries are written. No answers. */
export interface UntypedAnswerCleanupCountsTable {
  survey_id: string;
  removed_values: Generated<number>;
  answers: Generated<number>;
}

/** Every submission of a response, kept so the planner can see what changed after a re-submit. */
export interface ResponseSubmissionsTable {
  id: Generated<number>;
  organisation_id: string;
  response_id: string;
  revision: number;
  answers: Json<Record<string, unknown>>;
  submitted_at: Generated<CreatedAt>;
}

export type OutboxStatus = "queued" | "sending" | "sent" | "failed";

export interface MailOutboxTable {
  id: Generated<number>;
  organisation_id: string;
  invitation_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Timestamp>;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Generated<CreatedAt>;
  sent_at: Timestamp | null;
  mailing_id: string | null;
  /** invitation, reminder, resend, handover, team or other: what the mail is for. */
  kind: Generated<string>;
  /** Sender display name (the organisation's setting at the time of queueing). */
  from_name: Generated<string>;
  reply_to: Generated<string>;
  /** Set by the worker that claimed the mail; only that claim may complete it. */
  claim_id: string | null;
}

export interface DevMailboxTable {
  id: Generated<number>;
  organisation_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: Generated<CreatedAt>;
}

/**
 * Who did what, per organisation: planner actions (opened, closed, exported, deleted …) and
 * automatic ones (retention). Never personal data of respondents in `details` (counts instead).
 */
export interface AuditLogTable {
  id: Generated<number>;
  organisation_id: string;
  /** null for automatic actions, and once the user is deleted (user_name keeps the name). */
  user_id: string | null;
  user_name: Generated<string>;
  action: string;
  target_type: Generated<string>;
  target_id: string | null;
  /** The target's name at the time (e.g. a survey's title), so the entry outlives the target. */
  target_label: Generated<string>;
  details: JSONColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<CreatedAt>;
}

/** Bumped by triggers whenever a submitted response of the survey changes (results cache key). */
export interface SurveyDataVersionsTable {
  survey_id: string;
  organisation_id: string;
  version: Generated<string>;
}

/** Bumped by triggers whenever the organisation's districts, directory or network members change. */
export interface DirectoryVersionsTable {
  organisation_id: string;
  version: Generated<string>;
}

/**
 * The progress of one survey's erasure (server/data-protection/erasure.ts): rows to remove
 * (invitations, answers without an invitation) and rows removed. Outlives the survey, so the
 * planner's dialog can show it finish; finished entries are purged after a day.
 */
export interface ErasuresTable {
  id: Generated<string>;
  organisation_id: string;
  survey_id: string;
  /** The survey's title, for the progress display. */
  target_label: string;
  total: number;
  done: Generated<number>;
  requested_by: string | null;
  requested_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
}

import type { Kysely, Migration } from "kysely";
import type { Database } from "../server/db/schema.ts";
import * as initial from "./0001_initial.ts";
import * as builderAndOrganisationCanon from "./0002_builder_and_organisation_canon.ts";
import * as respondentRevisions from "./0003_respondent_revisions.ts";
import * as organisationSettings from "./0004_organisation_settings.ts";
import * as directoryAndMailings from "./0005_directory_and_mailings.ts";
import * as privacyWavesSharing from "./0006_privacy_waves_sharing.ts";
import * as dataProtection from "./0007_data_protection.ts";
import * as resultsStorage from "./0008_results_storage.ts";
import * as resultsVersions from "./0009_results_versions.ts";
import * as exampleOrganisation from "./0010_example_organisation.ts";
import * as surveyAudience from "./0011_survey_audience.ts";
import * as questionnaireImport from "./0012_questionnaire_import.ts";
import * as recipientLanguageAndSalutation from "./0013_recipient_language_and_salutation.ts";
import * as foreignKeyIndexes from "./0014_foreign_key_indexes.ts";
import * as accounts from "./0015_accounts.ts";
import * as anonymousRelease from "./0016_anonymous_release.ts";
import * as responseExclusion from "./0017_response_exclusion.ts";
import * as pseudonymousRelease from "./0018_pseudonymous_release.ts";
import * as cleanUntypedAnswers from "./0019_clean_untyped_answers.ts";
import * as backgroundErasure from "./0020_background_erasure.ts";
import * as releasedGroups from "./0021_released_groups.ts";

/**
 * All migrations, in order. Listed statically (not read from disk) so they run the same
 * under tsx, Vitest and a bundler. Forward-only: never edit a migration that has shipped.
 */
export const migrations: Record<string, Migration> = {
  "0001_initial": initial,
  "0002_builder_and_organisation_canon": builderAndOrganisationCanon,
  "0003_respondent_revisions": respondentRevisions,
  "0004_organisation_settings": organisationSettings,
  "0005_directory_and_mailings": directoryAndMailings,
  "0006_privacy_waves_sharing": privacyWavesSharing,
  "0007_data_protection": dataProtection,
  "0008_results_storage": resultsStorage,
  "0009_results_versions": resultsVersions,
  "0010_example_organisation": exampleOrganisation,
  "0011_survey_audience": surveyAudience,
  "0012_questionnaire_import": questionnaireImport,
  "0013_recipient_language_and_salutation": recipientLanguageAndSalutation,
  "0014_foreign_key_indexes": foreignKeyIndexes,
  "0015_accounts": accounts,
  "0016_anonymous_release": anonymousRelease,
  "0017_response_exclusion": responseExclusion,
  "0018_pseudonymous_release": pseudonymousRelease,
  "0019_clean_untyped_answers": cleanUntypedAnswers,
  "0020_background_erasure": backgroundErasure,
  "0021_released_groups": releasedGroups,
};

/**
 * Data work a migration leaves for after the migrator, because it runs in batches of their own
 * transactions (Kysely wraps all pending migrations in one). Run in order by `migrateToLatest`;
 * each does nothing once done, so every start may call them.
 */
export const afterMigrations: Array<(db: Kysely<Database>) => Promise<void>> = [cleanUntypedAnswers.cleanUntypedAnswers];

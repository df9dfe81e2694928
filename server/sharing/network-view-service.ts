import type { Kysely } from "kysely";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { hashToken, newSecretToken } from "../lib/tokens.ts";
import { questionsOf } from "../results/question-kinds.ts";
import type { ResultsFilter } from "../results/results-filter.ts";
import { surveyResults } from "../results/results-service.ts";
import type { SharedResults } from "./shared-results-schema.ts";
import { ownResults, suppressResults } from "./suppression.ts";
import { foldUndeclaredValues } from "./undeclared-values.ts";

/**
 * Share links for networks: a network sees its results behind a secret link, without signing in.
 * - `members`: the aggregated answers of the network's members (by the directory's membership),
 *   with small-cell suppression;
 * - `own`: the network's own answers beside the overall distribution of all responses (the
 *   overall side suppressed).
 * Only the SHA-256 of a link's token is stored; the link itself is shown once, when it is made.
 */

export type NetworkViewMode = "members" | "own";

export interface NetworkViewSummary {
  id: string;
  networkId: string;
  networkName: string;
  mode: NetworkViewMode;
  createdAt: string;
  createdByName: string | null;
  revokedAt: string | null;
}

/**
 * Whether a survey's privacy mode allows a link of this mode; throws 409 with the reason if not.
 * Anonymous responses are detached from their invitations, so no response can be attributed to a
 * network or its members. A pseudonymous survey shows the planner answers only in aggregates; a
 * link to one network's own answers would show them the single response, so `own` is refused.
 */
export function checkModeAllowed(privacyMode: PrivacyMode, mode: NetworkViewMode): void {
  if (privacyMode === "anonymous") {
    throw new ApiError(409, "network_view_anonymous", {
      de: "Diese Umfrage ist anonym: Antworten lassen sich keinem Netzwerk und keinen Mitgliedern zuordnen, deshalb gibt es keine Netzwerk-Ansicht.",
      en: "This survey is anonymous: answers cannot be attributed to a network or its members, so there is no network view.",
    });
  }
  if (privacyMode === "pseudonymous" && mode === "own") {
    throw new ApiError(409, "network_view_own_pseudonymous", {
      de: "Diese Umfrage ist pseudonym: Antworten werden nur zusammengefasst gezeigt. Ein Link auf die eigene Antwort eines Netzwerks würde eine einzelne Antwort zeigen; teilen Sie stattdessen die Antworten der Mitglieder.",
      en: "This survey is pseudonymous: answers are shown only in aggregate. A link to a network's own answers would show a single response; share the members' answers instead.",
    });
  }
}

/** The share links of a survey, newest first, with the network's name and who made them. */
export async function listNetworkViews(db: Kysely<Database>, organisationId: string, surveyId: string, viewId?: string): Promise<NetworkViewSummary[]> {
  const rows = await db
    .selectFrom("network_views")
    .innerJoin("directory_entries", (join) =>
      join.onRef("directory_entries.id", "=", "network_views.network_id").onRef("directory_entries.organisation_id", "=", "network_views.organisation_id"),
    )
    .leftJoin("users", (join) => join.onRef("users.id", "=", "network_views.created_by").onRef("users.organisation_id", "=", "network_views.organisation_id"))
    .select([
      "network_views.id",
      "network_views.network_id",
      "network_views.mode",
      "network_views.created_at",
      "network_views.revoked_at",
      "directory_entries.name as network_name",
      "users.name as created_by_name",
    ])
    .where("network_views.organisation_id", "=", organisationId)
    .where("network_views.survey_id", "=", surveyId)
    .$if(viewId !== undefined, (query) => query.where("network_views.id", "=", viewId!))
    .orderBy("network_views.created_at", "desc")
    .orderBy("network_views.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    networkId: row.network_id,
    networkName: row.network_name,
    mode: row.mode,
    createdAt: row.created_at.toISOString(),
    createdByName: row.created_by_name,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  }));
}

export interface NewNetworkView {
  organisationId: string;
  survey: { id: string; privacy_mode: PrivacyMode };
  networkId: string;
  mode: NetworkViewMode;
  createdBy: string;
}

/**
 * Makes a share link for a network of the organisation's directory. Returns the view's id, the
 * network's name and the token (to be shown once; only its hash is stored).
 */
export async function createNetworkView(db: Kysely<Database>, request: NewNetworkView): Promise<{ id: string; token: string; networkName: string }> {
  checkModeAllowed(request.survey.privacy_mode, request.mode);
  const network = await db
    .selectFrom("directory_entries")
    .select(["id", "kind", "name"])
    .where("id", "=", request.networkId)
    .where("organisation_id", "=", request.organisationId)
    .executeTakeFirst();
  if (!network) {
    throw new ApiError(404, "network_not_found", { de: "Dieses Netzwerk gibt es im Verzeichnis nicht.", en: "No such network in the directory." });
  }
  if (network.kind !== "network") {
    throw new ApiError(400, "not_a_network", {
      de: `„${network.name}“ ist eine Einrichtung, kein Netzwerk. Ansichten gibt es nur für Netzwerke.`,
      en: `"${network.name}" is an institution, not a network. Views exist only for networks.`,
    });
  }
  const token = newSecretToken();
  const inserted = await db
    .insertInto("network_views")
    .values({
      organisation_id: request.organisationId,
      survey_id: request.survey.id,
      network_id: network.id,
      mode: request.mode,
      token_hash: hashToken(token),
      created_by: request.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: inserted.id, token, networkName: network.name };
}

/** Revokes a link (again: no change); 404 for a view of another survey or organisation. */
export async function revokeNetworkView(db: Kysely<Database>, organisationId: string, surveyId: string, viewId: string): Promise<{ view: NetworkViewSummary; changed: boolean }> {
  const updated = await db
    .updateTable("network_views")
    .set({ revoked_at: new Date() })
    .where("id", "=", viewId)
    .where("organisation_id", "=", organisationId)
    .where("survey_id", "=", surveyId)
    .where("revoked_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  const [view] = await listNetworkViews(db, organisationId, surveyId, viewId);
  if (!view) throw new ApiError(404, "network_view_not_found", { de: "Diesen Link gibt es nicht.", en: "No such share link." });
  return { view, changed: Boolean(updated) };
}

/** A share link found by its token, with what the public view needs. */
export interface SharedViewRow {
  id: string;
  organisationId: string;
  organisationName: string;
  minCellSize: number;
  networkId: string;
  networkName: string;
  mode: NetworkViewMode;
  revokedAt: Date | null;
  survey: { id: string; title: string; titleEn: string; status: "draft" | "open" | "closed"; privacyMode: PrivacyMode; definition: Record<string, unknown> | null };
}

export const shareLinkUnknown = () =>
  new ApiError(404, "share_link_unknown", {
    de: "Diesen Link gibt es nicht. Bitte prüfen Sie, ob er vollständig kopiert wurde.",
    en: "This link does not exist. Please check that it was copied completely.",
  });

/** The share link with this token; 404 when unknown, 410 when revoked or no longer possible. */
export async function findNetworkViewByToken(db: Kysely<Database>, token: string): Promise<SharedViewRow> {
  const row = await db
    .selectFrom("network_views")
    .innerJoin("organisations", "organisations.id", "network_views.organisation_id")
    .innerJoin("surveys", (join) => join.onRef("surveys.id", "=", "network_views.survey_id").onRef("surveys.organisation_id", "=", "network_views.organisation_id"))
    .innerJoin("directory_entries", (join) =>
      join.onRef("directory_entries.id", "=", "network_views.network_id").onRef("directory_entries.organisation_id", "=", "network_views.organisation_id"),
    )
    .select([
      "network_views.id",
      "network_views.organisation_id",
      "network_views.network_id",
      "network_views.mode",
      "network_views.revoked_at",
      "organisations.name as organisation_name",
      "organisations.min_cell_size",
      "directory_entries.name as network_name",
      "surveys.id as survey_id",
      "surveys.title",
      "surveys.title_en",
      "surveys.status",
      "surveys.privacy_mode",
      "surveys.definition",
    ])
    .where("network_views.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row) throw shareLinkUnknown();
  const view: SharedViewRow = {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    minCellSize: row.min_cell_size,
    networkId: row.network_id,
    networkName: row.network_name,
    mode: row.mode,
    revokedAt: row.revoked_at,
    survey: { id: row.survey_id, title: row.title, titleEn: row.title_en, status: row.status, privacyMode: row.privacy_mode, definition: row.definition },
  };
  if (view.revokedAt) {
    throw new ApiError(
      410,
      "share_link_revoked",
      {
        de: `Dieser Link wurde zurückgezogen. Wenden Sie sich bei Fragen an ${view.organisationName}.`,
        en: `This link has been withdrawn. If you have questions, please contact ${view.organisationName}.`,
      },
      { organisationName: view.organisationName },
    );
  }
  try {
    checkModeAllowed(view.survey.privacyMode, view.mode);
  } catch {
    throw new ApiError(
      410,
      "share_link_unavailable",
      {
        de: `Die Ergebnisse dieser Umfrage können nicht mehr über diesen Link gezeigt werden. Wenden Sie sich bei Fragen an ${view.organisationName}.`,
        en: `The results of this survey can no longer be shown through this link. If you have questions, please contact ${view.organisationName}.`,
      },
      { organisationName: view.organisationName },
    );
  }
  return view;
}

export interface NetworkViewContent {
  organisationName: string;
  surveyTitle: { de: string; en: string };
  surveyStatus: "draft" | "open" | "closed";
  networkName: string;
  mode: NetworkViewMode;
  minCellSize: number;
  /** members: the members' submitted responses; own: the network's own; null when withheld. */
  respondents: number | null;
  results: SharedResults;
  /** own: all responses of the survey, suppressed. */
  overall?: SharedResults;
}

/**
 * What a share link shows: the members' answers suppressed with the organisation's smallest
 * group, or the network's own answers beside the suppressed overall distribution. Free texts are
 * never read (`textLimit: 0`).
 */
export async function networkViewContent(db: Kysely<Database>, view: SharedViewRow): Promise<NetworkViewContent> {
  const survey = { id: view.survey.id, definition: view.survey.definition, privacy_mode: view.survey.privacyMode };
  const questions = questionsOf(view.survey.definition);
  const resultsFor = async (filter: ResultsFilter) =>
    foldUndeclaredValues(await surveyResults(db, view.organisationId, survey, { filter, textLimit: 0 }), questions);
  const k = view.minCellSize;
  const common = {
    organisationName: view.organisationName,
    surveyTitle: { de: view.survey.title, en: view.survey.titleEn || view.survey.title },
    surveyStatus: view.survey.status,
    networkName: view.networkName,
    mode: view.mode,
    minCellSize: k,
  };
  if (view.mode === "members") {
    const results = suppressResults(await resultsFor({ recipients: { memberOfNetworkIds: [view.networkId] } }), k);
    return { ...common, respondents: results.respondents, results };
  }
  const [own, overall] = await Promise.all([resultsFor({ recipients: { ids: [view.networkId] } }), resultsFor({})]);
  const results = ownResults(own);
  return { ...common, respondents: results.respondents, results, overall: suppressResults(overall, k) };
}

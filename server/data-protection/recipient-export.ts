import { sql, type Kysely } from "kysely";
import type { Database, PrivacyMode } from "../db/schema.ts";
import { notFound } from "../lib/api-error.ts";

/** The address of a mail's recipient, also from `"Name" <address>`, lower-cased. */
const mailAddress = sql<string>`lower(coalesce(substring(to_address from '<([^<>]+)>'), to_address))`;

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/**
 * What the export says about answers it does not contain, in both languages. Single answers of
 * pseudonymous and anonymous surveys stay out: respondents were told before the first question
 * that the planner sees them only in aggregate (the same rule as the response exports).
 */
const withheldNote = {
  pseudonymous: {
    de: "Pseudonyme Umfrage: Die Antworten sind gespeichert, werden Planenden aber nur zusammengefasst gezeigt und deshalb hier nicht ausgegeben. Die befragte Stelle kann sie über ihren persönlichen Link ansehen und herunterladen, solange die Umfrage läuft.",
    en: "Pseudonymous survey: the answers are stored but shown to planners only in aggregate, so they are not included here. The respondent can view and download them through their personal link while the survey runs.",
  },
  anonymousDraft: {
    de: "Anonyme Umfrage: Ein Entwurf ist noch mit der Einladung verbunden; seine Antworten werden Planenden nicht gezeigt. Beim Absenden wird er von der Einladung getrennt.",
    en: "Anonymous survey: a draft is still linked to the invitation; its answers are not shown to planners. On submission it is detached from the invitation.",
  },
  anonymousDetached: {
    de: "Anonyme Umfrage: Die abgeschickten Antworten sind mit keiner Einladung mehr verbunden und werden nur gemeinsam mit anderen freigegeben, ohne Zeitpunkt des Absendens; Kanon kann sie dieser Einladung nicht zuordnen, sie sind deshalb nicht Teil dieser Auskunft.",
    en: "Anonymous survey: the submitted answers are no longer linked to any invitation and are released only together with others, without a time of submission; Kanon cannot trace them to this invitation, so they are not part of this export.",
  },
};

/** The subject's access request (Art. 15 GDPR): what the export contains and what it leaves out. */
const exportNote = {
  de:
    "Alles, was Kanon zu diesem Verzeichniseintrag speichert: der Eintrag selbst mit Sozialraum und Netzwerk-Zugehörigkeiten, " +
    "jede Einladung an den Eintrag oder eine seiner Adressen (mit Zuständen, Zeitpunkten und Erinnerungen, ohne Zugangs-Token), " +
    "die Antworten zugeordneter Umfragen und die an diese Adressen verschickten Mails (Betreff, Status, Zeitpunkte; die Inhalte werden nach dem Versand nicht aufbewahrt).",
  en:
    "Everything Kanon stores about this directory entry: the entry itself with its district and network memberships, " +
    "every invitation to the entry or one of its addresses (states, timestamps and reminders, without access tokens), " +
    "the answers of identified surveys and the mails sent to these addresses (subject, status, timestamps; bodies are not kept after sending).",
};

/**
 * Everything stored about one recipient (a directory entry) of the organisation, as one JSON
 * document: the entry, its memberships and share links, every invitation to it or to one of its
 * addresses (survey, state, timestamps, reminder count, its links' purposes — never tokens or
 * hashes), the answers of identified surveys, and the mails sent (subject, status, timestamps).
 * 404 when the entry is not the organisation's.
 *
 * @example
 * const document = await recipientDataExport(db, organisationId, entryId);
 */
export async function recipientDataExport(db: Kysely<Database>, organisationId: string, entryId: string) {
  const entry = await db
    .selectFrom("directory_entries")
    .leftJoin("districts", "districts.id", "directory_entries.district_id")
    .select([
      "directory_entries.id",
      "directory_entries.kind",
      "directory_entries.name",
      "directory_entries.type",
      "directory_entries.fields_of_action",
      "directory_entries.life_phases",
      "directory_entries.district_id",
      "districts.name as district_name",
      "directory_entries.contact_person",
      "directory_entries.contact_salutation",
      "directory_entries.language",
      "directory_entries.emails",
      "directory_entries.notes",
      "directory_entries.created_at",
      "directory_entries.updated_at",
    ])
    .where("directory_entries.organisation_id", "=", organisationId)
    .where("directory_entries.id", "=", entryId)
    .executeTakeFirst();
  if (!entry) throw notFound("Directory entry");
  const emails = entry.emails.map((email) => email.toLowerCase());

  const [organisation, networks, members, networkViews, invitations] = await Promise.all([
    db.selectFrom("organisations").select("name").where("id", "=", organisationId).executeTakeFirstOrThrow(),
    db
      .selectFrom("network_members")
      .innerJoin("directory_entries as network", "network.id", "network_members.network_id")
      .select(["network.id", "network.name", "network.type"])
      .where("network_members.organisation_id", "=", organisationId)
      .where("network_members.member_id", "=", entryId)
      .orderBy("network.name")
      .execute(),
    db
      .selectFrom("network_members")
      .innerJoin("directory_entries as member", "member.id", "network_members.member_id")
      .select(["member.id", "member.name", "member.type"])
      .where("network_members.organisation_id", "=", organisationId)
      .where("network_members.network_id", "=", entryId)
      .orderBy("member.name")
      .execute(),
    db
      .selectFrom("network_views")
      .innerJoin("surveys", "surveys.id", "network_views.survey_id")
      .select(["network_views.id", "network_views.mode", "network_views.created_at", "network_views.revoked_at", "surveys.title as survey_title"])
      .where("network_views.organisation_id", "=", organisationId)
      .where("network_views.network_id", "=", entryId)
      .orderBy("network_views.created_at")
      .execute(),
    db
      .selectFrom("invitations")
      .innerJoin("surveys", "surveys.id", "invitations.survey_id")
      .select([
        "invitations.id",
        "invitations.survey_id",
        "surveys.title as survey_title",
        "surveys.status as survey_status",
        "surveys.privacy_mode",
        "invitations.email",
        "invitations.name",
        "invitations.salutation",
        "invitations.language",
        "invitations.directory_entry_id",
        "invitations.mail_status",
        "invitations.failure_reason",
        "invitations.created_at",
        "invitations.sent_at",
        "invitations.opened_at",
        "invitations.revoked_at",
        "invitations.anonymous_submitted",
        "invitations.reminder_count",
        "invitations.last_reminded_at",
      ])
      .where("invitations.organisation_id", "=", organisationId)
      .where((eb) =>
        eb.or([
          eb("invitations.directory_entry_id", "=", entryId),
          ...(emails.length > 0 ? [eb(sql<string>`lower(invitations.email)`, "in", emails)] : []),
        ]),
      )
      .orderBy("invitations.created_at")
      .execute(),
  ]);

  const invitationIds = invitations.map((invitation) => invitation.id);
  const [links, responses, mails, devMails] = await Promise.all([
    invitationIds.length === 0
      ? []
      : db
          .selectFrom("invitation_links")
          .select(["invitation_id", "purpose", "label", "created_at", "revoked_at"])
          .where("organisation_id", "=", organisationId)
          .where("invitation_id", "in", invitationIds)
          .orderBy("created_at")
          .execute(),
    invitationIds.length === 0
      ? []
      : db
          .selectFrom("responses")
          .select(["id", "invitation_id", "status", "answers", "revision", "last_device", "created_at", "updated_at", "submitted_at", "excluded_at", "exclusion_reason"])
          .where("organisation_id", "=", organisationId)
          .where("invitation_id", "in", invitationIds)
          .execute(),
    invitationIds.length === 0 && emails.length === 0
      ? []
      : db
          .selectFrom("mail_outbox")
          .select(["invitation_id", "kind", "to_address", "subject", "status", "attempts", "last_error", "created_at", "sent_at"])
          .where("organisation_id", "=", organisationId)
          .where((eb) =>
            eb.or([
              ...(invitationIds.length > 0 ? [eb("invitation_id", "in", invitationIds)] : []),
              ...(emails.length > 0 ? [eb(mailAddress, "in", emails)] : []),
            ]),
          )
          .orderBy("created_at")
          .orderBy("id")
          .execute(),
    emails.length === 0
      ? []
      : db
          .selectFrom("dev_mailbox")
          .select(["to_address", "subject", "created_at"])
          .where("organisation_id", "=", organisationId)
          .where(mailAddress, "in", emails)
          .orderBy("id")
          .execute(),
  ]);

  const identifiedResponseIds = responses
    .filter((response) => invitations.find((invitation) => invitation.id === response.invitation_id)?.privacy_mode === "identified")
    .map((response) => response.id);
  const submissions =
    identifiedResponseIds.length === 0
      ? []
      : await db
          .selectFrom("response_submissions")
          .select(["response_id", "revision", "answers", "submitted_at"])
          .where("organisation_id", "=", organisationId)
          .where("response_id", "in", identifiedResponseIds)
          .orderBy("id")
          .execute();

  function responseOf(invitationId: string, privacyMode: PrivacyMode, anonymousSubmitted: boolean) {
    const response = responses.find((candidate) => candidate.invitation_id === invitationId);
    if (privacyMode === "anonymous" && anonymousSubmitted) {
      return { linked: false, note: withheldNote.anonymousDetached };
    }
    if (!response) return null;
    const state = {
      linked: true,
      status: response.status,
      createdAt: iso(response.created_at),
      updatedAt: iso(response.updated_at),
      submittedAt: iso(response.submitted_at),
    };
    if (privacyMode === "pseudonymous") return { ...state, answersIncluded: false, note: withheldNote.pseudonymous };
    if (privacyMode === "anonymous") return { ...state, answersIncluded: false, note: withheldNote.anonymousDraft };
    return {
      ...state,
      answersIncluded: true,
      revision: response.revision,
      lastDevice: response.last_device,
      // A planner set it aside from the results: when and why belong to what is stored about them.
      exclusion: response.excluded_at ? { excludedAt: iso(response.excluded_at), reason: response.exclusion_reason } : null,
      answers: response.answers,
      submissions: submissions
        .filter((submission) => submission.response_id === response.id)
        .map((submission) => ({ revision: submission.revision, submittedAt: iso(submission.submitted_at), answers: submission.answers })),
    };
  }

  return {
    format: "kanon.recipient-data-export",
    version: 1,
    exportedAt: new Date().toISOString(),
    organisation: organisation.name,
    note: exportNote,
    entry: {
      id: entry.id,
      kind: entry.kind,
      name: entry.name,
      type: entry.type,
      fieldsOfAction: entry.fields_of_action,
      lifePhases: entry.life_phases,
      district: entry.district_id ? { id: entry.district_id, name: entry.district_name ?? "" } : null,
      contactPerson: entry.contact_person,
      contactSalutation: entry.contact_salutation,
      language: entry.language,
      emails: entry.emails,
      notes: entry.notes,
      createdAt: iso(entry.created_at),
      updatedAt: iso(entry.updated_at),
      ...(entry.kind === "institution"
        ? { networks: networks.map((network) => ({ id: network.id, name: network.name, type: network.type })) }
        : {
            members: members.map((member) => ({ id: member.id, name: member.name, type: member.type })),
            resultShareLinks: networkViews.map((view) => ({
              survey: view.survey_title,
              mode: view.mode,
              createdAt: iso(view.created_at),
              revokedAt: iso(view.revoked_at),
            })),
          }),
    },
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      survey: { id: invitation.survey_id, title: invitation.survey_title, status: invitation.survey_status, privacyMode: invitation.privacy_mode },
      /** How the invitation belongs to this entry: sent from the directory, or to one of its addresses. */
      matchedBy: invitation.directory_entry_id === entryId ? "directory_entry" : "email",
      email: invitation.email,
      name: invitation.name,
      salutation: invitation.salutation,
      language: invitation.language,
      mailStatus: invitation.mail_status,
      failureReason: invitation.failure_reason,
      createdAt: iso(invitation.created_at),
      sentAt: iso(invitation.sent_at),
      openedAt: iso(invitation.opened_at),
      revokedAt: iso(invitation.revoked_at),
      reminderCount: invitation.reminder_count,
      lastRemindedAt: iso(invitation.last_reminded_at),
      links: links
        .filter((link) => link.invitation_id === invitation.id)
        .map((link) => ({ purpose: link.purpose, label: link.label, createdAt: iso(link.created_at), revokedAt: iso(link.revoked_at) })),
      response: responseOf(invitation.id, invitation.privacy_mode, invitation.anonymous_submitted),
    })),
    mails: mails.map((mail) => ({
      kind: mail.kind,
      to: mail.to_address,
      subject: mail.subject,
      status: mail.status,
      attempts: mail.attempts,
      error: mail.last_error,
      createdAt: iso(mail.created_at),
      sentAt: iso(mail.sent_at),
    })),
    devMailbox: devMails.map((mail) => ({ to: mail.to_address, subject: mail.subject, createdAt: iso(mail.created_at) })),
  };
}

/** A file name for the export: `auskunft-<name>-<YYYY-MM-DD>.json`, ASCII only ("Kita Süd" → "kita-sued"). */
export function recipientExportFileName(entryName: string, now = new Date()): string {
  const slug =
    entryName
      .toLowerCase()
      .replace(/ä/g, "ae")
      .replace(/ö/g, "oe")
      .replace(/ü/g, "ue")
      .replace(/ß/g, "ss")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/g, "") || "eintrag";
  return `auskunft-${slug}-${now.toISOString().slice(0, 10)}.json`;
}

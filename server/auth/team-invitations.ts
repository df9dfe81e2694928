import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../audit/audit-log.ts";
import { isUniqueViolation } from "../db/connection.ts";
import type { Database, UserRole } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { enqueueMails } from "../lib/mail-outbox.ts";
import { countEventWithinLimits } from "../lib/rate-limit.ts";
import { hashToken, newSecretToken } from "../lib/tokens.ts";
import { addressTakenMail, TEAM_INVITATION_DAYS, teamInvitationMail } from "./account-mails.ts";

/**
 * Team invitations: an admin names an address, Kanon mails a single-use link to it (only the
 * link's SHA-256 hash is stored), and whoever can read that mailbox sets name and password. The
 * admin never sees the link: no answer carries it.
 *
 * An address belongs to one organisation. Inviting an address that has an account elsewhere
 * does exactly what inviting an unknown address does (same statements, same answer, same row in
 * the team list and the audit log); only the mail differs: instead of a link it tells the owner
 * of the address, who knows about their account anyway, how to go on. So an admin learns
 * nothing about other organisations' members. An address already in the admin's own team is
 * refused (409): the admin sees their team anyway.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** The admin who invites, as an audit actor and the name in the mail. */
export interface Inviter {
  organisationId: string;
  userId: string;
  name: string;
}

/** Most resends of one invitation within an hour, so the team page cannot be used to flood an address. */
export const RESEND_LIMIT = { perInvitation: 5, windowMinutes: 60 } as const;

export const alreadyMember = () =>
  new ApiError(409, "already_member", {
    de: "Diese Adresse gehört schon zu Ihrem Team.",
    en: "This address already belongs to your team.",
  });

export const invitationGone = () =>
  new ApiError(404, "invitation_unknown", {
    de: "Diese Einladung ist unbekannt, abgelaufen oder wurde schon verwendet.",
    en: "This invitation is unknown, expired or already used.",
  });

/** To the holder of an invitation link whose address got an account in the meantime (here or elsewhere). */
export const accountExists = () =>
  new ApiError(409, "account_exists", {
    de: "Für diese Adresse gibt es schon ein Kanon-Konto, und eine Adresse gehört zu genau einer Organisation. Bitte melden Sie sich an, oder bitten Sie um eine Einladung an eine andere Adresse.",
    en: "This address already has a Kanon account, and an address belongs to one organisation only. Please sign in, or ask for an invitation to another address.",
  });

/**
 * The mail for an invitation: the acceptance link for an address without an account, or the
 * address-taken notice for one with an account in another organisation; 409 for a member of
 * this team. Both mails are looked up, built and queued the same way.
 */
async function invitationMailFor(db: Db, email: string, token: string, inviter: Inviter, baseUrl: string) {
  const [holder, organisation] = await Promise.all([
    db.selectFrom("users").select("organisation_id").where("email", "=", email).where("deactivated_at", "is", null).executeTakeFirst(),
    db.selectFrom("organisations").select("name").where("id", "=", inviter.organisationId).executeTakeFirstOrThrow(),
  ]);
  if (holder?.organisation_id === inviter.organisationId) throw alreadyMember();
  const common = { inviterName: inviter.name, organisationName: organisation.name };
  const mail = holder
    ? addressTakenMail({ ...common, loginLink: `${baseUrl}/login`, resetLink: `${baseUrl}/forgot-password` })
    : teamInvitationMail({ ...common, link: `${baseUrl}/invite/${token}` });
  return { organisationId: inviter.organisationId, to: email, kind: "team" as const, ...mail };
}

const expiry = () => new Date(Date.now() + TEAM_INVITATION_DAYS * 86_400_000);

/**
 * Invites an address into the inviter's team and queues the mail, in one transaction. An open
 * invitation of the same address to this team is replaced (its link stops working).
 *
 * @example
 * await inviteToTeam(db, { organisationId, userId, name: "Anna Admin" }, "bernd@stadt.de", "planner", "https://kanon.stadt.de");
 */
export async function inviteToTeam(db: Kysely<Database>, inviter: Inviter, email: string, role: UserRole, baseUrl: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const token = newSecretToken();
    const mail = await invitationMailFor(trx, email, token, inviter, baseUrl);
    await trx
      .deleteFrom("planner_invitations")
      .where("organisation_id", "=", inviter.organisationId)
      .where("email", "=", email)
      .where("accepted_at", "is", null)
      .execute();
    const invitation = await trx
      .insertInto("planner_invitations")
      .values({
        organisation_id: inviter.organisationId,
        email,
        role,
        token_hash: hashToken(token),
        invited_by: inviter.userId,
        expires_at: expiry(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueueMails(trx, [mail]);
    await recordAudit(trx, {
      organisationId: inviter.organisationId,
      userId: inviter.userId,
      userName: inviter.name,
      action: "team.invited",
      targetType: "team",
      targetId: invitation.id,
      targetLabel: email,
      details: { role },
    });
  });
}

/** The open invitation of this team, or 404 (unknown, another organisation's, or accepted). */
async function openInvitationOfTeam(db: Db, organisationId: string, invitationId: string) {
  const invitation = await db
    .selectFrom("planner_invitations")
    .select(["id", "email", "role"])
    .where("id", "=", invitationId)
    .where("organisation_id", "=", organisationId)
    .where("accepted_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (!invitation) throw notFound("Invitation");
  return invitation;
}

/**
 * Mails an open invitation again with a new link (the old one stops working) and a fresh
 * expiry; also revives an expired one. At most RESEND_LIMIT resends per invitation and hour: null
 * when that is reached (429).
 */
export async function resendTeamInvitation(db: Kysely<Database>, inviter: Inviter, invitationId: string, baseUrl: string): Promise<{ email: string } | null> {
  await db.transaction().execute((trx) => openInvitationOfTeam(trx, inviter.organisationId, invitationId));
  const counted = await countEventWithinLimits(db, [{ key: `team-invitation-mail:${invitationId}`, limit: RESEND_LIMIT.perInvitation }], RESEND_LIMIT.windowMinutes);
  if (!counted) return null;
  return db.transaction().execute(async (trx) => {
    const invitation = await openInvitationOfTeam(trx, inviter.organisationId, invitationId);
    const token = newSecretToken();
    const mail = await invitationMailFor(trx, invitation.email, token, inviter, baseUrl);
    await trx
      .updateTable("planner_invitations")
      .set({ token_hash: hashToken(token), expires_at: expiry(), sent_at: new Date() })
      .where("id", "=", invitation.id)
      .execute();
    await enqueueMails(trx, [mail]);
    await recordAudit(trx, {
      organisationId: inviter.organisationId,
      userId: inviter.userId,
      userName: inviter.name,
      action: "team.invitation_resent",
      targetType: "team",
      targetId: invitation.id,
      targetLabel: invitation.email,
    });
    return { email: invitation.email };
  });
}

/** Withdraws an open invitation: its link stops working at once. */
export async function revokeTeamInvitation(db: Kysely<Database>, inviter: Inviter, invitationId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const invitation = await openInvitationOfTeam(trx, inviter.organisationId, invitationId);
    await trx.deleteFrom("planner_invitations").where("id", "=", invitation.id).execute();
    await recordAudit(trx, {
      organisationId: inviter.organisationId,
      userId: inviter.userId,
      userName: inviter.name,
      action: "team.invitation_revoked",
      targetType: "team",
      targetId: invitation.id,
      targetLabel: invitation.email,
    });
  });
}

/**
 * The invitation a link names, if it is open (not accepted, not expired); else 404. Tells the
 * holder whether their address has an account meanwhile, so the page can say so before asking
 * for a password.
 */
export async function findOpenTeamInvitation(db: Db, token: string) {
  const invitation = await db
    .selectFrom("planner_invitations")
    .innerJoin("organisations", "organisations.id", "planner_invitations.organisation_id")
    .select([
      "planner_invitations.id",
      "planner_invitations.email",
      "planner_invitations.role",
      "planner_invitations.organisation_id",
      "organisations.name as organisation_name",
    ])
    .where("token_hash", "=", hashToken(token))
    .where("accepted_at", "is", null)
    .where("expires_at", ">", new Date())
    .executeTakeFirst();
  if (!invitation) throw invitationGone();
  const holder = await db.selectFrom("users").select("id").where("email", "=", invitation.email).where("deactivated_at", "is", null).executeTakeFirst();
  return { ...invitation, accountExists: holder !== undefined };
}

/**
 * Accepts an invitation: the link is used up and the account made in one transaction, so a link
 * works once. 409 `account_exists` (the link stays unused) when the address got an account in
 * the meantime, also when two organisations' invitations of one address are accepted at once.
 */
export async function acceptTeamInvitation(
  db: Kysely<Database>,
  token: string,
  person: { name: string; passwordHash: string },
): Promise<{ userId: string; organisationId: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const invitation = await findOpenTeamInvitation(trx, token);
      if (invitation.accountExists) throw accountExists();
      const claimed = await trx
        .updateTable("planner_invitations")
        .set({ accepted_at: new Date() })
        .where("id", "=", invitation.id)
        .where("accepted_at", "is", null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw invitationGone();
      const user = await trx
        .insertInto("users")
        .values({
          organisation_id: invitation.organisation_id,
          email: invitation.email,
          name: person.name,
          password_hash: person.passwordHash,
          role: invitation.role,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        organisationId: invitation.organisation_id,
        userId: user.id,
        userName: person.name,
        action: "team.member_joined",
        targetType: "user",
        targetId: user.id,
        targetLabel: person.name,
        details: { role: invitation.role },
      });
      return { userId: user.id, organisationId: invitation.organisation_id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw accountExists();
    throw error;
  }
}

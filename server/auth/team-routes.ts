import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { publicBaseUrl } from "../lib/public-url.ts";
import { emailField, newPasswordField, okSchema, personNameField, tokenParam } from "./account-schemas.ts";
import { describeSession, meSchema } from "./describe-session.ts";
import { requireAdmin, requireSession } from "./middleware.ts";
import { hashPassword } from "./passwords.ts";
import { startSession } from "./sessions.ts";
import { requireStrongPassword } from "./strong-password.ts";
import {
  acceptTeamInvitation,
  accountExists,
  findOpenTeamInvitation,
  inviteToTeam,
  RESEND_LIMIT,
  resendTeamInvitation,
  revokeTeamInvitation,
} from "./team-invitations.ts";
import { removeTeamMember } from "./team-members.ts";

/**
 * The team of an organisation: members, open invitations, inviting by mail (the link goes only
 * to the invited address, never into an answer), resending and withdrawing invitations,
 * accepting one, and removing members (admins). Mounted under /api.
 */

const role = z.enum(["admin", "planner"]);

const teamSchema = z
  .object({
    members: z.array(z.object({ id: z.string(), email: z.string(), name: z.string(), role, createdAt: z.string() })),
    invitations: z.array(
      z.object({
        id: z.string(),
        email: z.string(),
        role,
        /** When the link was last mailed. */
        sentAt: z.string(),
        expiresAt: z.string(),
        /** Past its expiry: "erneut senden" mails a new link. */
        expired: z.boolean(),
      }),
    ),
  })
  .openapi("Team");

/** The answer to an invitation or a resend: the same whoever the address belongs to, and without the link. */
const invitationSentSchema = z.object({ ok: z.literal(true), email: z.string() }).openapi("InvitationSent");

const teamInvitationParam = z.object({ teamInvitationId: z.uuid().openapi({ param: { name: "teamInvitationId", in: "path" } }) });
const memberParam = z.object({ memberId: z.uuid().openapi({ param: { name: "memberId", in: "path" } }) });

const teamRoute = createRoute({
  method: "get",
  path: "/team",
  tags: ["Accounts"],
  summary: "Members of the organisation and open invitations (never their links)",
  middleware: [requireSession] as const,
  responses: { 200: json(teamSchema) },
});

const invitePlannerRoute = createRoute({
  method: "post",
  path: "/team/invitations",
  tags: ["Accounts"],
  summary: "Invite a planner: the acceptance link is mailed to the address only (admins only)",
  description:
    "The answer is the same for an address without an account and for one with an account in another organisation (which gets a mail saying so instead of a link); 409 `already_member` for a member of this team.",
  middleware: [requireSession, requireAdmin] as const,
  request: jsonBody(z.object({ email: emailField, role: role.default("planner") })),
  responses: { 200: json(invitationSentSchema), ...errorResponses },
});

const resendRoute = createRoute({
  method: "post",
  path: "/team/invitations/{teamInvitationId}/resend",
  tags: ["Accounts"],
  summary: "Mail an open invitation again with a new link; the old link stops working (admins only)",
  middleware: [requireSession, requireAdmin] as const,
  request: { params: teamInvitationParam },
  responses: { 200: json(invitationSentSchema), ...errorResponses, 429: json(z.unknown(), "Too many resends") },
});

const revokeRoute = createRoute({
  method: "post",
  path: "/team/invitations/{teamInvitationId}/revoke",
  tags: ["Accounts"],
  summary: "Withdraw an open invitation; its link stops working (admins only)",
  middleware: [requireSession, requireAdmin] as const,
  request: { params: teamInvitationParam },
  responses: { 200: json(okSchema), ...errorResponses },
});

const plannerInvitationRoute = createRoute({
  method: "get",
  path: "/team/invitations/{token}",
  tags: ["Accounts"],
  summary: "Look up a planner invitation link",
  request: { params: tokenParam },
  responses: {
    200: json(z.object({ email: z.string(), organisationName: z.string(), accountExists: z.boolean() })),
    ...errorResponses,
  },
});

const acceptInvitationRoute = createRoute({
  method: "post",
  path: "/team/invitations/{token}/accept",
  tags: ["Accounts"],
  summary: "Accept a planner invitation: set name and password, get signed in",
  description: "400 `weak_password` with the reason at `password`; 409 `account_exists` when the address has an account meanwhile.",
  request: { params: tokenParam, ...jsonBody(z.object({ name: personNameField, password: newPasswordField })) },
  responses: { 200: json(meSchema), ...errorResponses },
});

const removeMemberRoute = createRoute({
  method: "delete",
  path: "/team/members/{memberId}",
  tags: ["Accounts"],
  summary: "Remove a planner from the team: their sessions end at once and they can no longer sign in (admins only)",
  description: "409 `last_admin` when no other admin would be left, 409 `cannot_remove_self` for one's own account. Recorded in the audit log.",
  middleware: [requireSession, requireAdmin] as const,
  request: { params: memberParam },
  responses: { 200: json(okSchema), ...errorResponses },
});

const inviterOf = (session: { organisationId: string; userId: string; name: string }) => ({
  organisationId: session.organisationId,
  userId: session.userId,
  name: session.name,
});

export const teamRoutes = createRouter()
  .openapi(teamRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const [members, invitations] = await Promise.all([
      db
        .selectFrom("users")
        .select(["id", "email", "name", "role", "created_at"])
        .where("organisation_id", "=", organisationId)
        .where("deactivated_at", "is", null)
        .orderBy("created_at")
        .execute(),
      db
        .selectFrom("planner_invitations")
        .select(["id", "email", "role", "sent_at", "expires_at"])
        .where("organisation_id", "=", organisationId)
        .where("accepted_at", "is", null)
        .orderBy("created_at")
        .execute(),
    ]);
    const now = Date.now();
    return c.json(
      {
        members: members.map((member) => ({ id: member.id, email: member.email, name: member.name, role: member.role, createdAt: member.created_at.toISOString() })),
        invitations: invitations.map((row) => ({
          id: row.id,
          email: row.email,
          role: row.role,
          sentAt: row.sent_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          expired: row.expires_at.getTime() <= now,
        })),
      },
      200,
    );
  })
  .openapi(invitePlannerRoute, async (c) => {
    const body = c.req.valid("json");
    await inviteToTeam(c.var.services.db, inviterOf(c.var.session), body.email, body.role, publicBaseUrl(c));
    c.var.services.wakeMailWorker();
    return c.json({ ok: true as const, email: body.email }, 200);
  })
  .openapi(resendRoute, async (c) => {
    const { teamInvitationId } = c.req.valid("param");
    const sent = await resendTeamInvitation(c.var.services.db, inviterOf(c.var.session), teamInvitationId, publicBaseUrl(c));
    if (!sent) {
      c.header("Retry-After", String(RESEND_LIMIT.windowMinutes * 60));
      throw new ApiError(429, "too_many_resends", {
        de: `Diese Einladung wurde in der letzten Stunde schon ${RESEND_LIMIT.perInvitation}-mal erneut gesendet. Bitte warten Sie etwas.`,
        en: `This invitation was resent ${RESEND_LIMIT.perInvitation} times within the last hour. Please wait a while.`,
      });
    }
    c.var.services.wakeMailWorker();
    return c.json({ ok: true as const, email: sent.email }, 200);
  })
  .openapi(revokeRoute, async (c) => {
    await revokeTeamInvitation(c.var.services.db, inviterOf(c.var.session), c.req.valid("param").teamInvitationId);
    return c.json({ ok: true as const }, 200);
  })
  .openapi(plannerInvitationRoute, async (c) => {
    const invitation = await findOpenTeamInvitation(c.var.services.db, c.req.valid("param").token);
    return c.json({ email: invitation.email, organisationName: invitation.organisation_name, accountExists: invitation.accountExists }, 200);
  })
  .openapi(acceptInvitationRoute, async (c) => {
    const { token } = c.req.valid("param");
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const invitation = await findOpenTeamInvitation(db, token);
    if (invitation.accountExists) throw accountExists();
    await requireStrongPassword(body.password, { name: body.name, email: invitation.email, organisationName: invitation.organisation_name });
    const user = await acceptTeamInvitation(db, token, { name: body.name, passwordHash: await hashPassword(body.password) });
    const sessionId = await startSession(c, user.userId, user.organisationId);
    return c.json((await describeSession(c, sessionId))!, 200);
  })
  .openapi(removeMemberRoute, async (c) => {
    await removeTeamMember(c.var.services.db, c.var.session, c.req.valid("param").memberId);
    return c.json({ ok: true as const }, 200);
  });

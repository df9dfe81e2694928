import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { ApiError } from "../lib/api-error.ts";
import { checkEmailAddress } from "../lib/email-address.ts";
import { describeEmailProblem } from "../lib/email-problem-texts.ts";
import type { Language } from "../lib/languages.ts";
import type { Salutation } from "../lib/person-name.ts";
import { readPastedEntry } from "../lib/recipient-paste.ts";
import { mintLinks } from "./invitation-links.ts";
import { ensureNotRevoked, ensureSurveyOpenForMail } from "./invitation-checks.ts";
import { oneInvitation, type ListedInvitation } from "./invitation-list.ts";
import type { InvitationMailContext } from "./resend-invitation.ts";
import { queueMailing } from "./survey-mailing.ts";

/** The colleague who takes the survey over: an address (may carry a name, as pasted), and optionally name, salutation, language. */
export interface HandoverTarget {
  email: string;
  name: string;
  salutation?: Salutation | null;
  language?: Language;
}

/**
 * Hands the survey over to another address: the invitation's old links stop working, its draft
 * stays, queued mails are dropped and the new address gets a new link. 400 `invalid_recipients`
 * for an unusable address, 409 `already_invited` when the survey already invited it, 409 while
 * the survey is not open or the invitation revoked. Returns the invitation as it stands afterwards.
 */
export async function handOverInvitation(
  db: Kysely<Database>,
  context: InvitationMailContext,
  survey: { id: string; status: string },
  invitationId: string,
  to: HandoverTarget,
): Promise<ListedInvitation> {
  const { organisationId } = context;
  const invitation = await oneInvitation(db, organisationId, survey.id, invitationId);
  ensureSurveyOpenForMail(survey);
  ensureNotRevoked(invitation);
  const pasted = readPastedEntry(to.email);
  const target = checkEmailAddress(pasted.address);
  if (target.problem) {
    const reason = describeEmailProblem(target.problem);
    throw new ApiError(
      400,
      "invalid_recipients",
      { de: `Ungültige Adresse: ${to.email} (${reason.de})`, en: `Invalid address: ${to.email} (${reason.en})` },
      [{ path: "email", email: to.email, problem: target.problem.code, detail: target.problem.detail }],
    );
  }
  await db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom("invitations")
      .select("id")
      .where("survey_id", "=", survey.id)
      .where("email", "=", target.email)
      .where("id", "!=", invitation.id)
      .executeTakeFirst();
    if (taken) {
      throw new ApiError(409, "already_invited", {
        de: `${target.email} ist zu dieser Umfrage schon eingeladen.`,
        en: `${target.email} is already invited to this survey.`,
      });
    }
    // A colleague is a new person: their name and salutation, as given or as written with the address.
    const name = to.name.trim() || pasted.name;
    const salutation = to.salutation !== undefined ? to.salutation : pasted.salutation;
    const language = to.language ?? invitation.language;
    await trx
      .updateTable("invitations")
      .set({ email: target.email, name, salutation, language, mail_status: "queued", failure_reason: null })
      .where("id", "=", invitation.id)
      .execute();
    await trx
      .updateTable("invitation_links")
      .set({ revoked_at: new Date() })
      .where("invitation_id", "=", invitation.id)
      .where("revoked_at", "is", null)
      .execute();
    await trx.deleteFrom("mail_outbox").where("invitation_id", "=", invitation.id).where("status", "=", "queued").execute();
    const tokens = await mintLinks(trx, [{ id: invitation.id, organisationId }], "handover");
    await queueMailing(trx, { ...context, surveyId: survey.id, kind: "handover" }, [
      { invitationId: invitation.id, email: target.email, name, salutation, language, token: tokens.get(invitation.id)! },
    ]);
  });
  return oneInvitation(db, organisationId, survey.id, invitationId);
}

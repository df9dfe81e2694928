import { escapeHtml } from "../lib/mail-outbox.ts";

/**
 * The mails about accounts: a team invitation, the answer to an invitation of an address that
 * already has an account, and a password reset. German first, then English, as the planner UI.
 * Links in them are secrets: they go only to the address they were made for.
 */
export interface AccountMail {
  subject: string;
  text: string;
  html: string;
}

/** How long a team invitation link is valid. */
export const TEAM_INVITATION_DAYS = 7;
/** How long a password reset link is valid. */
export const PASSWORD_RESET_MINUTES = 60;

/** The invitation with its acceptance link (to an address without an account). */
export function teamInvitationMail(input: { inviterName: string; organisationName: string; link: string }): AccountMail {
  const inviter = input.inviterName;
  const organisation = input.organisationName;
  const link = input.link;
  return {
    subject: `Einladung zu Kanon – ${organisation}`,
    text:
      `Guten Tag,\n\n${inviter} lädt Sie ein, in Kanon für ${organisation} mitzuarbeiten.\n` +
      `Bitte legen Sie hier Ihr Passwort fest (${TEAM_INVITATION_DAYS} Tage gültig, nur einmal verwendbar):\n${link}\n\n` +
      `Wenn Sie das nicht erwartet haben, können Sie diese Mail löschen.\n\n` +
      `---\n${inviter} invites you to work in Kanon for ${organisation}.\n` +
      `Set your password here (valid for ${TEAM_INVITATION_DAYS} days, once):\n${link}\n`,
    html:
      `<p>Guten Tag,</p><p>${escapeHtml(inviter)} lädt Sie ein, in Kanon für ${escapeHtml(organisation)} mitzuarbeiten.</p>` +
      `<p><a href="${escapeHtml(link)}">Passwort festlegen</a> (${TEAM_INVITATION_DAYS} Tage gültig, nur einmal verwendbar)</p>` +
      `<p>Wenn Sie das nicht erwartet haben, können Sie diese Mail löschen.</p><hr>` +
      `<p lang="en">${escapeHtml(inviter)} invites you to work in Kanon for ${escapeHtml(organisation)}. ` +
      `<a href="${escapeHtml(link)}">Set your password</a> (valid for ${TEAM_INVITATION_DAYS} days, once).</p>`,
  };
}

/**
 * To an invited address that already has a Kanon account (an address belongs to one
 * organisation): no acceptance link, but how to go on. The inviting admin is told nothing
 * different; only the owner of the address, who knows about their account anyway, reads this.
 */
export function addressTakenMail(input: { inviterName: string; organisationName: string; loginLink: string; resetLink: string }): AccountMail {
  const { inviterName: inviter, organisationName: organisation, loginLink, resetLink } = input;
  return {
    subject: `Einladung zu Kanon – ${organisation}`,
    text:
      `Guten Tag,\n\n${inviter} möchte Sie einladen, in Kanon für ${organisation} mitzuarbeiten.\n` +
      `Für Ihre Adresse gibt es aber schon ein Kanon-Konto, und eine Adresse gehört zu genau einer Organisation.\n` +
      `Wenn Sie für ${organisation} mitarbeiten möchten, bitten Sie ${inviter} um eine Einladung an eine andere Adresse.\n` +
      `Zu Ihrem Konto: ${loginLink} (Passwort vergessen? ${resetLink})\n\n` +
      `---\n${inviter} would like to invite you to work in Kanon for ${organisation}.\n` +
      `Your address already has a Kanon account, and an address belongs to one organisation only.\n` +
      `To work for ${organisation}, ask ${inviter} to invite another address of yours.\n` +
      `Your account: ${loginLink} (forgot your password? ${resetLink})\n`,
    html:
      `<p>Guten Tag,</p><p>${escapeHtml(inviter)} möchte Sie einladen, in Kanon für ${escapeHtml(organisation)} mitzuarbeiten.</p>` +
      `<p>Für Ihre Adresse gibt es aber schon ein Kanon-Konto, und eine Adresse gehört zu genau einer Organisation. ` +
      `Wenn Sie für ${escapeHtml(organisation)} mitarbeiten möchten, bitten Sie ${escapeHtml(inviter)} um eine Einladung an eine andere Adresse.</p>` +
      `<p><a href="${escapeHtml(loginLink)}">Zu Ihrem Konto</a> · <a href="${escapeHtml(resetLink)}">Passwort vergessen?</a></p><hr>` +
      `<p lang="en">${escapeHtml(inviter)} would like to invite you to work in Kanon for ${escapeHtml(organisation)}. ` +
      `Your address already has a Kanon account, and an address belongs to one organisation only: to work for ${escapeHtml(organisation)}, ` +
      `ask ${escapeHtml(inviter)} to invite another address of yours. <a href="${escapeHtml(loginLink)}">Your account</a>.</p>`,
  };
}

/** The link to set a new password. */
export function passwordResetMail(input: { name: string; link: string }): AccountMail {
  const { name, link } = input;
  return {
    subject: "Kanon: neues Passwort festlegen",
    text:
      `Guten Tag ${name},\n\nSie (oder jemand mit Ihrer Adresse) haben ein neues Passwort für Kanon angefordert.\n` +
      `Hier legen Sie es fest (${PASSWORD_RESET_MINUTES} Minuten gültig, nur einmal verwendbar):\n${link}\n\n` +
      `Danach sind Sie auf allen Geräten abgemeldet. Wenn Sie nichts angefordert haben, löschen Sie diese Mail: ` +
      `Ihr Passwort bleibt, wie es ist.\n\n` +
      `---\nYou (or someone with your address) asked for a new Kanon password.\n` +
      `Set it here (valid for ${PASSWORD_RESET_MINUTES} minutes, once):\n${link}\n` +
      `You will then be signed out on every device. If you did not ask for it, delete this mail: your password stays as it is.\n`,
    html:
      `<p>Guten Tag ${escapeHtml(name)},</p><p>Sie (oder jemand mit Ihrer Adresse) haben ein neues Passwort für Kanon angefordert.</p>` +
      `<p><a href="${escapeHtml(link)}">Neues Passwort festlegen</a> (${PASSWORD_RESET_MINUTES} Minuten gültig, nur einmal verwendbar)</p>` +
      `<p>Danach sind Sie auf allen Geräten abgemeldet. Wenn Sie nichts angefordert haben, löschen Sie diese Mail: Ihr Passwort bleibt, wie es ist.</p><hr>` +
      `<p lang="en">You (or someone with your address) asked for a new Kanon password. <a href="${escapeHtml(link)}">Set it here</a> ` +
      `(valid for ${PASSWORD_RESET_MINUTES} minutes, once). You will then be signed out on every device. ` +
      `If you did not ask for it, delete this mail: your password stays as it is.</p>`,
  };
}

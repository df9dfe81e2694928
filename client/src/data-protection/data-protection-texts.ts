/**
 * Texts of the data-protection pieces: deleting a survey, the retention period, deleting the
 * organisation (danger zone on the settings page), and a recipient's data export in the directory.
 */
export const dataProtectionTextsDe = {
  "deleteSurvey.button": "Umfrage löschen",
  "deleteSurvey.buttonLabel": "Umfrage löschen: {title}",
  "deleteSurvey.title": "Umfrage „{title}“ löschen?",
  "deleteSurvey.intro": "Mit der Umfrage wird alles gelöscht, was zu ihr gehört:",
  "deleteSurvey.invitations":
    "{n, plural, one {# Einladung} other {# Einladungen}} mit {links, plural, one {# persönlichen Link} other {# persönlichen Links}} (die Links funktionieren danach nicht mehr)",
  "deleteSurvey.responses": "{n, plural, one {# Antwort} other {# Antworten}}, davon {submitted} abgeschickt",
  "deleteSurvey.submissions": "{n, plural, one {# gespeicherte Abgabe} other {# gespeicherte Abgaben}}",
  "deleteSurvey.mailings": "{n, plural, one {# Versandaktion} other {# Versandaktionen}} mit {mails, plural, one {# Mail} other {# Mails}}",
  "deleteSurvey.reminders": "{n, plural, one {# geplante Erinnerung} other {# geplante Erinnerungen}}",
  "deleteSurvey.networkViews": "{n, plural, one {# Netzwerk-Freigabe} other {# Netzwerk-Freigaben}}",
  "deleteSurvey.texts": "Fragen, Texte und Mailvorlagen der Umfrage",
  "deleteSurvey.irreversible":
    "Das kann nicht rückgängig gemacht werden. Sichern Sie vorher, was Sie behalten möchten (Export der Antworten). Im Protokoll bleibt vermerkt, wer die Umfrage wann gelöscht hat.",
  "deleteSurvey.open": "Die Umfrage läuft noch: Befragte können danach nicht mehr antworten.",
  "deleteSurvey.confirm": "Endgültig löschen",
  "deleteSurvey.deleting": "Wird gelöscht …",
  "deleteSurvey.erasing":
    "Die Umfrage ist gelöscht: Niemand kann sie mehr öffnen, ihre Links führen ins Leere. Ihre Daten werden jetzt im Hintergrund entfernt; Sie können dieses Fenster schließen.",
  "deleteSurvey.erased": "Alle Daten der Umfrage sind entfernt.",
  "deleteSurvey.progressLabel": "Daten der Umfrage entfernt",
  "deleteSurvey.progress": "{done} von {total, plural, one {# Einladung oder Antwort} other {# Einladungen und Antworten}} entfernt",
  "retention.heading": "Aufbewahrung der Antworten",
  "retention.label": "Antworten löschen … Monate nach Ende der Umfrage",
  "retention.hint":
    "Leer lassen, um Antworten zu behalten, bis Sie die Umfrage löschen. Eine Umfrage endet, wenn Sie sie beenden oder ihr Enddatum vorbei ist. Kanon prüft stündlich; Einladungen (wer gefragt wurde) bleiben, die Antworten werden gelöscht und im Protokoll vermerkt.",
  "retention.invalid": "Bitte eine ganze Zahl von 1 bis 120 eingeben oder das Feld leeren.",
  "retention.saved": "Gespeichert.",
  "retention.current": "{n, plural, one {Antworten werden # Monat nach Ende einer Umfrage gelöscht.} other {Antworten werden # Monate nach Ende einer Umfrage gelöscht.}}",
  "retention.none": "Antworten werden aufbewahrt, bis die Umfrage gelöscht wird.",
  "dangerZone.heading": "Organisation löschen",
  "dangerZone.intro":
    "Löscht die Organisation mit allen Daten: Umfragen, Einladungen, Antworten, Verzeichnis, Vorlagen, eigene Fragen, Mails, Protokoll und alle Konten des Teams. Alle werden sofort abgemeldet; bei großen Organisationen werden die Daten danach im Hintergrund entfernt (wenige Minuten). Das kann nicht rückgängig gemacht werden – legen Sie vorher eine Sicherung an.",
  "dangerZone.button": "Organisation löschen …",
  "dangerZone.dialogTitle": "„{name}“ endgültig löschen?",
  "dangerZone.confirmLabel": "Geben Sie zur Bestätigung den Namen der Organisation ein: {name}",
  "dangerZone.mismatch": "Der Name stimmt nicht überein.",
  "dangerZone.confirm": "Alles endgültig löschen",
  "dangerZone.deleting": "Wird gelöscht …",
  "recipientExport.button": "Datenauskunft",
  "recipientExport.label": "Datenauskunft: alle gespeicherten Daten zu {name} herunterladen (JSON, z. B. für eine Auskunft nach Art. 15 DSGVO)",
} as const;

export const dataProtectionTextsEn: Record<keyof typeof dataProtectionTextsDe, string> = {
  "deleteSurvey.button": "Delete survey",
  "deleteSurvey.buttonLabel": "Delete survey: {title}",
  "deleteSurvey.title": "Delete the survey “{title}”?",
  "deleteSurvey.intro": "Everything that belongs to the survey is deleted with it:",
  "deleteSurvey.invitations":
    "{n, plural, one {# invitation} other {# invitations}} with {links, plural, one {# personal link} other {# personal links}} (the links stop working)",
  "deleteSurvey.responses": "{n, plural, one {# response} other {# responses}}, {submitted} of them submitted",
  "deleteSurvey.submissions": "{n, plural, one {# kept submission} other {# kept submissions}}",
  "deleteSurvey.mailings": "{n, plural, one {# mailing} other {# mailings}} with {mails, plural, one {# mail} other {# mails}}",
  "deleteSurvey.reminders": "{n, plural, one {# planned reminder} other {# planned reminders}}",
  "deleteSurvey.networkViews": "{n, plural, one {# network share link} other {# network share links}}",
  "deleteSurvey.texts": "the survey's questions, texts and mail templates",
  "deleteSurvey.irreversible":
    "This cannot be undone. Save what you want to keep first (export the responses). The audit log keeps who deleted the survey and when.",
  "deleteSurvey.open": "The survey is still running: respondents can no longer answer afterwards.",
  "deleteSurvey.confirm": "Delete for good",
  "deleteSurvey.deleting": "Deleting …",
  "deleteSurvey.erasing":
    "The survey is deleted: nobody can open it any more, its links lead nowhere. Its data is now being removed in the background; you can close this window.",
  "deleteSurvey.erased": "All data of the survey has been removed.",
  "deleteSurvey.progressLabel": "Data of the survey removed",
  "deleteSurvey.progress": "{done} of {total, plural, one {# invitation or answer} other {# invitations and answers}} removed",
  "retention.heading": "Keeping responses",
  "retention.label": "Delete responses … months after the survey ended",
  "retention.hint":
    "Leave empty to keep responses until you delete the survey. A survey ends when you close it or its closing date has passed. Kanon checks hourly; invitations (who was asked) stay, the answers are deleted and noted in the audit log.",
  "retention.invalid": "Please enter a whole number from 1 to 120, or empty the field.",
  "retention.saved": "Saved.",
  "retention.current": "{n, plural, one {Responses are deleted # month after a survey ended.} other {Responses are deleted # months after a survey ended.}}",
  "retention.none": "Responses are kept until the survey is deleted.",
  "dangerZone.heading": "Delete the organisation",
  "dangerZone.intro":
    "Deletes the organisation with all its data: surveys, invitations, responses, directory, templates, own questions, mails, audit log and every account of the team. Everyone is signed out at once; for large organisations the data is then removed in the background (a few minutes). This cannot be undone – make a backup first.",
  "dangerZone.button": "Delete organisation …",
  "dangerZone.dialogTitle": "Delete “{name}” for good?",
  "dangerZone.confirmLabel": "To confirm, type the organisation's name: {name}",
  "dangerZone.mismatch": "The name does not match.",
  "dangerZone.confirm": "Delete everything for good",
  "dangerZone.deleting": "Deleting …",
  "recipientExport.button": "Data export",
  "recipientExport.label": "Data export: download all data stored about {name} (JSON, e.g. for an access request under Art. 15 GDPR)",
};

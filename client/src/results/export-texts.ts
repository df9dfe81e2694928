/**
 * Texts of the export panel on the results page, German first (merged in lib/i18n.ts). Every
 * key in `de` needs its English twin in `en`.
 */
export const exportTextsDe = {
  "exports.heading": "Export",
  "exports.intro": "Antworten als Tabelle herunterladen, eine Zeile je Antwort – für Excel oder Statistikprogramme.",
  "exports.valuesHint": "Beschriftungen: Antworten im Wortlaut des Fragebogens. Codes: gespeicherte Werte und Fragenkennungen, z. B. für SPSS, R oder Stata.",
  "exports.identified": "Die Dateien enthalten je Antwort die Angaben der Befragten aus dem Verzeichnis (E-Mail, Einrichtung oder Netzwerk, Sozialraum, Lebensphasen, Handlungsfelder).",
  "exports.anonymous": "Anonyme Umfrage: Die Dateien enthalten keine Angaben zu den Befragten und keine Entwürfe. Statt des Zeitpunkts des Absendens steht bei jeder Antwort der Tag, an dem die Umfrage geöffnet wurde; die Reihenfolge ist zufällig.",
  "exports.counts": "{submitted} abgeschickt · {drafts, plural, one {# Entwurf} other {# Entwürfe}}",
  "exports.files": "Dateien herunterladen",
  "exports.csvLabels": "CSV (Beschriftungen)",
  "exports.csvCodes": "CSV (Codes)",
  "exports.xlsx": "XLSX",
  "exports.summary": "Zusammenfassung (CSV)",
  "exports.list": "Liste „{title}“ als CSV ({entries, plural, one {# Eintrag} other {# Einträge}})",
  "exports.includeDrafts": "Entwürfe einbeziehen",
  "exports.progressLabel": "Fortschritt des Exports",
  "exports.progressRows": "{rows} von {total, plural, one {# Zeile} other {# Zeilen}} · {size}",
  "exports.progressBytes": "{size} empfangen",
  "exports.running": "Export läuft: {name} …",
  "exports.saved": "Gespeichert: {file}",
  "exports.cancelled": "Export abgebrochen.",
  "exports.cancel": "Export abbrechen",
} as const;

export const exportTextsEn: Record<keyof typeof exportTextsDe, string> = {
  "exports.heading": "Export",
  "exports.intro": "Download the responses as a table, one row per response – for Excel or statistics software.",
  "exports.valuesHint": "Labels: answers worded as in the questionnaire. Codes: stored values and question ids, e.g. for SPSS, R or Stata.",
  "exports.identified": "The files hold each respondent's details from the directory (e-mail, institution or network, district, life phases, fields of action).",
  "exports.anonymous": "Anonymous survey: the files hold nothing about the respondents and no drafts. Instead of the time of submission every answer carries the day the survey was opened; the order is random.",
  "exports.counts": "{submitted} submitted · {drafts, plural, one {# draft} other {# drafts}}",
  "exports.files": "Download files",
  "exports.csvLabels": "CSV (labels)",
  "exports.csvCodes": "CSV (codes)",
  "exports.xlsx": "XLSX",
  "exports.summary": "Summary (CSV)",
  "exports.list": "List “{title}” as CSV ({entries, plural, one {# entry} other {# entries}})",
  "exports.includeDrafts": "Include drafts",
  "exports.progressLabel": "Export progress",
  "exports.progressRows": "{rows} of {total, plural, one {# row} other {# rows}} · {size}",
  "exports.progressBytes": "{size} received",
  "exports.running": "Exporting: {name} …",
  "exports.saved": "Saved: {file}",
  "exports.cancelled": "Export cancelled.",
  "exports.cancel": "Cancel export",
};

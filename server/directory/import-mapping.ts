/**
 * How the columns of an uploaded table map onto directory fields: a suggestion from the header
 * names (German and English, as planners' spreadsheets name them) and, for the ambiguous "Art",
 * from the values; then each row read into a record, or rejected with its reasons.
 * Pure functions: no database, so the rules are tested directly.
 *
 * @example
 * const mapping = suggestMapping(["Einrichtung", "E-Mail", "Stadtteil"], rows);
 * // { name: 0, emails: 1, district: 2, kind: null, … }
 * const { records, rejected } = readRecords(rows, mapping, "institution");
 */
import type { DirectoryKind } from "../db/schema.ts";
import { splitRecipientText } from "../lib/recipient-paste.ts";
import { fieldOfActionCode, lifePhaseCode, splitList, type FieldOfAction, type LifePhase } from "./directory-vocabulary.ts";
import { checkEmails } from "./entry-emails.ts";
import type { Language } from "../lib/languages.ts";
import { readSalutation, takeSalutation, type Salutation } from "../lib/person-name.ts";
import type { TableRow } from "./table-file.ts";

export const IMPORT_FIELDS = [
  "kind",
  "name",
  "type",
  "emails",
  "contactPerson",
  "salutation",
  "language",
  "district",
  "lifePhases",
  "fieldsOfAction",
  "memberOf",
  "notes",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index per field; null or absent: the field is not in the file. */
export type ImportMapping = Partial<Record<ImportField, number | null>>;

/** Header names per field, most specific first; compared without case, spaces, hyphens and parentheses. */
const HEADER_NAMES: Record<ImportField, string[]> = {
  kind: ["Eintragsart", "Art des Eintrags", "Einrichtung/Netzwerk", "Einrichtung oder Netzwerk", "Kind", "Entry type", "Entry kind"],
  name: ["Name", "Einrichtung", "Institution", "Netzwerk", "Network", "Einrichtungsname", "Name der Einrichtung", "Netzwerkname", "Name des Netzwerks", "Bezeichnung", "Organisation", "Organization"],
  type: ["Typ", "Art", "Trägerart", "Traegerart", "Einrichtungsart", "Einrichtungstyp", "Netzwerktyp", "Netzwerkart", "Angebotsart", "Type", "Provider type", "Network type", "Kategorie", "Category"],
  emails: ["E-Mail", "E-Mail-Adresse", "E-Mail-Adressen", "E-Mails", "Mail", "Mailadresse", "Email", "Emails", "E-mail address", "E-mail addresses", "Email address"],
  contactPerson: ["Ansprechperson", "Ansprechpartner", "Ansprechpartnerin", "Ansprechpartner:in", "Ansprechpartner*in", "Kontakt", "Kontaktperson", "Contact", "Contact person", "Leitung"],
  salutation: ["Anrede", "Anrede Ansprechperson", "Salutation", "Form of address"],
  language: ["Sprache", "Sprache der Mails", "Mailsprache", "Language", "Mail language"],
  district: ["Sozialraum", "Stadtteil", "Bezirk", "Stadtbezirk", "Quartier", "Planungsraum", "District", "Social space", "Neighbourhood"],
  lifePhases: ["Lebensphasen", "Lebensphase", "Life phases", "Life phase"],
  fieldsOfAction: ["Handlungsfelder", "Handlungsfeld", "Fields of action", "Field of action"],
  memberOf: ["Mitglied in", "Netzwerke", "Netzwerk(e)", "Mitgliedschaften", "Mitglied in Netzwerken", "Member of", "Networks", "Netzwerk"],
  notes: ["Notizen", "Notiz", "Bemerkung", "Bemerkungen", "Anmerkung", "Anmerkungen", "Hinweise", "Kommentar", "Notes", "Note", "Comment", "Comments"],
};

/** Lower case, without parentheses, spaces, hyphens and other punctuation: "E-Mail-Adresse(n)" → "emailadressen". */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

const KIND_WORDS: Record<string, DirectoryKind> = {
  einrichtung: "institution",
  einrichtungen: "institution",
  institution: "institution",
  institutions: "institution",
  netzwerk: "network",
  netzwerke: "network",
  network: "network",
  networks: "network",
};

/** "Einrichtung", "Netzwerk", "institution", "network" (any case) → the kind; else undefined. */
export function kindOf(value: string): DirectoryKind | undefined {
  return KIND_WORDS[normaliseHeader(value)];
}

/**
 * The likely column of each field. Exact header names win over partial ones; a column only serves
 * one field. A column whose values are mostly "Einrichtung"/"Netzwerk" is the kind column,
 * whatever its header ("Art" is the kind then, and the type otherwise).
 */
export function suggestMapping(headers: readonly string[], rows: readonly TableRow[]): Record<ImportField, number | null> {
  const candidates: { field: ImportField; column: number; score: number }[] = [];
  const normalised = headers.map(normaliseHeader);
  headers.forEach((_, column) => {
    const values = rows.slice(0, 200).map((row) => row.cells[column] ?? "").filter((value) => value.trim() !== "");
    // Most values "Einrichtung"/"Netzwerk" (a few typos aside): this is the kind column.
    const kindValues = values.length > 0 && values.filter((value) => kindOf(value) !== undefined).length > values.length / 2;
    if (kindValues) candidates.push({ field: "kind", column, score: 4 });
    for (const field of IMPORT_FIELDS) {
      if (field === "kind" && kindValues) continue;
      HEADER_NAMES[field].forEach((name, rank) => {
        const wanted = normaliseHeader(name);
        const header = normalised[column]!;
        if (header === wanted) candidates.push({ field, column, score: rank === 0 ? 3 : 2 });
        else if (wanted.length >= 4 && header.includes(wanted)) candidates.push({ field, column, score: 1 });
      });
    }
  });
  candidates.sort((a, b) => b.score - a.score || IMPORT_FIELDS.indexOf(a.field) - IMPORT_FIELDS.indexOf(b.field) || a.column - b.column);
  const mapping = Object.fromEntries(IMPORT_FIELDS.map((field) => [field, null])) as Record<ImportField, number | null>;
  const usedColumns = new Set<number>();
  for (const candidate of candidates) {
    if (mapping[candidate.field] !== null || usedColumns.has(candidate.column)) continue;
    mapping[candidate.field] = candidate.column;
    usedColumns.add(candidate.column);
  }
  return mapping;
}

export interface ImportReason {
  code: string;
  message: string;
  messageDe: string;
}

export const reason = (code: string, de: string, en: string): ImportReason => ({ code, message: en, messageDe: de });

/** One row read from the file; an absent field was not in the file (an update keeps the old value). */
export interface ImportRecord {
  row: number;
  kind: DirectoryKind;
  name: string;
  type?: string;
  emails?: string[];
  contactPerson?: string;
  /** Frau / Herr of the contact person; null: neutral. */
  salutation?: Salutation | null;
  /** The language of mails to the entry. */
  language?: Language;
  /** The district's name as written; "" for none. */
  district?: string;
  lifePhases?: LifePhase[];
  fieldsOfAction?: FieldOfAction[];
  /** Names of the networks an institution is a member of, as written. */
  memberOf?: string[];
  /** The membership cell as written (a single network name may contain a comma). */
  memberOfText?: string;
  notes?: string;
}

export interface RejectedRow {
  row: number;
  name: string;
  reasons: ImportReason[];
}

/** Undoes the export's protection against formula injection: "'=SUMME" was "=SUMME". */
export function unprotectCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

const LANGUAGE_WORDS: Record<string, Language> = { "": "de", de: "de", deutsch: "de", german: "de", en: "en", englisch: "en", english: "en" };

/** "Deutsch", "EN", "English" …; an empty cell is German; undefined: not a language Kanon writes mails in. */
function languageOf(text: string): Language | undefined {
  return LANGUAGE_WORDS[text.trim().toLowerCase()];
}

const LIMITS = { name: 300, type: 200, contactPerson: 300, notes: 5000 } as const;

const tooLong = (label: { de: string; en: string }, max: number) =>
  reason("too_long", `${label.de} ist zu lang (höchstens ${max} Zeichen)`, `${label.en} is too long (at most ${max} characters)`);

/**
 * Reads every row through the mapping. Rows without a name, with an unknown kind, an invalid
 * e-mail address or a life phase / field of action the canon does not know are rejected with
 * all their reasons; the rest become records (district and networks are resolved later).
 */
export function readRecords(
  rows: readonly TableRow[],
  mapping: ImportMapping,
  defaultKind: DirectoryKind,
): { records: ImportRecord[]; rejected: RejectedRow[] } {
  const records: ImportRecord[] = [];
  const rejected: RejectedRow[] = [];
  const cellOf = (row: TableRow, field: ImportField): string | undefined => {
    const column = mapping[field];
    if (column === null || column === undefined) return undefined;
    return unprotectCell((row.cells[column] ?? "").trim()).trim();
  };
  for (const row of rows) {
    const reasons: ImportReason[] = [];
    const name = cellOf(row, "name") ?? "";
    if (!name) reasons.push(reason("missing_name", "Der Name fehlt", "The name is missing"));
    if (name.length > LIMITS.name) reasons.push(tooLong({ de: "Der Name", en: "The name" }, LIMITS.name));

    const kindText = cellOf(row, "kind") ?? "";
    const kind = kindText ? kindOf(kindText) : defaultKind;
    if (!kind) {
      reasons.push(
        reason(
          "unknown_kind",
          `Unbekannte Art „${kindText}“ (erwartet: Einrichtung oder Netzwerk)`,
          `Unknown kind "${kindText}" (expected: institution or network)`,
        ),
      );
    }

    const record: ImportRecord = { row: row.row, kind: kind ?? defaultKind, name };
    const type = cellOf(row, "type");
    if (type !== undefined) {
      record.type = type;
      if (type.length > LIMITS.type) reasons.push(tooLong({ de: "Der Typ", en: "The type" }, LIMITS.type));
    }
    const contactPerson = cellOf(row, "contactPerson");
    if (contactPerson !== undefined) {
      record.contactPerson = contactPerson;
      if (contactPerson.length > LIMITS.contactPerson) {
        reasons.push(tooLong({ de: "Die Ansprechperson", en: "The contact person" }, LIMITS.contactPerson));
      }
    }
    const salutationText = cellOf(row, "salutation");
    if (salutationText !== undefined) {
      const salutation = readSalutation(salutationText);
      if (salutation === undefined) {
        reasons.push(
          reason(
            "unknown_salutation",
            `Unbekannte Anrede „${salutationText}“ (erwartet: Frau, Herr oder leer für eine neutrale Anrede)`,
            `Unknown salutation "${salutationText}" (expected: Frau/Ms, Herr/Mr or empty for a neutral greeting)`,
          ),
        );
      } else record.salutation = salutation;
    }
    // "Frau Anna Müller" in the contact column: the salutation is taken from it when no column gives one.
    if (record.contactPerson && !record.salutation) {
      const taken = takeSalutation(record.contactPerson);
      if (taken.salutation) Object.assign(record, { contactPerson: taken.name, salutation: taken.salutation });
    }
    const languageText = cellOf(row, "language");
    if (languageText !== undefined) {
      const language = languageOf(languageText);
      if (language === undefined) {
        reasons.push(
          reason(
            "unknown_language",
            `Unbekannte Sprache „${languageText}“ (erwartet: Deutsch oder Englisch)`,
            `Unknown language "${languageText}" (expected: German or English)`,
          ),
        );
      } else record.language = language;
    }
    const notes = cellOf(row, "notes");
    if (notes !== undefined) {
      record.notes = notes;
      if (notes.length > LIMITS.notes) reasons.push(tooLong({ de: "Die Notiz", en: "The note" }, LIMITS.notes));
    }
    const district = cellOf(row, "district");
    if (district !== undefined) record.district = district;

    const emailText = cellOf(row, "emails");
    if (emailText !== undefined) {
      const { emails, problems } = checkEmails(splitRecipientText(emailText.replace(/\|/g, ";")).map((entry) => entry.raw));
      for (const problem of problems) {
        reasons.push(
          reason(
            "invalid_email",
            `Ungültige E-Mail-Adresse „${problem.value}“: ${problem.messageDe}`,
            `Invalid e-mail address "${problem.value}": ${problem.message}`,
          ),
        );
      }
      if (emails.length > 50) reasons.push(reason("too_many_emails", "Mehr als 50 E-Mail-Adressen", "More than 50 e-mail addresses"));
      record.emails = emails;
    }

    const phaseText = cellOf(row, "lifePhases");
    if (phaseText !== undefined) {
      const phases = new Set<LifePhase>();
      for (const part of splitList(phaseText)) {
        const code = lifePhaseCode(part);
        if (code) phases.add(code);
        else reasons.push(reason("unknown_life_phase", `Unbekannte Lebensphase „${part}“`, `Unknown life phase "${part}"`));
      }
      record.lifePhases = [...phases];
    }
    const fieldText = cellOf(row, "fieldsOfAction");
    if (fieldText !== undefined) {
      const fields = new Set<FieldOfAction>();
      for (const part of splitList(fieldText)) {
        const code = fieldOfActionCode(part);
        if (code) fields.add(code);
        else reasons.push(reason("unknown_field_of_action", `Unbekanntes Handlungsfeld „${part}“`, `Unknown field of action "${part}"`));
      }
      record.fieldsOfAction = [...fields];
    }
    const memberText = cellOf(row, "memberOf");
    if (memberText !== undefined) {
      record.memberOf = splitNames(memberText);
      record.memberOfText = memberText;
      if (record.kind === "network" && record.memberOf.length > 0) {
        reasons.push(
          reason(
            "network_membership",
            "Ein Netzwerk kann nicht Mitglied eines Netzwerks sein (nur Einrichtungen)",
            "A network cannot be a member of a network (only institutions can)",
          ),
        );
      }
    }

    if (reasons.length > 0) rejected.push({ row: row.row, name, reasons });
    else records.push(record);
  }
  return { records, rejected };
}

/**
 * Network names in a cell: separated by semicolon, vertical bar or line break, or by comma when
 * none of those occurs (names with a comma then need a semicolon between them).
 */
export function splitNames(text: string): string[] {
  const separator = /[;|\n\r]/.test(text) ? /[;|\n\r]+/ : /,/;
  return [...new Set(text.split(separator).map((part) => part.trim()).filter((part) => part.length > 0))];
}

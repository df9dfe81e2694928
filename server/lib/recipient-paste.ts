import { checkEmailAddress, type EmailProblem } from "./email-address.ts";
import { readSalutation, takeSalutation, type Salutation } from "./person-name.ts";

/**
 * Address lists as planners paste them, read into entries with names: Outlook
 * (`Müller, Anna <anna.mueller@…>; "Schmidt, Jörg" <…>`), one per line, commas, semicolons,
 * `anna@x.de (Anna Müller)`, `Anna Müller anna@x.de`, `mailto:` links, and spreadsheet rows
 * (cells separated by tabs: name and address columns, with or without a header row such as
 * "Anrede · Vorname · Nachname · E-Mail"). The one parser of the server and the browser: pure.
 *
 * How a comma is read: Outlook and people write `Last, First <mail>` unquoted, so a comma
 * followed by a name and then the address belongs to the name; between addresses it separates.
 *
 * Cost: every step is a single pass over its line (brackets and quotes are paired by their last
 * position in the line, not searched again for each opening), and no regular expression can
 * backtrack over more than one word, so a pasted megabyte takes milliseconds.
 */

/** One entry as read from the paste, before its address is checked. */
export interface PasteItem {
  /** The entry as pasted (a spreadsheet row, or one part of a list), kept to be corrected. */
  raw: string;
  /** The part that should be the address. */
  address: string;
  /** The name written with it, without quotes and salutation ("Müller, Anna"); may be empty. */
  name: string;
  salutation: Salutation | null;
}

export interface PastedRecipient {
  raw: string;
  /** The stored form when valid (domain in Unicode, lower-case); the tidied text otherwise. */
  email: string;
  name: string;
  salutation: Salutation | null;
  problem: EmailProblem | null;
  /** The same address came earlier in the list; it is merged into that one. */
  duplicate: boolean;
}

/** Longest name kept from a paste (the invitation's name field). */
const MAX_NAME_LENGTH = 200;
/** Entries longer than this are no address with a name: kept whole, to be refused as too long. */
const MAX_ENTRY_LENGTH = 1000;
const QUOTES = new Set(['"', "“", "”", "„"]);
const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/;

const isQuote = (char: string) => QUOTES.has(char);
const isQuoteCode = (code: number) => code === 34 || code === 0x201c || code === 0x201d || code === 0x201e;
/** Spaces as they come from Word, Outlook and web pages (no regular expression per character). */
const isSpaceCode = (code: number) =>
  code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000 || code === 0x202f || (code >= 0x2000 && code <= 0x200a);
const hasAt = (text: string) => text.includes("@");

function lastQuoteIndex(line: string): number {
  let last = -1;
  for (const quote of QUOTES) last = Math.max(last, line.lastIndexOf(quote));
  return last;
}

/** "Müller", "Anna Maria", "Frau Dr. Müller", "Müller, Anna": letters, spaces, dots, commas, hyphens, apostrophes, one capital at least. */
function isNameLike(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length > 0 && trimmed.length <= 100 && /^[\p{L}\p{M}'’., -]+$/u.test(trimmed) && /\p{Lu}/u.test(trimmed);
}

function isQuoted(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length >= 2 && (isQuote(trimmed.charAt(0)) || trimmed.charAt(0) === "'");
}

/** Separators and spaces off both ends, in one pass (no slicing per character). */
function trimSeparators(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && ",;:-– ".includes(text.charAt(start))) start++;
  while (end > start && ",;:-– ".includes(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Quotes, stray brackets and separators off a name; a name that is itself an address is no name. */
function cleanName(text: string): string {
  // Longer text is no name (a spreadsheet cell of something else): cut before any work.
  let name = trimSeparators(text.slice(0, 4 * MAX_NAME_LENGTH).replace(/\s+/g, " "));
  for (let round = 0; round < 3; round++) {
    const before = name;
    const first = name.charAt(0);
    const last = name.charAt(name.length - 1);
    if ((isQuote(first) || first === "'") && name.length >= 2 && (isQuote(last) || last === "'")) name = name.slice(1, -1);
    else if (isQuote(first) || first === "'" || first === "<" || first === "(") name = name.slice(1);
    else if (isQuote(last) || last === "'" || last === ">" || last === ")") name = name.slice(0, -1);
    name = trimSeparators(name);
    if (name === before) break;
  }
  if (hasAt(name)) return "";
  return name.length > MAX_NAME_LENGTH ? name.slice(0, MAX_NAME_LENGTH).trim() : name;
}

function item(raw: string, address: string, writtenName: string, salutation: Salutation | null = null): PasteItem {
  const taken = takeSalutation(cleanName(writtenName));
  return { raw: raw.trim(), address: address.trim(), name: taken.name, salutation: salutation ?? taken.salutation };
}

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Words of an entry, split at spaces outside quotes and brackets. */
function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  const lastQuote = lastQuoteIndex(text);
  const lastGt = text.lastIndexOf(">");
  const lastParen = text.lastIndexOf(")");
  let closer = 0;
  let start = -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (closer !== 0) {
      if (closer === 34 ? isQuoteCode(code) : code === closer) closer = 0;
      continue;
    }
    if (isSpaceCode(code)) {
      if (start >= 0) tokens.push({ text: text.slice(start, index), start, end: index });
      start = -1;
      continue;
    }
    if (start < 0) start = index;
    if (isQuoteCode(code) && index < lastQuote) closer = 34;
    else if (code === 60 && index < lastGt) closer = 62;
    else if (code === 40 && index < lastParen) closer = 41;
  }
  if (start >= 0) tokens.push({ text: text.slice(start), start, end: text.length });
  return tokens;
}

const isAddressToken = (token: string) => hasAt(token) && !isQuote(token.charAt(0)) && token.charAt(0) !== "'";

/**
 * One entry: `Name <mail>`, `mail (Name)`, `Name (mail)`, `Name mail`, `mail Name` or the
 * address alone. Text that fits none of these is kept whole as the address, so its check names
 * what is wrong with it (a space inside, a missing @ …).
 */
export function readPastedEntry(text: string): PasteItem {
  const entry = text.trim();
  // The address alone (most entries): nothing to take apart.
  if (entry.length > MAX_ENTRY_LENGTH || !/[\s"“”„'<(]/.test(entry)) return { raw: entry, address: entry, name: "", salutation: null };
  const open = entry.lastIndexOf("<");
  const close = open >= 0 ? entry.indexOf(">", open) : -1;
  if (open >= 0 && close > open && hasAt(entry.slice(open + 1, close))) {
    return item(entry, entry.slice(open + 1, close), `${entry.slice(0, open)} ${entry.slice(close + 1)}`);
  }
  const openParen = entry.indexOf("(");
  const closeParen = entry.lastIndexOf(")");
  // A comment stands apart from the address ("anna@x.de (Anna)"); "anna(x)@x.de" is one bad address.
  const apart = (char: string) => char === "" || /\s/.test(char);
  if (openParen >= 0 && closeParen > openParen && apart(entry.charAt(openParen - 1)) && apart(entry.charAt(closeParen + 1))) {
    const inside = entry.slice(openParen + 1, closeParen);
    const outside = `${entry.slice(0, openParen)} ${entry.slice(closeParen + 1)}`;
    if (hasAt(outside) && !hasAt(inside)) return item(entry, outside, inside);
    if (hasAt(inside) && !hasAt(outside)) return item(entry, inside, outside);
  }
  const tokens = tokensOf(entry);
  const addressTokens = tokens.filter((token) => isAddressToken(token.text));
  if (tokens.length > 1 && addressTokens.length === 1) {
    const address = addressTokens[0]!;
    const before = entry.slice(0, address.start);
    const after = entry.slice(address.end);
    if (after.trim() === "" && (isQuoted(before) || isNameLike(before))) return item(entry, address.text, before);
    if (before.trim() === "" && (isQuoted(after) || isNameLike(after))) return item(entry, address.text, after);
  }
  return item(entry, entry, "");
}

/** Several addresses in one part, separated by spaces only: "a@x.de b@y.de", "Anna a@x.de Bernd b@y.de". */
function splitAtAddresses(text: string): string[] {
  if (text.length > MAX_ENTRY_LENGTH) return [text];
  const tokens = tokensOf(text);
  if (tokens.filter((token) => isAddressToken(token.text)).length < 2) return [text];
  const parts: string[] = [];
  let start = 0;
  for (const [index, token] of tokens.entries()) {
    const next = tokens[index + 1];
    // An entry ends after its address, or after the "(Name)" that follows its address.
    const address = isAddressToken(token.text) && !next?.text.startsWith("(");
    const commentAfterAddress = token.text.startsWith("(") && index > 0 && isAddressToken(tokens[index - 1]!.text);
    if (address || commentAfterAddress) {
      parts.push(text.slice(start, token.end));
      start = token.end;
    }
  }
  const rest = text.slice(start);
  // Words after the last address name it ("a@x.de b@y.de Bernd Schulz").
  if (rest.trim() !== "") parts[parts.length - 1] += rest;
  return parts;
}

interface Segment {
  start: number;
  end: number;
  /** The separator after it: "," or ";" (or "" at the end of the line). */
  separator: string;
}

/**
 * A line cut at commas and semicolons outside quotes and parentheses. Angle brackets do not
 * protect: no address holds a comma, and a stray `<` must not swallow the rest of the line.
 */
function segmentsOf(line: string): Segment[] {
  const segments: Segment[] = [];
  const lastQuote = lastQuoteIndex(line);
  const lastParen = line.lastIndexOf(")");
  let closer = 0;
  let start = 0;
  let blank = true;
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (closer !== 0) {
      if (closer === 34 ? isQuoteCode(code) : code === closer) closer = 0;
      continue;
    }
    if (code === 44 || code === 59) {
      // Empty parts (",,", "; ;") are left out here rather than made and dropped.
      if (!blank) segments.push({ start, end: index, separator: code === 44 ? "," : ";" });
      start = index + 1;
      blank = true;
      continue;
    }
    if (blank && !isSpaceCode(code)) blank = false;
    if (isQuoteCode(code) && index < lastQuote) closer = 34;
    else if (code === 40 && index < lastParen) closer = 41;
  }
  if (!blank || closer !== 0) segments.push({ start, end: line.length, separator: "" });
  return segments;
}

/**
 * The entries of a line that is not a spreadsheet row. Name-only parts before an address, joined
 * by commas, belong to it: `Müller, Anna <mail>` (one part before a named address) and
 * `Müller, Anna, mail` or `Anna Müller, mail` (up to two parts before a bare address).
 */
function* entriesOfListLine(line: string): Generator<PasteItem> {
  const segments = segmentsOf(line);
  const text = (segment: Segment) => line.slice(segment.start, segment.end);
  const nameOnly = (segment: Segment) => segment.separator === "," && !hasAt(text(segment)) && isNameLike(text(segment));
  const entriesOf = function* (part: string) {
    if (part.trim() === "") return;
    for (const entry of splitAtAddresses(part)) yield readPastedEntry(entry);
  };
  let index = 0;
  while (index < segments.length) {
    const segment = segments[index]!;
    if (nameOnly(segment)) {
      let next = index;
      while (next < segments.length && next - index < 2 && nameOnly(segments[next]!)) next++;
      const target = segments[next];
      if (target && hasAt(text(target))) {
        const targetHasName = readPastedEntry(text(target)).name !== "";
        const from = targetHasName ? next - 1 : index;
        for (let before = index; before < from; before++) yield* entriesOf(text(segments[before]!));
        yield* entriesOf(line.slice(segments[from]!.start, target.end));
        index = next + 1;
        continue;
      }
    }
    yield* entriesOf(text(segment));
    index++;
  }
}

type Column = "email" | "name" | "given" | "family" | "salutation" | "gender" | "title";

const HEADER_WORDS: Record<string, Column> = {
  email: "email",
  emails: "email",
  emailadresse: "email",
  emailadressen: "email",
  mail: "email",
  mailadresse: "email",
  emailaddress: "email",
  name: "name",
  vollständigername: "name",
  fullname: "name",
  anzeigename: "name",
  displayname: "name",
  ansprechperson: "name",
  ansprechpartner: "name",
  ansprechpartnerin: "name",
  kontaktperson: "name",
  kontakt: "name",
  contact: "name",
  contactperson: "name",
  empfänger: "name",
  vorname: "given",
  rufname: "given",
  firstname: "given",
  givenname: "given",
  nachname: "family",
  familienname: "family",
  lastname: "family",
  surname: "family",
  anrede: "salutation",
  salutation: "salutation",
  geschlecht: "gender",
  gender: "gender",
  titel: "title",
  title: "title",
  akademischertitel: "title",
};

/** Columns of a header row ("Anrede · Vorname · Nachname · E-Mail"), or null for a row of data. */
function headerOf(cells: string[]): (Column | null)[] | null {
  if (cells.some(hasAt)) return null;
  const columns = cells.map((cell) => HEADER_WORDS[cell.toLowerCase().replace(/[\s\-_.:*/]/g, "")] ?? null);
  if (!columns.includes("email")) return null;
  // "Name" beside "Vorname" is the family name.
  if (columns.includes("given") && !columns.includes("family")) return columns.map((column) => (column === "name" ? "family" : column));
  return columns;
}

function genderSalutation(text: string): Salutation | null {
  const word = text.trim().toLowerCase();
  if (["w", "weiblich", "female", "f", "frau"].includes(word)) return "ms";
  if (["m", "männlich", "male", "herr"].includes(word)) return "mr";
  return null;
}

/** A name and salutation from loose cells: a cell that is a salutation ("Frau") is one. */
function nameOfCells(cells: string[]): { name: string; salutation: Salutation | null } {
  let salutation: Salutation | null = null;
  const parts: string[] = [];
  for (const cell of cells) {
    const read = cell.trim() === "" ? undefined : readSalutation(cell);
    if (read) salutation = read;
    else if (cell.trim() !== "" && read === undefined) parts.push(cell.trim());
  }
  return { name: parts.join(" "), salutation };
}

/** The name of a row under a header: "Nachname, Titel Vorname" when the name comes in parts. */
function nameOfColumns(cells: string[], columns: (Column | null)[]): { name: string; salutation: Salutation | null } {
  const cellOf = (column: Column) =>
    columns
      .map((candidate, index) => (candidate === column ? (cells[index] ?? "").trim() : ""))
      .filter(Boolean)
      .join(" ");
  let salutation: Salutation | null = null;
  let title = cellOf("title");
  const salutationCell = cellOf("salutation");
  if (salutationCell) {
    const [first = "", ...rest] = salutationCell.split(/\s+/);
    salutation = readSalutation(first) ?? null;
    if (readSalutation(first) === undefined) title = `${salutationCell} ${title}`.trim();
    else if (rest.length > 0) title = `${rest.join(" ")} ${title}`.trim();
  }
  if (!salutation && cellOf("gender")) salutation = genderSalutation(cellOf("gender"));
  const given = `${title} ${cellOf("given")}`.trim();
  const family = cellOf("family");
  const name = family && given ? `${family}, ${given}` : family || given || cellOf("name");
  return { name, salutation };
}

/**
 * A spreadsheet row (cells separated by tabs). With a header, its columns say which cell is
 * what; without one, the cells before an address name it ("Frau · Anna Müller · mail"), or, with
 * one address in the row, all other cells do ("mail · Anna Müller").
 */
function* entriesOfRow(line: string, columns: (Column | null)[] | null): Generator<PasteItem> {
  const cells = line.split("\t");
  if (cells.every((cell) => cell.trim() === "")) return;
  if (columns) {
    const emailText = cells
      .filter((_, index) => columns[index] === "email")
      .map((cell) => cell.trim())
      .filter(Boolean)
      .join("; ");
    const { name, salutation } = nameOfColumns(cells, columns);
    if (emailText === "") {
      yield item(line, "", name, salutation);
      return;
    }
    for (const entry of entriesOfListLine(emailText)) {
      yield entry.name ? entry : { ...entry, raw: line.trim(), name: cleanName(name), salutation: entry.salutation ?? salutation };
    }
    return;
  }
  let addressCells = 0;
  for (const cell of cells) if (hasAt(cell)) addressCells++;
  if (addressCells === 0) {
    yield item(line, cells.filter((cell) => cell.trim() !== "").join(" "), "");
    return;
  }
  if (addressCells === 1) {
    const { name, salutation } = nameOfCells(cells.filter((cell) => !hasAt(cell)));
    for (const entry of entriesOfListLine(cells.find(hasAt)!)) {
      yield entry.name ? entry : { ...entry, raw: line.trim(), ...takeSalutationOf(name, salutation, entry.salutation) };
    }
    return;
  }
  // Held back one step: cells after the last address may still name it.
  let held: PasteItem | null = null;
  let pending: string[] = [];
  for (const cell of cells) {
    if (!hasAt(cell)) {
      pending.push(cell);
      continue;
    }
    const { name, salutation } = nameOfCells(pending);
    pending = [];
    for (const entry of entriesOfListLine(cell)) {
      if (held) yield held;
      held = entry.name || !name ? entry : { ...entry, ...takeSalutationOf(name, salutation, entry.salutation) };
    }
  }
  if (!held) return;
  const trailing = nameOfCells(pending);
  yield held.name || !trailing.name ? held : { ...held, ...takeSalutationOf(trailing.name, trailing.salutation, held.salutation) };
}

function takeSalutationOf(name: string, ...salutations: (Salutation | null)[]): { name: string; salutation: Salutation | null } {
  const taken = takeSalutation(cleanName(name));
  return { name: taken.name, salutation: salutations.find((salutation) => salutation) ?? taken.salutation };
}

/**
 * The entries of a paste, in order, read lazily (so a caller can stop, or pause between
 * entries), before their addresses are checked.
 */
export function* pasteEntries(text: string): Generator<PasteItem> {
  let columns: (Column | null)[] | null = null;
  for (const line of text.split(LINE_BREAKS)) {
    if (line.trim() === "") continue;
    if (line.includes("\t")) {
      const header: (Column | null)[] | null = columns === null ? headerOf(line.split("\t").map((cell) => cell.trim())) : null;
      if (header) {
        columns = header;
        continue;
      }
      yield* entriesOfRow(line, columns);
    } else {
      yield* entriesOfListLine(line);
    }
  }
}

/**
 * The entries of a paste, in order, before their addresses are checked. With a `limit`, reading
 * stops once it is passed (the result then holds one entry more than the limit).
 *
 * @example
 * splitRecipientText("Müller, Anna <anna@x.de>; Bernd <b@y.de>").map((entry) => entry.name); // ["Müller, Anna", "Bernd"]
 */
export function splitRecipientText(text: string, limit = Number.POSITIVE_INFINITY): PasteItem[] {
  const entries: PasteItem[] = [];
  for (const entry of pasteEntries(text)) {
    entries.push(entry);
    if (entries.length > limit) break;
  }
  return entries;
}

/**
 * A checker for the entries of one paste, in order: checks each address and marks later copies
 * of an address as duplicates (the two forms of an internationalised domain are the same
 * address). A name given only with a later copy is kept for the first.
 */
export function pastedEntryChecker(): (entry: PasteItem) => PastedRecipient {
  const first = new Map<string, PastedRecipient>();
  return (entry) => {
    const checked = checkEmailAddress(entry.address);
    const recipient: PastedRecipient = {
      raw: entry.raw,
      email: checked.email,
      name: entry.name,
      salutation: entry.salutation,
      problem: checked.problem,
      duplicate: false,
    };
    if (checked.problem) return recipient;
    const earlier = first.get(checked.email);
    if (!earlier) {
      first.set(checked.email, recipient);
      return recipient;
    }
    if (!earlier.name && entry.name) {
      earlier.name = entry.name;
      earlier.salutation = entry.salutation;
    }
    return { ...recipient, duplicate: true };
  };
}

/** Checks a list of entries (see pastedEntryChecker). */
export function checkPastedEntries(items: readonly PasteItem[]): PastedRecipient[] {
  return items.map(pastedEntryChecker());
}

/** Splits and checks a pasted list. */
export function parseRecipientList(text: string): PastedRecipient[] {
  return checkPastedEntries(splitRecipientText(text));
}

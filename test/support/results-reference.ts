/**
 * The results of a survey computed the plain way, in TypeScript, from the raw responses: the
 * yardstick the SQL aggregation is tested against. Written separately from server/results (it
 * shares only the canon's vocabulary lists), loop by loop, without any cleverness.
 */
import { FIELDS_OF_ACTION, LIFE_PHASES } from "../../server/canon/canon-file-format.ts";
import { FIELD_OF_ACTION_LABELS, LIFE_PHASE_LABELS } from "../../server/canon/vocabulary-labels.ts";

type Json = Record<string, any>;
type Text = { de: string; en: string };

export interface ReferenceRecipient {
  entryId: string;
  kind: "institution" | "network";
  type: string;
  districtId: string | null;
  lifePhases: string[];
  fieldsOfAction: string[];
  /** Networks the entry is a member of. */
  networkIds: string[];
}

export interface ReferenceResponse {
  id: string;
  status: "draft" | "submitted";
  submittedAt: Date | null;
  answers: Json;
  recipient: ReferenceRecipient | null;
}

export interface ReferenceDirectory {
  /** In display order (position, name). */
  districts: { id: string; name: string }[];
  /** In display order (name). */
  networks: { id: string; name: string }[];
}

export interface ReferenceRequest {
  filter?: {
    recipients?: { kind?: string; types?: string[]; districtIds?: string[]; lifePhases?: string[]; fieldsOfAction?: string[]; memberOfNetworkIds?: string[] };
    answer?: { question: string; values: (string | number | boolean)[] };
  };
  groupBy?: { recipient: string } | { question: string };
  q?: string;
  textLimit?: number;
  questions?: string[];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function text(value: unknown, fallback: string): Text {
  if (typeof value === "string") return { de: value, en: value };
  if (isObject(value)) {
    const de = value.de ?? value.default ?? value.en ?? fallback;
    return { de, en: value.en ?? value.default ?? de };
  }
  return { de: fallback, en: fallback };
}

function listed(list: unknown): { value: string; label: Text }[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) =>
    isObject(entry) ? { value: String(entry.value), label: text(entry.text, String(entry.value)) } : { value: String(entry), label: text(String(entry), String(entry)) },
  );
}

/** The option values in an answer: the distinct strings (not empty), numbers and booleans, of an array or alone. */
export function choiceValues(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  const found: string[] = [];
  for (const item of values) {
    const ok = (typeof item === "string" && item !== "") || typeof item === "number" || typeof item === "boolean";
    if (ok && !found.includes(String(item))) found.push(String(item));
  }
  return found;
}

const trimmed = (value: string) => value.replace(/^[ \t\r\n]+/, "").replace(/[ \t\r\n]+$/, "");

function numberOf(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?[0-9]+(\.[0-9]+)?$/.test(trimmed(value))) return Number(trimmed(value));
  return null;
}

function textOf(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value === "string" && trimmed(value) !== "") return value;
  return null;
}

function isNumeric(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Declared options with counts, then the other values found, most frequent first; inside a panel
 * (`behind` given: each value's respondents) with the respondents behind each count.
 */
function optionsWithCounts(options: { value: string; label: Text }[], counts: Map<string, number>, behind?: Map<string, Set<string>>) {
  const respondents = (value: string) => (behind ? { respondents: behind.get(value)?.size ?? 0 } : {});
  const result: Json[] = options.map((option) => ({ value: option.value, label: option.label, count: counts.get(option.value) ?? 0, ...respondents(option.value) }));
  const extra = [...counts.keys()].filter((value) => !options.some((option) => option.value === value));
  extra.sort((a, b) => counts.get(b)! - counts.get(a)! || compareText(a, b));
  for (const value of extra) result.push({ value, label: { de: value, en: value }, count: counts.get(value)!, ...respondents(value) });
  return result;
}

/** The distinct respondents of some units (inside a panel, several entries are one respondent). */
function respondentsOf(units: Unit[]): number {
  return new Set(units.map((unit) => unit.responseId)).size;
}

/** Adds a respondent to the set under a key. */
function addTo(sets: Map<string, Set<string>>, key: string, responseId: string) {
  let set = sets.get(key);
  if (!set) sets.set(key, (set = new Set()));
  set.add(responseId);
}

function mean(pairs: [number, number][]): number | null {
  let sum = 0;
  let count = 0;
  for (const [value, times] of pairs) {
    sum += value * times;
    count += times;
  }
  return count === 0 ? null : sum / count;
}

// ---------------------------------------------------------------------------------------------
// What an element is

/** The questionnaire's text for an item SurveyJS adds, per language (its own, else its default), else SurveyJS's own word. */
function ownOr(value: unknown, de: string, en: string): Text {
  const usable = (candidate: unknown) => typeof candidate === "string" && candidate.trim() !== "";
  if (usable(value)) return { de: value as string, en: value as string };
  const texts: Json = isObject(value) ? value : {};
  return {
    de: usable(texts.de) ? texts.de : usable(texts.default) ? texts.default : de,
    en: usable(texts.en) ? texts.en : usable(texts.default) ? texts.default : en,
  };
}

function optionsOfElement(element: Json): { value: string; label: Text }[] {
  if (element.type === "boolean") {
    return [
      { value: "true", label: ownOr(element.labelTrue, "Ja", "Yes") },
      { value: "false", label: ownOr(element.labelFalse, "Nein", "No") },
    ];
  }
  if (element.type === "rating") {
    if (Array.isArray(element.rateValues) && element.rateValues.length > 0) return listed(element.rateValues);
    const options = [];
    for (let value = element.rateMin ?? 1; value <= (element.rateMax ?? 5); value += element.rateStep ?? 1) {
      options.push({ value: String(value), label: { de: String(value), en: String(value) } });
    }
    return options;
  }
  // After the choices, as SurveyJS lists them: none, refuse, don't know, other.
  const options = listed(element.choices);
  if (element.showNoneItem || element.hasNone) options.push({ value: "none", label: ownOr(element.noneText, "Nichts trifft zu", "None") });
  if (element.showRefuseItem) options.push({ value: "refused", label: ownOr(element.refuseText, "Antwort verweigern", "Refuse to answer") });
  if (element.showDontKnowItem) options.push({ value: "dontknow", label: ownOr(element.dontKnowText, "Weiß ich nicht", "Don't know") });
  if (element.showOtherItem || element.hasOther) options.push({ value: "other", label: ownOr(element.otherText, "Sonstiges (Bitte angeben)", "Other (describe)") });
  return options;
}

function kindOf(element: Json): string {
  if (["radiogroup", "dropdown", "boolean", "rating"].includes(element.type)) return "choice";
  if (["checkbox", "tagbox"].includes(element.type)) return "multiple";
  if (element.type === "matrix") return "matrix";
  if (element.type === "comment") return "text";
  if (element.type === "text") return ["number", "range"].includes(element.inputType) ? "numeric" : "text";
  if (element.type === "multipletext") return "multipletext";
  if (element.type === "paneldynamic") return "paneldynamic";
  return "other";
}

function isYear(element: Json): boolean {
  return /year$/i.test(String(element.name)) || (typeof element.min === "number" && element.min >= 1000 && element.min <= 3000);
}

/** The answerable elements of a definition in order (static panels opened). */
export function elementsOf(definition: Json): Json[] {
  const found: Json[] = [];
  const visit = (elements: unknown) => {
    for (const element of (elements as Json[] | undefined) ?? []) {
      if (element.type === "panel") visit(element.elements);
      else if (element.name && element.type !== "html" && element.type !== "image") found.push(element);
    }
  };
  for (const page of definition.pages ?? []) visit(page.elements);
  visit(definition.elements);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Units: what one question is aggregated over

/** One answer position: a respondent's answer, or one panel entry's. */
interface Unit {
  value: unknown;
  /** The object holding the answer (the answers, or the panel entry): "other" texts sit next to it. */
  container: Json;
  submittedAt: Date;
  responseId: string;
  position: number;
}

function texts(units: Unit[], request: ReferenceRequest) {
  const found = units.filter((unit) => textOf(unit.value) !== null);
  const search = request.q?.trim().toLowerCase();
  const matching = found.filter((unit) => !search || textOf(unit.value)!.toLowerCase().includes(search));
  matching.sort(
    (a, b) => b.submittedAt.getTime() - a.submittedAt.getTime() || compareText(a.responseId, b.responseId) || a.position - b.position,
  );
  return { n: found.length, total: matching.length, texts: matching.slice(0, request.textLimit ?? 200).map((unit) => textOf(unit.value)!) };
}

function choiceBody(element: Json, units: Unit[], request: ReferenceRequest, inPanel = false) {
  const counts = new Map<string, number>();
  const behind = new Map<string, Set<string>>();
  let n = 0;
  for (const unit of units) {
    const values = choiceValues(unit.value);
    if (values.length > 0) n++;
    for (const value of values) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
      addTo(behind, value, unit.responseId);
    }
  }
  const options = optionsOfElement(element);
  const body: Json = {
    n,
    ...(inPanel ? { respondents: respondentsOf(units.filter((unit) => choiceValues(unit.value).length > 0)) } : {}),
    options: optionsWithCounts(options, counts, inPanel ? behind : undefined),
  };
  if ((element.showOtherItem || element.hasOther) && element.type !== "boolean" && element.type !== "rating") {
    const chosenOther = units.filter((unit) => {
      const answer = unit.container[element.name];
      return answer === "other" || (Array.isArray(answer) && answer.includes("other"));
    });
    const other = texts(
      chosenOther.map((unit) => ({ ...unit, value: unit.container[`${element.name}-Comment`] })),
      request,
    );
    body.other = { count: counts.get("other") ?? 0, total: other.total, texts: other.texts };
  }
  const scored = options.filter((option) => !["other", "none", "refused", "dontknow"].includes(option.value));
  if (kindOf(element) === "choice" && scored.length > 0 && scored.every((option) => isNumeric(option.value))) {
    body.mean = mean([...counts.entries()].filter(([value]) => isNumeric(value)).map(([value, count]) => [Number(value), count]));
  }
  return body;
}

const NUMBER_WIDTHS: number[] = [];
for (let power = 1; power <= 1e15; power *= 10) NUMBER_WIDTHS.push(power, 2 * power, 5 * power);
const YEAR_WIDTHS = [1, 5, ...NUMBER_WIDTHS.filter((width) => width >= 10)];

interface Bins {
  lo: number;
  hi: number;
  width: number | null;
}

/** Bins from all values of the question (not of a group). */
function binsOf(values: number[], year: boolean): Bins | null {
  if (values.length === 0) return null;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  let width: number | null = null;
  if (values.every((value) => Number.isInteger(value))) {
    for (const candidate of year ? YEAR_WIDTHS : NUMBER_WIDTHS) {
      if (Math.floor(hi / candidate) - Math.floor(lo / candidate) + 1 <= (year ? 30 : 20)) {
        width = candidate;
        break;
      }
    }
  }
  return { lo, hi, width };
}

function quantile(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function numericBody(units: Unit[], bins: Bins | null, inPanel = false) {
  const numbered = units.filter((unit) => numberOf(unit.value) !== null);
  const values = numbered.map((unit) => numberOf(unit.value)!);
  const sorted = [...values].sort((a, b) => a - b);
  const n = values.length;
  let histogram: Json[] = [];
  /** A bin of the values `inBin` takes, inside a panel with the respondents behind them. */
  const binOf = (from: number, to: number, inBin: (value: number) => boolean) => {
    const members = numbered.filter((unit) => inBin(numberOf(unit.value)!));
    return { from, to, count: members.length, ...(inPanel ? { respondents: respondentsOf(members) } : {}) };
  };
  if (bins) {
    if (bins.width !== null) {
      const width = bins.width;
      const first = Math.floor(bins.lo / width);
      for (let bin = first; bin <= Math.floor(bins.hi / width); bin++) {
        histogram.push(binOf(bin * width, (bin + 1) * width, (value) => Math.floor(value / width) === bin));
      }
    } else if (bins.lo === bins.hi) {
      histogram = [binOf(bins.lo, bins.hi, () => true)];
    } else {
      const step = (bins.hi - bins.lo) / 10;
      for (let bin = 0; bin < 10; bin++) {
        histogram.push(binOf(bins.lo + bin * step, bin === 9 ? bins.hi : bins.lo + (bin + 1) * step, (value) => Math.min(Math.floor((value - bins.lo) / step), 9) === bin));
      }
    }
  }
  const distinct = [...new Set(sorted)];
  return {
    n,
    ...(inPanel ? { respondents: respondentsOf(numbered) } : {}),
    mean: n === 0 ? null : values.reduce((sum, value) => sum + value, 0) / n,
    median: n === 0 ? null : quantile(sorted, 0.5),
    q1: n === 0 ? null : quantile(sorted, 0.25),
    q3: n === 0 ? null : quantile(sorted, 0.75),
    min: n === 0 ? null : sorted[0]!,
    max: n === 0 ? null : sorted[n - 1]!,
    histogram,
    options:
      distinct.length > 30
        ? []
        : distinct.map((value) => ({ value: String(value), label: { de: String(value), en: String(value) }, count: values.filter((other) => other === value).length })),
  };
}

function matrixColumns(element: Json) {
  const columns = listed(element.columns);
  const meanOf = columns.length > 0 && columns.every((column) => isNumeric(column.value)) ? "value" : "position";
  return { meanOf, columns };
}

function matrixBody(element: Json, units: Unit[], inPanel = false) {
  const { meanOf, columns } = matrixColumns(element);
  const valid = (value: unknown) => (typeof value === "string" && value !== "") || typeof value === "number" || typeof value === "boolean";
  const answered = units.filter((unit) => isObject(unit.value) && Object.values(unit.value).some(valid));
  return {
    n: answered.length,
    ...(inPanel ? { respondents: respondentsOf(answered) } : {}),
    rows: listed(element.rows).map((row) => {
      const counts = new Map<string, number>();
      const behind = new Map<string, Set<string>>();
      const rowRespondents = new Set<string>();
      for (const unit of units) {
        const cell = isObject(unit.value) ? unit.value[row.value] : undefined;
        if (!valid(cell)) continue;
        counts.set(String(cell), (counts.get(String(cell)) ?? 0) + 1);
        addTo(behind, String(cell), unit.responseId);
        rowRespondents.add(unit.responseId);
      }
      const distribution = optionsWithCounts(columns, counts, inPanel ? behind : undefined);
      const scores: [number, number][] = [];
      columns.forEach((column, index) => {
        if (counts.has(column.value)) scores.push([meanOf === "value" ? Number(column.value) : index + 1, counts.get(column.value)!]);
      });
      return {
        value: row.value,
        label: row.label,
        n: [...counts.values()].reduce((sum, count) => sum + count, 0),
        ...(inPanel ? { respondents: rowRespondents.size } : {}),
        distribution,
        options: distribution,
        mean: mean(scores),
      };
    }),
  };
}

/**
 * The figures of one element over the given units; `all` are the units of the whole (ungrouped)
 * result, for histogram bins; `inPanel`: the units are a panel's entries (counts come with the
 * respondents behind them).
 */
function bodyOf(element: Json, units: Unit[], all: Unit[], request: ReferenceRequest, inPanel = false): Json {
  switch (kindOf(element)) {
    case "choice":
    case "multiple":
      return choiceBody(element, units, request, inPanel);
    case "numeric": {
      const values = all.map((unit) => numberOf(unit.value)).filter((value): value is number => value !== null);
      return numericBody(units, binsOf(values, isYear(element)), inPanel);
    }
    case "matrix":
      return matrixBody(element, units, inPanel);
    case "text": {
      const body = texts(units, request);
      return inPanel ? { ...body, respondents: respondentsOf(units.filter((unit) => textOf(unit.value) !== null)) } : body;
    }
    case "multipletext": {
      const answered = (value: unknown) =>
        typeof value === "number" || typeof value === "boolean" || (typeof value === "string" && trimmed(value) !== "");
      const answeredUnits = units.filter((unit) => isObject(unit.value) && Object.values(unit.value).some(answered));
      const n = answeredUnits.length;
      const itemUnits = (list: Unit[], name: string) => list.map((unit) => ({ ...unit, value: isObject(unit.value) ? unit.value[name] : undefined }));
      return {
        n,
        ...(inPanel ? { respondents: respondentsOf(answeredUnits) } : {}),
        items: (element.items as Json[]).map((item) => {
          const itemElement = { type: "text", inputType: item.inputType, name: item.name, min: item.min };
          const kind = kindOf(itemElement);
          return {
            name: item.name,
            title: text(item.title, item.name),
            type: "text",
            kind,
            ...(kind === "numeric" ? { scale: isYear(itemElement) ? "year" : "number" } : {}),
            ...bodyOf(itemElement, itemUnits(units, item.name), itemUnits(all, item.name), request, inPanel),
          };
        }),
      };
    }
    case "paneldynamic": {
      // Only entries with content count: not empty rows, not rows holding only untouched defaults.
      const entriesOf = (list: Unit[]) =>
        list.flatMap((unit) =>
          Array.isArray(unit.value)
            ? unit.value
                .map((entry, index) => ({ value: entry, container: isObject(entry) ? entry : {}, submittedAt: unit.submittedAt, responseId: unit.responseId, position: index + 1 }))
                .filter((entry) => entryCounts(element, entry.value))
            : [],
        );
      const entries = entriesOf(units);
      const allEntries = entriesOf(all);
      const fieldUnits = (list: Unit[], name: string) => list.map((entry) => ({ ...entry, value: isObject(entry.value) ? entry.value[name] : undefined }));
      return {
        n: units.filter((unit) => Array.isArray(unit.value) && unit.value.some((entry) => entryCounts(element, entry))).length,
        entries: entries.length,
        fields: (element.templateElements as Json[]).map((field) => {
          const kind = field.type === "paneldynamic" ? "other" : kindOf(field);
          const answeredUnits = fieldUnits(entries, field.name).filter((unit) => isAnswered(unit.value));
          const body =
            kind === "other"
              ? { n: answeredUnits.length, respondents: respondentsOf(answeredUnits) }
              : bodyOf(field, fieldUnits(entries, field.name), fieldUnits(allEntries, field.name), request, true);
          return { name: field.name, title: text(field.title, field.name), type: field.type, kind, ...shapeOf(field, kind), ...body };
        }),
      };
    }
    default:
      return { n: units.filter((unit) => isAnswered(unit.value)).length };
  }
}

/** Whether a value holds something typed or chosen: a text with more than blanks, a number or a boolean, at any depth. */
function somethingIn(value: unknown): boolean {
  if (typeof value === "string") return trimmed(value) !== "";
  if (typeof value === "number" || typeof value === "boolean") return true;
  if (Array.isArray(value)) {
    for (const item of value) if (somethingIn(item)) return true;
    return false;
  }
  if (isObject(value)) {
    for (const key of Object.keys(value)) if (somethingIn(value[key])) return true;
  }
  return false;
}

/**
 * Whether a list entry counts: some field holds something, other than the untouched default of
 * its template question, and not in a computed field (expression, defaultValueExpression).
 */
function entryCounts(list: Json, entry: unknown): boolean {
  if (!isObject(entry)) return somethingIn(entry);
  for (const key of Object.keys(entry)) {
    const field = ((list.templateElements as Json[] | undefined) ?? []).find((candidate) => candidate.name === key);
    if (field && (field.type === "expression" || field.defaultValueExpression)) continue;
    if (field && field.defaultValue !== undefined && field.defaultValue !== null && JSON.stringify(field.defaultValue) === JSON.stringify(entry[key])) continue;
    if (somethingIn(entry[key])) return true;
  }
  return false;
}

function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

function shapeOf(element: Json, kind: string): Json {
  if (kind === "numeric") return { scale: isYear(element) ? "year" : "number" };
  if (kind === "matrix") return matrixColumns(element);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Filters and groups

function passes(response: ReferenceResponse, filter: ReferenceRequest["filter"]): boolean {
  if (response.status !== "submitted") return false;
  const recipients = filter?.recipients;
  const criteria =
    recipients &&
    (recipients.kind ||
      recipients.types?.length ||
      recipients.districtIds?.length ||
      recipients.lifePhases?.length ||
      recipients.fieldsOfAction?.length ||
      recipients.memberOfNetworkIds?.length);
  if (recipients && criteria) {
    const recipient = response.recipient;
    if (!recipient) return false;
    if (recipients.kind && recipient.kind !== recipients.kind) return false;
    if (recipients.types?.length && !recipients.types.map((type) => type.trim().toLowerCase()).includes(recipient.type.toLowerCase())) return false;
    if (recipients.districtIds?.length && !recipients.districtIds.includes(recipient.districtId ?? "")) return false;
    if (recipients.lifePhases?.length && !recipient.lifePhases.some((phase) => recipients.lifePhases!.includes(phase))) return false;
    if (recipients.fieldsOfAction?.length && !recipient.fieldsOfAction.some((field) => recipients.fieldsOfAction!.includes(field))) return false;
    if (recipients.memberOfNetworkIds?.length && !recipient.networkIds.some((id) => recipients.memberOfNetworkIds!.includes(id))) return false;
  }
  const answer = filter?.answer;
  if (answer && !choiceValues(response.answers[answer.question]).some((value) => answer.values.map(String).includes(value))) return false;
  return true;
}

function groupKeysOf(response: ReferenceResponse, groupBy: NonNullable<ReferenceRequest["groupBy"]>): (string | null)[] {
  const orNone = (keys: string[]) => (keys.length > 0 ? [...new Set(keys)] : [null]);
  if ("question" in groupBy) return orNone(choiceValues(response.answers[groupBy.question]));
  const recipient = response.recipient;
  switch (groupBy.recipient) {
    case "district":
      return [recipient?.districtId ?? null];
    case "kind":
      return [recipient?.kind ?? null];
    case "type":
      return [recipient && recipient.type.trim() !== "" ? recipient.type.trim() : null];
    case "lifePhase":
      return orNone(recipient?.lifePhases ?? []);
    case "fieldOfAction":
      return orNone(recipient?.fieldsOfAction ?? []);
    case "network":
      return orNone(recipient?.networkIds ?? []);
  }
  throw new Error(`unknown grouping ${JSON.stringify(groupBy)}`);
}

function knownGroupsOf(groupBy: NonNullable<ReferenceRequest["groupBy"]>, elements: Json[], directory: ReferenceDirectory) {
  if ("question" in groupBy) return optionsOfElement(elements.find((element) => element.name === groupBy.question)!).map((option) => ({ key: option.value, label: option.label }));
  switch (groupBy.recipient) {
    case "district":
      return directory.districts.map((district) => ({ key: district.id, label: { de: district.name, en: district.name } }));
    case "network":
      return directory.networks.map((network) => ({ key: network.id, label: { de: network.name, en: network.name } }));
    case "kind":
      return [
        { key: "institution", label: { de: "Einrichtung", en: "Institution" } },
        { key: "network", label: { de: "Netzwerk", en: "Network" } },
      ];
    case "lifePhase":
      return LIFE_PHASES.map((code) => ({ key: code as string, label: { de: LIFE_PHASE_LABELS[code].de, en: LIFE_PHASE_LABELS[code].en } }));
    case "fieldOfAction":
      return FIELDS_OF_ACTION.map((code) => ({ key: code as string, label: { de: FIELD_OF_ACTION_LABELS[code].de, en: FIELD_OF_ACTION_LABELS[code].en } }));
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// The whole result

/**
 * The expected body of GET /results and POST /results/query (without `counts`).
 */
export function referenceResults(definition: Json, responses: ReferenceResponse[], directory: ReferenceDirectory, request: ReferenceRequest = {}) {
  const elements = elementsOf(definition).filter((element) => !request.questions || request.questions.includes(element.name));
  const respondents = responses.filter((response) => passes(response, request.filter));
  const unitsOf = (list: ReferenceResponse[], element: Json): Unit[] =>
    list.map((response) => ({ value: response.answers[element.name], container: response.answers, submittedAt: response.submittedAt!, responseId: response.id, position: 0 }));

  let groups: { key: string | null; label: Text; n: number; members: ReferenceResponse[] }[] | undefined;
  if (request.groupBy) {
    const members = new Map<string | null, ReferenceResponse[]>();
    for (const respondent of respondents) {
      for (const key of groupKeysOf(respondent, request.groupBy)) members.set(key, [...(members.get(key) ?? []), respondent]);
    }
    const known = knownGroupsOf(request.groupBy, elementsOf(definition), directory);
    const found = [...members.keys()]
      .filter((key): key is string => key !== null && !known.some((group) => group.key === key))
      .sort((a, b) => a.localeCompare(b, "de"))
      .map((key) => ({ key, label: { de: key, en: key } }));
    groups = [...known, ...found].map((group) => ({ ...group, n: members.get(group.key)?.length ?? 0, members: members.get(group.key) ?? [] }));
    if (members.has(null)) groups.push({ key: null, label: { de: "Ohne Angabe", en: "Not specified" }, n: members.get(null)!.length, members: members.get(null)! });
  }

  const questions = elements.map((element) => {
    const kind = kindOf(element);
    const all = unitsOf(respondents, element);
    const overall = bodyOf(element, all, all, request);
    return {
      name: element.name,
      title: text(element.title, element.name),
      type: element.type,
      kind,
      ...shapeOf(element, kind),
      ...overall,
      answered: overall.n,
      ...(groups ? { groups: groups.map((group) => ({ key: group.key, ...bodyOf(element, unitsOf(group.members, element), all, request) })) } : {}),
    };
  });

  return {
    respondents: respondents.length,
    ...(groups ? { groups: groups.map(({ key, label, n }) => ({ key, label, n })) } : {}),
    questions,
  };
}

/** The expected body of POST /results/crosstab. */
export function referenceCrossTable(definition: Json, responses: ReferenceResponse[], rows: string, columns: string, filter?: ReferenceRequest["filter"]) {
  const elements = elementsOf(definition);
  const rowElement = elements.find((element) => element.name === rows)!;
  const columnElement = elements.find((element) => element.name === columns)!;
  const cells = new Map<string, number>();
  const rowTotals = new Map<string, number>();
  const columnTotals = new Map<string, number>();
  let n = 0;
  for (const response of responses.filter((candidate) => passes(candidate, filter))) {
    const rowValues = choiceValues(response.answers[rows]);
    const columnValues = choiceValues(response.answers[columns]);
    if (rowValues.length === 0 || columnValues.length === 0) continue;
    n++;
    for (const row of rowValues) rowTotals.set(row, (rowTotals.get(row) ?? 0) + 1);
    for (const column of columnValues) columnTotals.set(column, (columnTotals.get(column) ?? 0) + 1);
    for (const row of rowValues) for (const column of columnValues) cells.set(`${row}\u0000${column}`, (cells.get(`${row}\u0000${column}`) ?? 0) + 1);
  }
  const axis = (element: Json, totals: Map<string, number>) => ({
    name: element.name,
    title: text(element.title, element.name),
    kind: kindOf(element),
    values: optionsWithCounts(optionsOfElement(element), totals).map(({ value, label, count }) => ({ value, label, total: count })),
  });
  const rowAxis = axis(rowElement, rowTotals);
  const columnAxis = axis(columnElement, columnTotals);
  return {
    n,
    rows: rowAxis,
    columns: columnAxis,
    cells: rowAxis.values.map((row) => columnAxis.values.map((column) => cells.get(`${row.value}\u0000${column.value}`) ?? 0)),
  };
}

/** Rounds every number to 12 significant digits, so float sums in SQL and here compare equal. */
export function rounded<T>(value: T): T {
  if (typeof value === "number") return (Number.isInteger(value) ? value : Number(value.toPrecision(12))) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, rounded(item)])) as T;
  return value;
}

/**
 * Format of the question canon files in `questionnaires/<questionnaire>/<module>.json`.
 *
 * The canon is plain JSON in the repository so that wording changes are reviewed like code
 * and every item keeps a stable id across survey waves (comparison over time depends on it).
 * This module is the single source of truth for that format: the server loads the canon with
 * `readCanonFiles`, and `test/canon-files.test.ts` runs the same loader over every file.
 * `questionnaires/schema.json` mirrors these rules for editors; keep both in sync.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The four life phases of the NRW prevention chain ("Kein Kind zurücklassen!"). */
export const LIFE_PHASES = ["pregnancy_birth", "early_childhood", "school", "youth"] as const;
export type LifePhase = (typeof LIFE_PHASES)[number];

/** Fields of action (Handlungsfelder) used to classify offers, networks and items. */
export const FIELDS_OF_ACTION = ["health", "youth_welfare", "education", "social", "sport", "culture"] as const;
export type FieldOfAction = (typeof FIELDS_OF_ACTION)[number];

/** Questionnaires a module belongs to; the first part of every module and item id. */
export const QUESTIONNAIRES = ["actor", "network", "standards", "municipal"] as const;
export type Questionnaire = (typeof QUESTIONNAIRES)[number];

/**
 * Element properties the canon must not carry: the server renders `help` as the description,
 * the planner decides what is required, and the questionnaire builder adds all logic.
 */
export const FORBIDDEN_ELEMENT_KEYS = [
  "description",
  "isRequired",
  "visibleIf",
  "enableIf",
  "requiredIf",
  "resetValueIf",
  "setValueIf",
  "setValueExpression",
  "defaultValueExpression",
  "choicesVisibleIf",
  "choicesEnableIf",
] as const;

/** Stable machine codes: choice values, row/column values, sub-item names. */
export const CODE = /^[a-z][a-z0-9_]*$/;
/** Item ids: `<questionnaire>.<name>`; lowercase, dots and underscores only. */
export const ITEM_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const TOPIC = /^[a-z]+(_[a-z]+)*$/;

/** Every user-visible string is given in German (primary) and English. */
export const localizedTextSchema = z.strictObject({
  de: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/**
 * Written instead of a list of life phases or fields of action: the item applies across every
 * one of them (an institution's name, a network's structure). Filters find it under each.
 */
export const ALL_TAGS = "all";

/** Life phases or fields of action: `"all"`, or the codes the item is specifically about. */
function tagListSchema<const Code extends string>(codes: readonly [Code, ...Code[]]) {
  return z.union([z.literal(ALL_TAGS), z.array(z.enum(codes)).max(codes.length)], {
    error: `expected "${ALL_TAGS}" or a list of these codes: ${codes.join(", ")}`,
  });
}

/**
 * Tags as the API accepts them for an organisation's own items: lists may be empty (an imported
 * question nobody has tagged yet); the server stores a list naming every code as `"all"`.
 */
export const tagsSchema = z.strictObject({
  lifePhases: tagListSchema(LIFE_PHASES),
  fieldsOfAction: tagListSchema(FIELDS_OF_ACTION),
  /** Free lowercase words (structure, cooperation, access, …); see questionnaires/README.md. */
  topics: z.array(z.string().regex(TOPIC, "topics are lowercase words (a-z, underscore)")),
});
export type CanonItemTags = z.infer<typeof tagsSchema>;

/**
 * Tags of a shipped canon item: every item says which life phases and fields of action it is
 * about, or `"all"`. An empty list would hide the item from both filters, so it is rejected; so
 * are repeated codes and a list naming every code (write `"all"`, one way to say one thing).
 */
export const canonFileTagsSchema = tagsSchema.superRefine((tags, ctx) => {
  const lists = [
    ["lifePhases", tags.lifePhases, LIFE_PHASES],
    ["fieldsOfAction", tags.fieldsOfAction, FIELDS_OF_ACTION],
  ] as const;
  for (const [key, list, codes] of lists) {
    if (list === ALL_TAGS) continue;
    if (list.length === 0) {
      ctx.addIssue({ code: "custom", path: [key], message: `name the ${key} the item is about, or write "all" when it applies to every one` });
    } else if (new Set(list).size !== list.length) {
      ctx.addIssue({ code: "custom", path: [key], message: `${key} lists a code twice` });
    } else if (list.length === codes.length) {
      ctx.addIssue({ code: "custom", path: [key], message: `${key} names every code: write "all" instead` });
    }
  }
});

/** Arrays whose entries are choice-like `{ value, text }` objects with a stable code. */
const CODED_ARRAYS = new Set(["choices", "rows", "columns", "rateValues"]);
/** Arrays whose entries are named sub-questions (names are stored as answer keys). */
const NAMED_ARRAYS = new Set(["items", "templateElements", "elements"]);

/**
 * Walks a SurveyJS element and reports: half-localized objects (`de` without `en` or vice versa),
 * choice entries that are not `{ value: code, text: {de,en} }`, sub-questions without a code name,
 * and logic or requiredness at any depth.
 */
export function checkElementTree(node: unknown, at: (string | number)[], ctx: z.RefinementCtx): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => checkElementTree(child, [...at, i], ctx));
    return;
  }
  if (node === null || typeof node !== "object") return;
  const obj = node as Record<string, unknown>;
  if ("de" in obj || "en" in obj) {
    const parsed = localizedTextSchema.safeParse(obj);
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: at, message: "localized text needs non-empty `de` and `en` and nothing else" });
    }
    return;
  }
  for (const [key, value] of Object.entries(obj)) {
    const here = [...at, key];
    if ((FORBIDDEN_ELEMENT_KEYS as readonly string[]).includes(key)) {
      ctx.addIssue({ code: "custom", path: here, message: `\`${key}\` is not allowed in canon elements` });
      continue;
    }
    if (CODED_ARRAYS.has(key) && Array.isArray(value)) {
      value.forEach((entry, i) => {
        const e = entry as Record<string, unknown> | null;
        if (!e || typeof e !== "object" || typeof e.value !== "string" || !CODE.test(e.value) || !("text" in e)) {
          ctx.addIssue({ code: "custom", path: [...here, i], message: "expected { value: lower_snake_case code, text: {de,en} }" });
        }
      });
    }
    if (NAMED_ARRAYS.has(key) && Array.isArray(value)) {
      value.forEach((entry, i) => {
        const e = entry as Record<string, unknown> | null;
        if (!e || typeof e !== "object" || typeof e.name !== "string" || !CODE.test(e.name)) {
          ctx.addIssue({ code: "custom", path: [...here, i, "name"], message: "sub-question names are lower_snake_case codes" });
        }
      });
    }
    checkElementTree(value, here, ctx);
  }
}

/** One SurveyJS question JSON. Only the fields the platform relies on are typed. */
const elementSchema = z
  .looseObject({
    type: z.string().min(1),
    name: z.string().regex(ITEM_ID),
    title: localizedTextSchema,
  })
  .superRefine((el, ctx) => checkElementTree(el, [], ctx));

export const canonItemSchema = z
  .strictObject({
    /** Stable, globally unique, never reused; equals `element.name` (the answer key). */
    id: z.string().regex(ITEM_ID, "ids are lowercase `<questionnaire>.<name>` with dots/underscores"),
    /** Bumped when wording or options change, so answers stay tied to what was asked. */
    version: z.number().int().min(1),
    tags: canonFileTagsSchema,
    /** Shown under the question; the server renders it as the SurveyJS description. */
    help: localizedTextSchema,
    /** True on free-text items that could attract personal data about clients ("no glass citizen"). */
    personalDataWarning: z.boolean(),
    /** Provenance, e.g. "seeds/001 l. 1846". */
    source: z.string().min(1).optional(),
    element: elementSchema,
  })
  .superRefine((item, ctx) => {
    if (item.element.name !== item.id) {
      ctx.addIssue({ code: "custom", path: ["element", "name"], message: `element.name must equal id "${item.id}"` });
    }
  });
export type CanonItem = z.infer<typeof canonItemSchema>;

export const canonFileSchema = z
  .strictObject({
    questionnaire: z.enum(QUESTIONNAIRES),
    /** `<questionnaire>.<short-name>`; the file is `questionnaires/<questionnaire>/<short-name>.json`. */
    module: z.string().regex(/^[a-z]+\.[a-z][a-z0-9_]*$/),
    title: localizedTextSchema,
    description: localizedTextSchema.optional(),
    items: z.array(canonItemSchema).min(1),
  })
  .superRefine((file, ctx) => {
    if (!file.module.startsWith(`${file.questionnaire}.`)) {
      ctx.addIssue({ code: "custom", path: ["module"], message: `module must start with "${file.questionnaire}."` });
    }
    file.items.forEach((item, i) => {
      if (!item.id.startsWith(`${file.questionnaire}.`)) {
        ctx.addIssue({ code: "custom", path: ["items", i, "id"], message: `item ids must start with "${file.questionnaire}."` });
      }
    });
  });
export type CanonModule = z.infer<typeof canonFileSchema>;

/** Default canon location, resolved from this file so it works regardless of the working directory. */
const DEFAULT_DIR = new URL("../../questionnaires/", import.meta.url);

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  at ${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("\n");
}

/**
 * Reads and validates every canon file (`**\/*.json` except `schema.json`), sorted by path.
 * Throws on the first invalid file (message names the file and the issue paths), when a file's
 * location does not match its `module`, or when an item id occurs twice across all files.
 */
export async function readCanonFiles(dir: string | URL = DEFAULT_DIR): Promise<CanonModule[]> {
  const root = dir instanceof URL ? fileURLToPath(dir) : path.resolve(dir);
  const entries = await readdir(root, { recursive: true });
  const files = entries
    .map((entry) => entry.split(path.sep).join("/"))
    // templates/ holds survey templates (server/surveys/load-templates.ts), not canon items.
    .filter((rel) => rel.endsWith(".json") && path.posix.basename(rel) !== "schema.json" && !rel.startsWith("templates/"))
    .sort();

  const modules: CanonModule[] = [];
  const seenIds = new Map<string, string>();
  for (const rel of files) {
    const file = path.join(root, rel);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, "utf8"));
    } catch (err) {
      throw new Error(`Canon file ${rel}: invalid JSON: ${(err as Error).message}`);
    }
    const parsed = canonFileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`Canon file ${rel} is invalid:\n${formatIssues(parsed.error)}`);
    }
    const mod = parsed.data;
    const [questionnaire, shortName] = mod.module.split(".");
    const expected = `${questionnaire}/${shortName}.json`;
    if (rel !== expected) {
      throw new Error(`Canon file ${rel}: module "${mod.module}" must live in ${expected}`);
    }
    for (const item of mod.items) {
      const other = seenIds.get(item.id);
      if (other) {
        throw new Error(`Canon file ${rel}: duplicate item id "${item.id}" (also in ${other})`);
      }
      seenIds.set(item.id, rel);
    }
    modules.push(mod);
  }
  return modules;
}

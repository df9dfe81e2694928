/**
 * Checks the question canon in questionnaires/: the format (via readCanonFiles), full German and
 * English wording, that SurveyJS accepts and renders every element, the minimum content of each
 * questionnaire, and the personal-data warning on free-text items.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { Model } from "survey-core";
import "survey-core/i18n/german";
import {
  ALL_TAGS,
  FIELDS_OF_ACTION,
  LIFE_PHASES,
  canonFileSchema,
  readCanonFiles,
  type CanonItem,
  type CanonModule,
} from "../server/canon/canon-file-format.ts";

const modules: CanonModule[] = await readCanonFiles();
const items: CanonItem[] = modules.flatMap((m) => m.items);
const itemCases = items.map((item) => [item.id, item] as const);

/** Keys whose value is shown to respondents and therefore must be `{de, en}`, never a bare string. */
const LOCALIZABLE_KEYS = new Set([
  "title",
  "text",
  "help",
  "description",
  "placeholder",
  "otherText",
  "otherPlaceholder",
  "noneText",
  "selectAllText",
  "commentText",
  "labelTrue",
  "labelFalse",
  "minRateDescription",
  "maxRateDescription",
  "panelAddText",
  "panelRemoveText",
  "templateTitle",
  "noEntriesText",
  "requiredErrorText",
  "html",
]);

/** Returns a list of problems: half-localized objects, empty translations, bare strings. */
function localizationProblems(node: unknown, at = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => localizationProblems(child, `${at}[${i}]`));
  if (node === null || typeof node !== "object") return [];
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  const hasDe = keys.includes("de");
  const hasEn = keys.includes("en");
  if (hasDe || hasEn) {
    if (!(hasDe && hasEn && keys.length === 2)) return [`${at}: expected exactly {de, en}, got {${keys.join(", ")}}`];
    const bad = (["de", "en"] as const).filter((k) => typeof obj[k] !== "string" || (obj[k] as string).trim() === "");
    return bad.map((k) => `${at}.${k}: empty or not a string`);
  }
  return keys.flatMap((key) => {
    const value = obj[key];
    if (LOCALIZABLE_KEYS.has(key) && typeof value === "string") return [`${at}.${key}: bare string "${value}"`];
    return localizationProblems(value, at ? `${at}.${key}` : key);
  });
}

/** Text inputs whose input type cannot carry prose. */
const NON_FREE_INPUT_TYPES = new Set(["number", "year", "email", "date", "datetime-local", "month", "week", "time", "range", "color", "url"]);

type El = Record<string, unknown> & { type?: string };

function isFreeText(el: El): boolean {
  switch (el.type) {
    case "comment":
      return true;
    case "text":
      return !NON_FREE_INPUT_TYPES.has(String(el.inputType ?? "text"));
    case "multipletext":
      return ((el.items as El[] | undefined) ?? []).some((sub) => !NON_FREE_INPUT_TYPES.has(String(sub.inputType ?? "text")));
    case "paneldynamic":
      return ((el.templateElements as El[] | undefined) ?? []).some(isFreeText);
    case "panel":
      return ((el.elements as El[] | undefined) ?? []).some(isFreeText);
    default:
      return false;
  }
}

/**
 * Free-text items that ask about the institution or network, not about people, so they carry no
 * personal-data warning. Comments are never exempt.
 */
const NOT_ABOUT_PEOPLE: Record<string, string> = {
  "actor.institution_name": "name of the institution",
  "actor.district": "location of the institution",
  "actor.network_list": "names of networks and the institution's role",
  "actor.offers": "names and attributes of offers",
  "network.name": "name of the network",
};

describe("canon files", () => {
  it("loads at least one module per questionnaire", () => {
    const questionnaires = new Set(modules.map((m) => m.questionnaire));
    expect([...questionnaires].sort()).toEqual(["actor", "municipal", "network", "standards"]);
  });

  it("has globally unique item ids", () => {
    const ids = items.map((i) => i.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
  });

  it("has the required number of items per questionnaire", () => {
    const count = (q: string) => modules.filter((m) => m.questionnaire === q).reduce((n, m) => n + m.items.length, 0);
    expect(count("actor")).toBeGreaterThanOrEqual(25);
    expect(count("network")).toBeGreaterThanOrEqual(25);
    expect(count("standards")).toBeGreaterThanOrEqual(7);
    expect(count("municipal")).toBeGreaterThanOrEqual(6);
  });

  it("contains the actor profile block and the verbatim network items from the source", () => {
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const id of ["actor.institution_name", "actor.provider_type", "actor.fields_of_action", "actor.district", "actor.life_phases", "actor.target_groups", "actor.offers"]) {
      expect(byId.has(id), id).toBe(true);
    }
    const titles = new Set(items.map((i) => i.element.title.de));
    for (const verbatim of [
      "Seit wann besteht das Netzwerk?",
      "Auf welchen Wirkungskreis bezieht sich das Netzwerk?",
      "Gibt es einen Fokus des Netzwerks?",
      "Nennen Sie die drei wesentlichsten Themen, die im Netzwerk behandelt werden.",
      "Sind die Ziele des Netzwerks festgeschrieben?",
      "Welche Akteure aus welchen Bereichen sind beteiligt?",
      "Wie nehmen Sie die Kooperation und das Netzwerk wahr?",
    ]) {
      expect(titles.has(verbatim), verbatim).toBe(true);
    }
    expect(byId.get("network.cooperation_perception")?.element.type).toBe("matrix");
  });

  it("has German and English module titles and descriptions", () => {
    for (const m of modules) {
      expect(localizationProblems({ title: m.title, description: m.description }), m.module).toEqual([]);
    }
  });

  it("lists only exemptions that exist and are not comments", () => {
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const id of Object.keys(NOT_ABOUT_PEOPLE)) {
      expect(byId.get(id)?.element.type, id).toBeDefined();
      expect(byId.get(id)?.element.type, id).not.toBe("comment");
    }
  });
});

describe.each(itemCases)("canon item %s", (_id, item) => {
  it("has German and English for every localized string", () => {
    expect(localizationProblems(item)).toEqual([]);
  });

  it("is accepted and rendered by survey-core", () => {
    const model = new Model({ elements: [item.element] });
    expect(model.jsonErrors ?? []).toEqual([]);
    const questions = model.getAllQuestions();
    expect(questions.length).toBeGreaterThanOrEqual(1);
    expect(questions[0].name).toBe(item.element.name);
    expect(item.element.name).toBe(item.id);

    model.locale = "de";
    expect(questions[0].title).toBe(item.element.title.de);
    model.locale = "en";
    expect(questions[0].title).toBe(item.element.title.en);
  });

  it("says which life phases and fields of action it is about, or that it applies to all", () => {
    for (const [list, vocabulary] of [
      [item.tags.lifePhases, LIFE_PHASES],
      [item.tags.fieldsOfAction, FIELDS_OF_ACTION],
    ] as const) {
      if (list === ALL_TAGS) continue;
      expect(list.length).toBeGreaterThan(0);
      expect(list.length).toBeLessThan(vocabulary.length);
    }
  });

  it("warns against personal data where free text is asked", () => {
    const free = isFreeText(item.element as El);
    if (item.element.type === "comment") {
      expect(item.personalDataWarning).toBe(true);
    } else if (free && !(item.id in NOT_ABOUT_PEOPLE)) {
      expect(item.personalDataWarning).toBe(true);
    }
  });
});

describe("readCanonFiles errors", () => {
  const validItem = (id: string) => ({
    id,
    version: 1,
    tags: { lifePhases: "all", fieldsOfAction: "all", topics: ["structure"] },
    help: { de: "Hilfe", en: "Help" },
    personalDataWarning: false,
    element: { type: "text", name: id, title: { de: "Titel", en: "Title" } },
  });
  const file = (module: string, items: unknown[]) => ({
    questionnaire: module.split(".")[0],
    module,
    title: { de: "Modul", en: "Module" },
    items,
  });

  async function withCanon(files: Record<string, unknown>, run: (dir: string) => Promise<void>) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "kanon-canon-"));
    try {
      for (const [rel, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
        await writeFile(path.join(dir, rel), JSON.stringify(content));
      }
      await run(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("names the file and the issue path of invalid content", async () => {
    const broken = validItem("actor.broken");
    (broken.element.title as Record<string, string>) = { de: "Nur Deutsch" };
    await withCanon({ "actor/bad.json": file("actor.bad", [broken]), "schema.json": { not: "a canon file" } }, async (dir) => {
      await expect(readCanonFiles(dir)).rejects.toThrow(/actor\/bad\.json[\s\S]*items\.0\.element\.title\.en/);
    });
  });

  it("rejects duplicate ids across files", async () => {
    await withCanon(
      { "actor/a.json": file("actor.a", [validItem("actor.same")]), "actor/b.json": file("actor.b", [validItem("actor.same")]) },
      async (dir) => {
        await expect(readCanonFiles(dir)).rejects.toThrow(/duplicate item id "actor\.same"/);
      },
    );
  });

  it("rejects a module stored under the wrong file name", async () => {
    await withCanon({ "actor/other.json": file("actor.profile", [validItem("actor.x")]) }, async (dir) => {
      await expect(readCanonFiles(dir)).rejects.toThrow(/actor\/profile\.json/);
    });
  });

  it("rejects logic and requiredness in elements", async () => {
    const item = validItem("actor.logic");
    Object.assign(item.element, { isRequired: true, visibleIf: "{actor.x} = 1" });
    await withCanon({ "actor/a.json": file("actor.a", [item]) }, async (dir) => {
      await expect(readCanonFiles(dir)).rejects.toThrow(/items\.0\.element\.isRequired/);
    });
  });
});

describe("canon tags", () => {
  /** A shipped canon file as it is on disk, to be changed in memory. */
  const original = async () => JSON.parse(await readFile(new URL("../questionnaires/network/cooperation.json", import.meta.url), "utf8"));
  const issuePaths = (raw: unknown) => {
    const parsed = canonFileSchema.safeParse(raw);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("accepts the shipped file as it is", async () => {
    expect(issuePaths(await original())).toEqual([]);
  });

  const untagged: [string, (tags: Record<string, unknown>) => void, RegExp][] = [
    ["no lifePhases", (tags) => delete tags.lifePhases, /^items\.0\.tags\.lifePhases: /],
    ["no fieldsOfAction", (tags) => delete tags.fieldsOfAction, /^items\.0\.tags\.fieldsOfAction: /],
    ["empty lifePhases", (tags) => (tags.lifePhases = []), /^items\.0\.tags\.lifePhases: .*or write "all"/],
    ["empty fieldsOfAction", (tags) => (tags.fieldsOfAction = []), /^items\.0\.tags\.fieldsOfAction: .*or write "all"/],
    ["every life phase listed", (tags) => (tags.lifePhases = [...LIFE_PHASES]), /^items\.0\.tags\.lifePhases: .*write "all" instead/],
    ["a field listed twice", (tags) => (tags.fieldsOfAction = ["health", "health"]), /^items\.0\.tags\.fieldsOfAction: .*twice/],
    ["another word than all", (tags) => (tags.lifePhases = "alle"), /^items\.0\.tags\.lifePhases: expected "all" or a list of these codes: pregnancy_birth, /],
    ["an unknown code", (tags) => (tags.lifePhases = ["kindheit"]), /^items\.0\.tags\.lifePhases: expected "all" or a list of these codes: pregnancy_birth, /],
  ];
  it.each(untagged)("rejects an item with %s", async (_case, change, expected) => {
    const file = await original();
    change(file.items[0].tags);
    const problems = issuePaths(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it("stops the loader (and so this test file and the server start) on an untagged item", async () => {
    const file = await original();
    file.items[3].tags.lifePhases = [];
    const dir = await mkdtemp(path.join(os.tmpdir(), "kanon-canon-"));
    try {
      await mkdir(path.join(dir, "network"));
      await writeFile(path.join(dir, "network", "cooperation.json"), JSON.stringify(file));
      await expect(readCanonFiles(dir)).rejects.toThrow(/network\/cooperation\.json[\s\S]*items\.3\.tags\.lifePhases/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("tags a sensible share of items specifically, and names the Frühe Hilfen item's phases and fields", () => {
    const general = items.filter((item) => item.tags.lifePhases === ALL_TAGS && item.tags.fieldsOfAction === ALL_TAGS);
    expect(general.length).toBeGreaterThan(50);
    expect(items.length - general.length).toBeGreaterThanOrEqual(3);
    const fruehe = items.find((item) => item.id === "network.fruehe_hilfen_cooperation")!;
    expect(fruehe.tags).toMatchObject({ lifePhases: ["pregnancy_birth", "early_childhood"], fieldsOfAction: ["youth_welfare", "health"] });
    expect(items.find((item) => item.id === "actor.institution_name")!.tags).toMatchObject({ lifePhases: ALL_TAGS, fieldsOfAction: ALL_TAGS });
  });
});

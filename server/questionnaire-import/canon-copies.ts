/**
 * "Auch als eigene Fragen in den Fragenkanon übernehmen": every question of an imported survey
 * (on a page or in a section, not the parts of a repeatable section or matrix) also becomes an
 * own canon item under the planner's free-text questionnaire label, and the survey's question
 * carries `canonId`/`canonVersion` of that item, so a later wave that picks the item compares
 * with this survey. The survey keeps its own copy with the original name, codes and logic; the
 * item is the reusable version of the question (texts as German/English, no logic, no
 * requiredness, the original value codes), marked with where it came from.
 */
import type { Transaction } from "kysely";
import type { Database, ImportSource, SurveyStructure } from "../db/schema.ts";
import { FORBIDDEN_ELEMENT_KEYS } from "../canon/canon-file-format.ts";
import { surveyCoreProblemsOf, type EditableElement } from "../canon/editable-element.ts";
import { insertOwnItem, newOwnModuleId } from "../canon/organisation-items.ts";
import type { SessionInfo } from "../lib/context.ts";
import { isOwnElement } from "../lib/survey-structure.ts";
import { cooperative } from "./import-limits.ts";
import type { ImportReport } from "./import-report.ts";
import { toLocalized } from "./localized-text.ts";

type Json = Record<string, unknown>;

/** Elements that ask nothing (or only compute): no canon item of their own. */
const NOT_ASKED = new Set(["panel", "html", "image", "expression"]);

export interface CanonCopies {
  questionnaire: string;
  module: { id: string; title: { de: string; en: string } };
  itemIds: string[];
}

/** Every question node to copy, in survey order (static panels opened). */
function questionsOf(structure: SurveyStructure): Json[] {
  const found: Json[] = [];
  const visit = (node: Json) => {
    if (node.type === "panel") {
      for (const child of Array.isArray(node.elements) ? node.elements : []) if (child && typeof child === "object") visit(child as Json);
      return;
    }
    if (!NOT_ASKED.has(String(node.type))) found.push(node);
  };
  for (const page of structure.pages) for (const placed of page.elements) if (isOwnElement(placed)) visit(placed.element);
  return found;
}

/** The canon version of one question: German/English title, help from its description, no logic. */
function itemElementOf(node: Json): { element: Json; help: { de: string; en: string } } {
  const element = structuredClone(node);
  const help = toLocalized(element.description) ?? { de: "", en: "" };
  for (const key of [...FORBIDDEN_ELEMENT_KEYS, "canonId", "canonVersion"]) delete element[key];
  const name = String(node.name);
  element.title = toLocalized(element.title) ?? { de: name, en: name };
  return { element, help };
}

/**
 * Creates the items (in the transaction of the import) and marks the survey's questions with
 * them, in place. The label becomes the items' questionnaire and the title of their module.
 */
export async function createCanonCopies(
  trx: Transaction<Database>,
  session: Pick<SessionInfo, "organisationId" | "userId">,
  structure: SurveyStructure,
  label: string,
  source: Omit<ImportSource, "questionName" | "report">,
  report: ImportReport,
): Promise<CanonCopies> {
  const module = { id: newOwnModuleId(label), title: { de: label, en: label } };
  const itemIds: string[] = [];
  const pause = cooperative(10);
  for (const [position, node] of questionsOf(structure).entries()) {
    await pause();
    const { element, help } = itemElementOf(node);
    const problems = surveyCoreProblemsOf({ ...element, name: "own.check" });
    if (problems.length > 0) {
      report.changed(String(node.name), {
        de: `nicht in den Fragenkanon übernommen (nur in der Umfrage): ${problems.join("; ")}`,
        en: `not taken into the canon (only in the survey): ${problems.join("; ")}`,
      });
      continue;
    }
    const row = await insertOwnItem(
      trx,
      session,
      {
        questionnaire: label,
        module,
        tags: { lifePhases: [], fieldsOfAction: [], topics: [] },
        help,
        personalDataWarning: false,
        element: element as EditableElement,
      },
      "import",
      (element.title as { de: string }).de,
      position,
      { ...source, questionName: String(node.name) },
    );
    node.canonId = row.item_id;
    node.canonVersion = row.version;
    itemIds.push(row.item_id);
  }
  return { questionnaire: label, module, itemIds };
}

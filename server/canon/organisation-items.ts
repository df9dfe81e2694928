/**
 * The organisation canon: items a planner's organisation adds beside the shipped canon, through
 * the form editor or an import. The server assigns the id (`own.<slug>_<random>`, unique and never
 * reused), each edit is a new version, and an item can be retired and brought back. Every query
 * is scoped by the organisation of the session; the shipped canon is read-only for everyone.
 *
 * @example
 * const row = await createOrganisationItem(db, session, { questionnaire: "actor", tags, help, personalDataWarning: false, element }, "editor");
 * await reviseOrganisationItem(db, session, row.item_id, { ...draft, optionMapping });
 */
import { randomBytes } from "node:crypto";
import { z } from "@hono/zod-openapi";
import type { Kysely, Transaction } from "kysely";
import type { CanonTags, Database, ImportSource, LocalizedText } from "../db/schema.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import type { SessionInfo } from "../lib/context.ts";
import { foldForSearch } from "../lib/search-text.ts";
import type { CanonItemRow } from "./canon-catalogue.ts";
import { ITEM_ID, localizedTextSchema, tagsSchema } from "./canon-file-format.ts";
import { canonSearchText } from "./canon-search.ts";
import { normalizedTags } from "./canon-tags.ts";
import { assertAcceptedBySurveyCore, containsComment, editableElementSchema, type EditableElement } from "./editable-element.ts";
import { optionMappingInputSchema, resolveOptionMapping, type OptionMappingInput } from "./option-mapping.ts";

type Db = Kysely<Database> | Transaction<Database>;

/** Module ids: a shipped module, or one of the organisation's own (`own.<name>`). */
const MODULE_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export const moduleInputSchema = z.object({
  id: z.string().max(100).regex(MODULE_ID, "module ids are lowercase `own.<name>` (or a shipped module such as actor.profile)"),
  title: localizedTextSchema,
});

/** What the form editor sends for a new item. */
/** A shipped questionnaire (actor, network, standards, municipal) or a label of the organisation's own, e.g. "Jugendbefragung 2024". */
export const questionnaireLabelSchema = z.string().trim().min(1).max(100);

export const newItemSchema = z
  .object({
    questionnaire: questionnaireLabelSchema,
    /** Omitted: the questionnaire's module of own questions (`own.<questionnaire>`). */
    module: moduleInputSchema.optional(),
    tags: tagsSchema,
    help: localizedTextSchema,
    personalDataWarning: z.boolean(),
    element: editableElementSchema,
  })
  .openapi("NewCanonItem");
export type NewItem = z.infer<typeof newItemSchema>;

/** A new version of an own item: the full item again, plus the option mapping when the answer values changed. */
export const itemRevisionSchema = newItemSchema
  .extend({
    /** Omitted: the questionnaire stays. */
    questionnaire: questionnaireLabelSchema.optional(),
    /** Omitted: the module stays (the default module of own questions follows the questionnaire). */
    module: moduleInputSchema.optional(),
    /** Required when the answer values (choices, rating values, matrix columns) differ from the previous version. */
    optionMapping: optionMappingInputSchema.optional(),
    /** The version the edit started from; when another version was saved meanwhile the request fails with 409. */
    baseVersion: z.number().int().min(1).optional(),
  })
  .openapi("CanonItemRevision");
export type ItemRevision = z.infer<typeof itemRevisionSchema>;

export type ItemOrigin = "editor" | "import";

const OWN_MODULE_TITLE: LocalizedText = { de: "Eigene Fragen", en: "Own questions" };

/** A lowercase code from free text: "Anzahl der Kita-Plätze" → "anzahl_der_kita_plaetze" (at most `maxLength`). */
export function slugOf(text: string, maxLength = 32): string {
  const slug = foldForSearch(text)
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, maxLength)
    .replace(/_+$/, "");
  if (!slug) return "";
  return /^[a-z]/.test(slug) ? slug : `q_${slug}`.slice(0, maxLength);
}

const RANDOM_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

function randomSuffix(length = 5): string {
  return [...randomBytes(length)].map((byte) => RANDOM_ALPHABET[byte % RANDOM_ALPHABET.length]).join("");
}

/** A fresh item id from a German title: `own.<slug>_<random>`; 5 random characters make collisions rare, the primary key makes them impossible. */
export function newOwnItemId(germanTitle: string): string {
  return `own.${slugOf(germanTitle) || "frage"}_${randomSuffix()}`;
}

/** A fresh module id for imported questions: `own.<slug>_<random>`. */
export function newOwnModuleId(title: string): string {
  return `own.${slugOf(title, 24) || "import"}_${randomSuffix(4)}`;
}

/** The module an own item goes into; a shipped module keeps its canon title and questionnaire. */
async function resolveModule(db: Db, questionnaire: string, module: NewItem["module"]): Promise<{ id: string; title: LocalizedText }> {
  if (!module) return { id: `own.${questionnaire}`, title: OWN_MODULE_TITLE };
  const shipped = await db
    .selectFrom("canon_items")
    .select(["questionnaire", "module_title"])
    .where("module", "=", module.id)
    .where("organisation_id", "is", null)
    .limit(1)
    .executeTakeFirst();
  if (shipped) {
    if (shipped.questionnaire !== questionnaire) {
      throw new ApiError(400, "module_questionnaire_mismatch", {
        de: `Das Modul ${module.id} gehört zum Fragebogen „${shipped.questionnaire}“, nicht zu „${questionnaire}“.`,
        en: `The module ${module.id} belongs to the questionnaire "${shipped.questionnaire}", not "${questionnaire}".`,
      });
    }
    return { id: module.id, title: shipped.module_title };
  }
  if (!module.id.startsWith("own.")) {
    throw new ApiError(400, "unknown_module", {
      de: `Das Modul ${module.id} gibt es im Kanon nicht. Eigene Module beginnen mit „own.“.`,
      en: `The canon has no module ${module.id}. Own modules start with "own.".`,
    });
  }
  return module;
}

/** The element as stored: named by its item id. Throws 400 when survey-core does not accept it. */
function storedElement(element: EditableElement, itemId: string): Record<string, unknown> {
  const named = { ...element, name: itemId };
  assertAcceptedBySurveyCore(named);
  return named;
}

interface ItemContent {
  questionnaire: string;
  module: { id: string; title: LocalizedText };
  tags: CanonTags;
  help: LocalizedText;
  personalDataWarning: boolean;
  element: Record<string, unknown>;
}

function rowValues(itemId: string, version: number, organisationId: string, content: ItemContent, origin: ItemOrigin | "canon") {
  const tags = normalizedTags(content.tags);
  return {
    item_id: itemId,
    version,
    organisation_id: organisationId,
    questionnaire: content.questionnaire,
    module: content.module.id,
    module_title: JSON.stringify(content.module.title),
    tags: JSON.stringify(tags),
    help: JSON.stringify(content.help),
    // Comments are never exempt from the warning (see questionnaires/README.md), except where an
    // import brought them: there the organisation decides where the warning belongs.
    personal_data_warning: content.personalDataWarning || (origin !== "import" && containsComment(content.element)),
    element: JSON.stringify(content.element),
    search_text: canonSearchText({ itemId, element: content.element, help: content.help, moduleTitle: content.module.title, tags }),
  };
}

/**
 * Inserts version 1 of a new own item under a fresh id made from `idFrom` (retrying on the rare
 * id collision). The element is validated with survey-core; 400 otherwise. `position` orders
 * items within their module (imports keep the survey's order).
 */
export async function insertOwnItem(
  db: Db,
  session: Pick<SessionInfo, "organisationId" | "userId">,
  content: Omit<ItemContent, "element"> & { element: EditableElement },
  origin: ItemOrigin,
  idFrom: string,
  position = 0,
  importSource?: ImportSource,
): Promise<CanonItemRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const itemId = newOwnItemId(idFrom);
    const element = storedElement(content.element, itemId);
    const inserted = await db
      .insertInto("canon_items")
      .values({
        ...rowValues(itemId, 1, session.organisationId, { ...content, element }, origin),
        position,
        origin,
        created_by: session.userId,
        ...(importSource ? { import_source: JSON.stringify(importSource) } : {}),
      })
      .onConflict((conflict) => conflict.columns(["item_id", "version"]).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return inserted;
  }
  throw new Error("could not find a free item id");
}

/** Creates an item in the organisation's canon from the form editor (version 1, origin "editor"). */
export async function createOrganisationItem(db: Kysely<Database>, session: SessionInfo, item: NewItem): Promise<CanonItemRow> {
  const module = await resolveModule(db, item.questionnaire, item.module);
  return insertOwnItem(db, session, { ...item, module }, "editor", item.element.title.de);
}

/**
 * The latest version of an item the organisation may change. Shipped items answer 403
 * (read-only), other organisations' items and unknown ids 404.
 */
export async function findOwnItemForChange(db: Db, organisationId: string, itemId: string): Promise<CanonItemRow> {
  const latest = await db
    .selectFrom("canon_items")
    .selectAll()
    .where("item_id", "=", itemId)
    .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest) throw notFound("Canon item");
  if (latest.organisation_id === null) {
    throw new ApiError(403, "canon_item_read_only", {
      de: "Fragen aus dem mitgelieferten Kanon können nicht geändert werden. Legen Sie stattdessen eine eigene Frage an.",
      en: "Items of the shipped canon are read-only. Create an own item instead.",
    });
  }
  return latest;
}

/**
 * Saves version n+1 of an own item. The earlier versions stay untouched (surveys reference
 * them). When the answer values changed, `optionMapping` must map every old value that
 * disappeared; it is stored as `{ fromVersion: n, map, break }`.
 */
export async function reviseOrganisationItem(db: Kysely<Database>, session: SessionInfo, itemId: string, revision: ItemRevision): Promise<CanonItemRow> {
  const previous = await findOwnItemForChange(db, session.organisationId, itemId);
  if (previous.retired_at !== null) {
    throw new ApiError(409, "item_retired", {
      de: "Die Frage ist zurückgezogen. Holen Sie sie zuerst zurück, um sie zu bearbeiten.",
      en: "The item is retired. Bring it back before editing it.",
    });
  }
  if (revision.baseVersion !== undefined && revision.baseVersion !== previous.version) {
    throw versionConflict(previous.version);
  }
  const questionnaire = revision.questionnaire ?? previous.questionnaire;
  // Without a module the item stays where it is; from the default module of own questions it
  // follows a change of questionnaire, and a shipped module is checked against the new questionnaire.
  const keptModule = previous.module === `own.${previous.questionnaire}` ? undefined : { id: previous.module, title: previous.module_title };
  const module = await resolveModule(db, questionnaire, revision.module ?? keptModule);
  const element = storedElement(revision.element, itemId);
  const optionMapping = resolveOptionMapping(previous, element, revision.optionMapping);
  const inserted = await db
    .insertInto("canon_items")
    .values({
      ...rowValues(itemId, previous.version + 1, session.organisationId, {
        questionnaire,
        module,
        tags: revision.tags,
        help: revision.help,
        personalDataWarning: revision.personalDataWarning,
        element,
      }, previous.origin),
      import_source: previous.import_source ? JSON.stringify(previous.import_source) : null,
      position: previous.position,
      origin: previous.origin,
      created_by: session.userId,
      option_mapping: optionMapping ? JSON.stringify(optionMapping) : null,
    })
    .onConflict((conflict) => conflict.columns(["item_id", "version"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) throw versionConflict(previous.version + 1);
  return inserted;
}

function versionConflict(latestVersion: number) {
  return new ApiError(
    409,
    "version_conflict",
    {
      de: `Inzwischen wurde eine andere Version dieser Frage gespeichert (Version ${latestVersion}). Bitte laden Sie die Frage neu.`,
      en: `Another version of this item was saved meanwhile (version ${latestVersion}). Please reload the item.`,
    },
    { latestVersion },
  );
}

/**
 * Retires (hides from the canon browser) or brings back an own item: all its versions. Surveys
 * that picked it keep it. Returns the latest version.
 */
export async function setItemRetired(db: Kysely<Database>, organisationId: string, itemId: string, retired: boolean): Promise<CanonItemRow> {
  await findOwnItemForChange(db, organisationId, itemId);
  await db
    .updateTable("canon_items")
    .set({ retired_at: retired ? new Date() : null })
    .where("item_id", "=", itemId)
    .where("organisation_id", "=", organisationId)
    .where("retired_at", retired ? "is" : "is not", null)
    .execute();
  return findOwnItemForChange(db, organisationId, itemId);
}

/** Every version of an item the organisation may see (shipped or own), oldest first; 404 otherwise. */
export async function itemVersions(db: Kysely<Database>, organisationId: string, itemId: string): Promise<CanonItemRow[]> {
  const rows = await db
    .selectFrom("canon_items")
    .selectAll()
    .where("item_id", "=", itemId)
    .where((eb) => eb.or([eb("organisation_id", "is", null), eb("organisation_id", "=", organisationId)]))
    .orderBy("version")
    .execute();
  if (rows.length === 0) throw notFound("Canon item");
  return rows;
}

/** Path parameter `{itemId}`: a canon item id. */
export const itemIdParam = z.object({
  itemId: z
    .string()
    .max(200)
    .regex(ITEM_ID, "item ids look like `actor.profile` or `own.name_x7k2p`")
    .openapi({ param: { name: "itemId", in: "path" }, example: "own.anzahl_der_plaetze_x7k2p" }),
});

export type { OptionMappingInput };

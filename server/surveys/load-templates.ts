import { readdir, readFile } from "node:fs/promises";
import { z } from "zod";
import { sql, type Kysely } from "kysely";
import type { Database, SurveyStructure } from "../db/schema.ts";
import { validateStructure } from "./survey-service.ts";

const templateFileSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  description: z.string(),
  texts: z.strictObject({
    title: z.string().min(1),
    intro: z.string(),
    closingText: z.string(),
    titleEn: z.string(),
    introEn: z.string(),
    closingTextEn: z.string(),
  }),
  structure: z.strictObject({
    pages: z.array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9_.-]+$/),
        title: z.strictObject({ de: z.string(), en: z.string() }).nullable(),
        elements: z.array(
          z.strictObject({
            itemId: z.string(),
            /** Omitted: the newest version in the canon when the template is loaded. */
            version: z.number().int().min(1).optional(),
            required: z.boolean().default(false),
            visibleIf: z.string().optional(),
          }),
        ),
      }),
    ),
  }),
});

export type TemplateFile = z.infer<typeof templateFileSchema>;

const templatesDirectory = new URL("../../questionnaires/templates/", import.meta.url);

export async function readTemplateFiles(): Promise<TemplateFile[]> {
  const names = (await readdir(templatesDirectory)).filter((name) => name.endsWith(".json")).sort();
  return Promise.all(
    names.map(async (name) => {
      const parsed = templateFileSchema.safeParse(JSON.parse(await readFile(new URL(name, templatesDirectory), "utf8")));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new Error(`questionnaires/templates/${name}: ${issue.path.join(".")}: ${issue.message}`);
      }
      return parsed.data;
    }),
  );
}

/**
 * Loads the shipped templates (questionnaires/templates/) into the database, resolving item
 * versions left open to the newest shipped version and checking items and conditions like the
 * builder does. Shipped templates are Kanon's own, so a newer file replaces the stored one;
 * surveys made from a template are copies and never change.
 */
export async function loadTemplates(db: Kysely<Database>): Promise<number> {
  const files = await readTemplateFiles();
  const latest = new Map(
    (
      await db
        .selectFrom("canon_items")
        .select(["item_id", sql<number>`max(version)::int`.as("latest")])
        .where("organisation_id", "is", null)
        .groupBy("item_id")
        .execute()
    ).map((row) => [row.item_id, row.latest]),
  );
  for (const file of files) {
    const structure: SurveyStructure = {
      pages: file.structure.pages.map((page) => ({
        ...page,
        elements: page.elements.map((element) => ({ ...element, version: element.version ?? latest.get(element.itemId) ?? 0 })),
      })),
    };
    try {
      await validateStructure(db, "00000000-0000-0000-0000-000000000000", structure);
    } catch (error) {
      throw new Error(`questionnaires/templates/${file.key}.json: ${error instanceof Error ? error.message : String(error)}`);
    }
    const values = {
      template_key: file.key,
      name: file.name,
      description: file.description,
      texts: JSON.stringify(file.texts),
      structure: JSON.stringify(structure),
    };
    await db
      .insertInto("survey_templates")
      .values(values)
      .onConflict((conflict) =>
        conflict.column("template_key").doUpdateSet({ name: values.name, description: values.description, texts: values.texts, structure: values.structure }),
      )
      .execute();
  }
  return files.length;
}

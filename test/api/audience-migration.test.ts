import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "../../server/db/connection.ts";
import { migrateToLatest } from "../../server/db/connection.ts";
import { migrations } from "../../migrations/index.ts";
import { describeEachDatabase, openTestDatabase } from "../support/databases.ts";

/**
 * Surveys opened before surveys had an audience get one from their questions when the migration
 * runs (an open survey's audience is fixed; its frozen definition was built for professionals).
 */
describeEachDatabase("the audience migration", (kind) => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const before = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const { error } = await before.migrateTo("0010_example_organisation");
    if (error) throw error;
  });
  afterAll(() => database.close());

  it("gives opened surveys the audience of most of their questions and leaves drafts to follow theirs", async () => {
    const db = database.db;
    const { id: organisationId } = await db.insertInto("organisations").values({ name: "Stadt Wuppertal" }).returning("id").executeTakeFirstOrThrow();
    for (const [itemId, questionnaire] of [
      ["network.a", "network"],
      ["network.b", "network"],
      ["actor.a", "actor"],
    ] as const) {
      await sql`insert into canon_items (item_id, version, questionnaire, module, module_title, tags, help, personal_data_warning, element, search_text)
        values (${itemId}, 1, ${questionnaire}, 'm', '{"de": "M", "en": "M"}', '{"lifePhases": [], "fieldsOfAction": [], "topics": []}',
          '{"de": "", "en": ""}', false, '{"type": "text"}', '')`.execute(db);
    }
    const survey = async (title: string, itemIds: string[], opened: boolean) => {
      const structure = { pages: [{ id: "p", title: null, elements: itemIds.map((itemId) => ({ itemId, version: 1, required: false })) }] };
      const row = await sql<{ id: string }>`insert into surveys (organisation_id, title, intro, structure, status, definition)
        values (${organisationId}, ${title}, '', ${JSON.stringify(structure)}::jsonb, ${opened ? "open" : "draft"},
          ${opened ? JSON.stringify({ pages: [] }) : null}::jsonb) returning id`.execute(db);
      return row.rows[0]!.id;
    };
    const networks = await survey("Netzwerke", ["network.a", "network.b", "actor.a"], true);
    const tie = await survey("Halb und halb", ["network.a", "actor.a"], true);
    const draft = await survey("Entwurf", ["network.a"], false);

    await migrateToLatest(db);

    const audiences = Object.fromEntries(
      (await db.selectFrom("surveys").select(["id", "audience", "form_of_address", "privacy_notice"]).execute()).map((row) => [row.id, row]),
    );
    expect(audiences[networks]).toMatchObject({ audience: "networks", form_of_address: null, privacy_notice: "" });
    expect(audiences[tie]).toMatchObject({ audience: "institutions" });
    expect(audiences[draft]).toMatchObject({ audience: null });
  });
});

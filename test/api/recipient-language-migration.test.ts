import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations } from "../../migrations/index.ts";
import { migrateToLatest, type DatabaseHandle } from "../../server/db/connection.ts";
import { DEFAULT_TEMPLATES } from "../../server/recipients/mail-template.ts";
import { describeEachDatabase, openTestDatabase } from "../support/databases.ts";

/**
 * Migration 0011 on data written before it: a survey's own mail wording in Kanon's old layout
 * (German, then an English block after a `---` line) becomes a German and an English text; other
 * wording stays German; addresses stored with a punycode domain are stored in Unicode, so the
 * two forms are one address from then on.
 */
describeEachDatabase("migrating to mails per language", (kind) => {
  let database: DatabaseHandle;
  const ids = { organisation: "", survey: "", other: "", entry: "" };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo("0010_example_organisation");
    expect(error).toBeUndefined();
    const db = database.db;
    ids.organisation = (await db.insertInto("organisations").values({ name: "Stadt Alt" }).returning("id").executeTakeFirstOrThrow()).id;
    const survey = (title: string) =>
      sql<{ id: string }>`insert into surveys (organisation_id, title, intro, status, structure)
        values (${ids.organisation}, ${title}, '', 'open', '{"pages":[]}') returning id`.execute(db);
    ids.survey = (await survey("Bilingual")).rows[0]!.id;
    ids.other = (await survey("Own words")).rows[0]!.id;
    await sql`insert into survey_mail_templates (survey_id, organisation_id, kind, subject, body) values
      (${ids.survey}, ${ids.organisation}, 'invitation', 'Bitte: {{survey}}', ${"Guten Tag {{name}},\n\nhier: {{link}}\n\nGruß\n---\nPlease answer: {{link}}\nThanks"}),
      (${ids.other}, ${ids.organisation}, 'invitation', 'Eigene Worte', ${"Hallo,\n---\nkein zweiter Link, nur eine Linie\n\n{{link}}"})`.execute(db);
    await sql`insert into invitations (organisation_id, survey_id, email, name) values
      (${ids.organisation}, ${ids.survey}, 'kontakt@xn--brgerverein-musterstadt-cpc.de', 'Bürgerverein')`.execute(db);
    ids.entry = (
      await sql<{ id: string }>`insert into directory_entries (organisation_id, kind, name, emails)
        values (${ids.organisation}, 'institution', 'Bürgerverein', ${JSON.stringify(["kontakt@xn--brgerverein-musterstadt-cpc.de", "info@verein.de"])}::jsonb)
        returning id`.execute(db)
    ).rows[0]!.id;
    await migrateToLatest(db);
  });

  afterAll(async () => {
    await database?.close();
  });

  it("splits wording in the old bilingual layout into German and English, and keeps other wording German", async () => {
    const rows = await database.db
      .selectFrom("survey_mail_templates")
      .select(["survey_id", "language", "subject", "body"])
      .orderBy("survey_id")
      .orderBy("language")
      .execute();
    const of = (surveyId: string) => rows.filter((row) => row.survey_id === surveyId).map(({ language, subject, body }) => ({ language, subject, body }));
    expect(of(ids.survey)).toEqual([
      { language: "de", subject: "Bitte: {{survey}}", body: "Guten Tag {{name}},\n\nhier: {{link}}\n\nGruß" },
      { language: "en", subject: DEFAULT_TEMPLATES.en.invitation.subject, body: "Please answer: {{link}}\nThanks" },
    ]);
    expect(of(ids.other)).toEqual([{ language: "de", subject: "Eigene Worte", body: "Hallo,\n---\nkein zweiter Link, nur eine Linie\n\n{{link}}" }]);
  });

  it("stores addresses with an internationalised domain in Unicode, with German as everyone's language", async () => {
    const invitation = await database.db.selectFrom("invitations").select(["email", "language", "salutation"]).executeTakeFirstOrThrow();
    expect(invitation).toEqual({ email: "kontakt@bürgerverein-musterstadt.de", language: "de", salutation: null });
    const entry = await database.db.selectFrom("directory_entries").select(["emails", "language", "contact_salutation"]).where("id", "=", ids.entry).executeTakeFirstOrThrow();
    expect(entry).toEqual({ emails: ["kontakt@bürgerverein-musterstadt.de", "info@verein.de"], language: "de", contact_salutation: null });
  });
});

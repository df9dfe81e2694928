import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * The questionnaire builder and the organisation canon:
 * - canon items can be retired, record who made them and how a new version's answer options map
 *   to the previous version's (so waves stay comparable);
 * - a survey's questions become a structure of pages with required flags and conditions, and
 *   surveys get a closing text and English versions of their own texts;
 * - survey templates, shipped (organisation_id null) or saved by an organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table canon_items add column retired_at timestamptz;
    alter table canon_items add column created_by uuid references users(id) on delete set null;
    alter table canon_items add column origin text not null default 'canon' check (origin in ('canon', 'editor', 'import'));
    alter table canon_items add column option_mapping jsonb;

    alter table surveys add column structure jsonb not null default '{"pages": []}';
    update surveys set structure = jsonb_build_object(
      'pages',
      case when jsonb_array_length(items) = 0 then '[]'::jsonb
      else jsonb_build_array(jsonb_build_object(
        'id', 'page-1',
        'title', null,
        'elements', (select coalesce(jsonb_agg(item || '{"required": false}'::jsonb), '[]'::jsonb) from jsonb_array_elements(items) as item)
      )) end
    );
    alter table surveys drop column items;
    alter table surveys add column closing_text text not null default '';
    alter table surveys add column title_en text not null default '';
    alter table surveys add column intro_en text not null default '';
    alter table surveys add column closing_text_en text not null default '';

    create table survey_templates (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid references organisations(id) on delete cascade,
      template_key text unique,
      name text not null,
      description text not null default '',
      texts jsonb not null,
      structure jsonb not null,
      created_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    );
    create index survey_templates_organisation on survey_templates (organisation_id)
    `,
  );
}

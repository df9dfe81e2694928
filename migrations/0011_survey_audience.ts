import type { Kysely } from "kysely";
import { runStatements } from "./run-statements.ts";

/**
 * Surveys that speak to their audience: who is asked (institutions, networks or people), the
 * German form of address (Sie or du) and the survey's own privacy notice. Null audience or form
 * of address means "as Kanon suggests" (the audience from the questions, the address from the
 * audience); an empty notice means the default for the audience. Templates keep the same settings.
 *
 * A survey's audience is fixed when it is opened (its frozen definition was built for it), so
 * surveys opened before this migration get theirs now, the way the server derives it: networks
 * where most questions come from the network questionnaire, institutions otherwise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table surveys add column audience text check (audience in ('institutions', 'networks', 'people'));
    alter table surveys add column form_of_address text check (form_of_address in ('sie', 'du'));
    alter table surveys add column privacy_notice text not null default '';
    alter table surveys add column privacy_notice_en text not null default '';
    alter table survey_templates add column audience text check (audience in ('institutions', 'networks', 'people'));
    alter table survey_templates add column form_of_address text check (form_of_address in ('sie', 'du'));
    alter table survey_templates add column privacy_notice text not null default '';
    alter table survey_templates add column privacy_notice_en text not null default '';

    update surveys set audience = 'networks'
      where definition is not null and audience is null and (
        select count(*) filter (where items.questionnaire = 'network') * 2 > count(*)
        from jsonb_array_elements(surveys.structure -> 'pages') as pages(page)
          cross join lateral jsonb_array_elements(pages.page -> 'elements') as elements(element)
          join canon_items as items
            on items.item_id = elements.element ->> 'itemId' and items.version = (elements.element ->> 'version')::int
      );
    update surveys set audience = 'institutions' where definition is not null and audience is null
    `,
  );
}

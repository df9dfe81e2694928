import { useI18n } from "../lib/i18n.ts";
import { useMediaQuery } from "../lib/use-media-query.ts";
import type { BuilderPage } from "./builder-structure.ts";

interface BuilderOutlineProps {
  pages: BuilderPage[];
  /** Page names as the builder shows them ("Seite 2: Zusammenarbeit"). */
  pageName: (pageIndex: number) => string;
  /** Number of each page's first question in the whole survey. */
  firstNumbers: number[];
  /** Folded pages are listed without their questions, as in the builder. */
  isCollapsed: (pageId: string) => boolean;
  /** Goes to a page (its heading) or a question of it, opening a folded page first. */
  onJump: (pageId: string, itemId?: string) => void;
}

/** From this width the outline stands beside the pages; below it is a disclosure above them. */
export const WIDE_BUILDER_QUERY = "(min-width: 64rem)";

/**
 * The survey's table of contents: every page with its number of questions and (unless the page
 * is folded) the questions under it, each a link that moves the view and the keyboard focus there. Beside the pages (and
 * sticky) on wide screens; on phones a disclosure above them, so it costs no space until opened.
 */
export function BuilderOutline({ pages, pageName, firstNumbers, isCollapsed, onJump }: BuilderOutlineProps) {
  const { t, pick } = useI18n();
  const wide = useMediaQuery(WIDE_BUILDER_QUERY);
  const questionCount = pages.reduce((sum, page) => sum + page.elements.length, 0);

  const list = (
    <ol className="outline-pages">
      {pages.map((page, pageIndex) => (
        <li key={page.id}>
          <a
            href={`#builder-page-${page.id}`}
            className="outline-page"
            onClick={(event) => {
              event.preventDefault();
              onJump(page.id);
            }}
          >
            {pageName(pageIndex)}
          </a>{" "}
          <span className="meta">({t("builder.pageQuestionCount", { n: page.elements.length })})</span>
          {page.elements.length > 0 && !isCollapsed(page.id) && (
            <ol className="outline-questions">
              {page.elements.map((element, index) => (
                <li key={element.itemId}>
                  <a
                    href={`#builder-page-${page.id}`}
                    onClick={(event) => {
                      event.preventDefault();
                      onJump(page.id, element.itemId);
                    }}
                  >
                    <span className="question-number">{firstNumbers[pageIndex]! + index}.</span> {pick(element.title)}
                  </a>
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ol>
  );

  if (wide) {
    return (
      <nav className="builder-outline" aria-labelledby="builder-outline-heading">
        <h3 id="builder-outline-heading" className="outline-heading">
          {t("builder.outline")}
        </h3>
        {list}
      </nav>
    );
  }
  return (
    <details className="builder-outline builder-outline-disclosure">
      <summary>{t("builder.outlineSummary", { pages: pages.length, questions: questionCount })}</summary>
      <nav aria-label={t("builder.outline")}>{list}</nav>
    </details>
  );
}

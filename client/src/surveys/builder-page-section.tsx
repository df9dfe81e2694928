import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useRef, useState } from "react";
import { useI18n } from "../lib/i18n.ts";
import { canStep, earlierElements, type BuilderPage } from "./builder-structure.ts";
import { BuilderQuestion } from "./builder-question.tsx";
import { PageTitleForm } from "./page-title-form.tsx";

export const PAGE_DROP_PREFIX = "page:";

interface BuilderPageSectionProps {
  page: BuilderPage;
  pageIndex: number;
  pages: BuilderPage[];
  /** Number of the page's first question in the whole survey. */
  firstNumber: number;
  locked: boolean;
  isTarget: boolean;
  /** Folded: only the heading with the number of questions is shown. */
  collapsed: boolean;
  onToggle: () => void;
  conditionErrors: Map<string, string>;
  onStep: (itemId: string, delta: -1 | 1) => void;
  onMoveToPage: (itemId: string, pageId: string) => void;
  onRemove: (itemId: string) => void;
  onRequired: (itemId: string, required: boolean) => void;
  onCondition: (itemId: string, visibleIf: string | undefined) => void;
  onUpdateVersion: (itemId: string) => void;
  onRename: (title: { de: string; en: string }) => void;
  onMovePage: (delta: -1 | 1) => void;
  onDeletePage: () => void;
  onAddFromCanon: () => void;
}

/**
 * One page (section) of the survey: its title (a button that folds and opens the page) with
 * rename, move and delete, and its questions as a sortable list that also takes questions
 * dragged from other pages (an empty page is a drop target too). A folded page shows only its
 * heading and how many questions it holds.
 */
export function BuilderPageSection(props: BuilderPageSectionProps) {
  const { page, pageIndex, pages, locked, collapsed } = props;
  const { t, pick } = useI18n();
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const droppable = useDroppable({ id: `${PAGE_DROP_PREFIX}${page.id}`, disabled: locked, data: { type: "page" } });
  const headingId = `builder-page-${page.id}`;
  const contentId = `builder-page-content-${page.id}`;
  const title = page.title ? pick(page.title) : "";
  const heading = title ? t("builder.pageNamed", { n: pageIndex + 1, title }) : t("builder.pageNumber", { n: pageIndex + 1 });

  return (
    <section
      className={`builder-page${props.isTarget && !locked ? " is-target" : ""}${collapsed ? " is-collapsed" : ""}`}
      aria-labelledby={headingId}
      data-page-id={page.id}
    >
      <div className="builder-page-head">
        <h3 id={headingId} tabIndex={-1}>
          <button
            type="button"
            className="page-toggle"
            aria-expanded={!collapsed}
            aria-controls={contentId}
            data-page={page.id}
            data-action="toggle"
            onClick={props.onToggle}
          >
            <span className="page-toggle-icon" aria-hidden="true">
              {collapsed ? "▸" : "▾"}
            </span>
            {heading}
          </button>
        </h3>
        <span className="meta page-question-count">{t("builder.pageQuestionCount", { n: page.elements.length })}</span>
        {!locked && !renaming && (
          <div className="page-actions">
            <button
              type="button"
              className="button-small"
              ref={renameButton}
              aria-label={t("builder.renamePageLabel", { page: heading })}
              onClick={() => setRenaming(true)}
            >
              {t("builder.renamePage")}
            </button>
            <button
              type="button"
              className="button-small button-icon-small"
              disabled={pageIndex === 0}
              aria-label={t("builder.pageUpLabel", { page: heading })}
              title={t("builder.pageUp")}
              data-page={page.id}
              data-action="page-up"
              onClick={() => props.onMovePage(-1)}
            >
              <span aria-hidden="true">↑</span>
            </button>
            <button
              type="button"
              className="button-small button-icon-small"
              disabled={pageIndex === pages.length - 1}
              aria-label={t("builder.pageDownLabel", { page: heading })}
              title={t("builder.pageDown")}
              data-page={page.id}
              data-action="page-down"
              onClick={() => props.onMovePage(1)}
            >
              <span aria-hidden="true">↓</span>
            </button>
            <button
              type="button"
              className="button-small button-quiet button-danger"
              disabled={pages.length <= 1}
              aria-label={t("builder.deletePageLabel", { page: heading })}
              onClick={props.onDeletePage}
            >
              {t("builder.deletePage")}
            </button>
          </div>
        )}
      </div>
      {renaming && (
        <PageTitleForm
          title={page.title}
          pageNumber={pageIndex + 1}
          onSubmit={(next) => {
            props.onRename(next);
            setRenaming(false);
            requestAnimationFrame(() => renameButton.current?.focus());
          }}
          onCancel={() => {
            setRenaming(false);
            requestAnimationFrame(() => renameButton.current?.focus());
          }}
        />
      )}
      <div id={contentId} className="builder-page-content" hidden={collapsed}>
        {!collapsed && (
          <>
            <SortableContext items={page.elements.map((element) => element.itemId)} strategy={verticalListSortingStrategy}>
              <ol
                ref={droppable.setNodeRef}
                className={`picked-list builder-list${droppable.isOver ? " is-over" : ""}${page.elements.length === 0 ? " is-empty" : ""}`}
                aria-labelledby={headingId}
                start={props.firstNumber}
              >
                {page.elements.map((element, index) => (
                  <BuilderQuestion
                    key={element.itemId}
                    element={element}
                    number={props.firstNumber + index}
                    pageId={page.id}
                    pages={pages}
                    locked={locked}
                    canMoveUp={canStep(pages, element.itemId, -1)}
                    canMoveDown={canStep(pages, element.itemId, 1)}
                    earlier={earlierElements(pages, element.itemId)}
                    conditionError={props.conditionErrors.get(element.itemId)}
                    onStep={(delta) => props.onStep(element.itemId, delta)}
                    onMoveToPage={(pageId) => props.onMoveToPage(element.itemId, pageId)}
                    onRemove={() => props.onRemove(element.itemId)}
                    onRequired={(required) => props.onRequired(element.itemId, required)}
                    onCondition={(visibleIf) => props.onCondition(element.itemId, visibleIf)}
                    onUpdateVersion={() => props.onUpdateVersion(element.itemId)}
                  />
                ))}
                {page.elements.length === 0 && <li className="empty builder-empty">{locked ? t("builder.emptyPageLocked") : t("builder.emptyPage")}</li>}
              </ol>
            </SortableContext>
            {!locked && (
              <button type="button" className="button-small button-quiet" onClick={props.onAddFromCanon}>
                {t("builder.addFromCanon")}
                <span className="visually-hidden"> ({heading})</span>
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}

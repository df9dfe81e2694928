import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useId, useState } from "react";
import { isMessageKey, useI18n } from "../lib/i18n.ts";
import type { BuilderElement, BuilderPage } from "./builder-structure.ts";
import { ConditionEditor } from "./condition-editor.tsx";
import { ConditionSummary } from "./condition-summary.tsx";

export type QuestionAction = "up" | "down" | "remove" | "required" | "update" | "move";

interface BuilderQuestionProps {
  element: BuilderElement;
  number: number;
  pageId: string;
  pages: BuilderPage[];
  locked: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
  earlier: BuilderElement[];
  conditionError?: string;
  onStep: (delta: -1 | 1) => void;
  onMoveToPage: (pageId: string) => void;
  onRemove: () => void;
  onRequired: (required: boolean) => void;
  onCondition: (visibleIf: string | undefined) => void;
  onUpdateVersion: () => void;
}

/**
 * One placed question: a drag handle (pointer and keyboard via dnd-kit), explicit "nach
 * oben/unten" and "auf Seite …" controls, the required toggle, the condition and removal.
 * Every control names the question in its accessible name, since the list repeats them.
 * When the survey is open the row is read-only and only describes the question.
 */
export function BuilderQuestion(props: BuilderQuestionProps) {
  const { element, number, pageId, pages, locked, earlier } = props;
  const { t, pick } = useI18n();
  const id = useId();
  const title = pick(element.title);
  const otherTitle = element.title.de === element.title.en ? "" : pick({ de: element.title.en, en: element.title.de });
  const typeKey = `type.${element.type}`;
  const typeLabel = isMessageKey(typeKey) ? t(typeKey) : element.type;
  const otherPages = pages.filter((page) => page.id !== pageId);
  const [targetPage, setTargetPage] = useState("");
  const sortable = useSortable({ id: element.itemId, disabled: locked, data: { type: "question" } });
  /** An imported section (panel): moved and removed as a whole; its questions keep their own settings. */
  const isSection = element.own && element.type === "panel";

  const style = {
    transform: CSS.Transform.toString(sortable.transform),
    transition: sortable.transition,
  };

  const pageLabel = (page: BuilderPage) => {
    const index = pages.indexOf(page) + 1;
    return page.title ? t("builder.pageNamed", { n: index, title: pick(page.title) }) : t("builder.pageNumber", { n: index });
  };

  return (
    <li
      ref={sortable.setNodeRef}
      style={style}
      className={`picked-item builder-question${sortable.isDragging ? " is-dragging" : ""}`}
      data-item-id={element.itemId}
      // The page outline moves the focus here.
      tabIndex={-1}
    >
      {!locked && (
        <button
          type="button"
          className="drag-handle"
          ref={sortable.setActivatorNodeRef}
          {...sortable.attributes}
          {...sortable.listeners}
          aria-label={t("builder.dragLabel", { title })}
          title={t("builder.drag")}
        >
          <span aria-hidden="true">⠿</span>
        </button>
      )}
      <div className="picked-text">
        <span className="picked-title">
          <span className="question-number">{number}.</span> {title}
        </span>
        {otherTitle && (
          <span className="other-language" lang={pick({ de: "en", en: "de" })}>
            {otherTitle}
          </span>
        )}
        <span className="meta">
          {element.own ? (
            <>
              {t("import.ownBadge")} · {isSection ? t("import.sectionQuestions", { n: element.questionCount ?? 0 }) : typeLabel}
              {element.canonId && <> · {t("import.inCanon")}</>}
            </>
          ) : (
            <>
              {pick(element.moduleTitle)} · {typeLabel} · {t("builder.version", { n: element.version })}
            </>
          )}
          {locked && element.required && (
            <>
              {" · "}
              <strong>{t("builder.requiredBadge")}</strong>
            </>
          )}
        </span>
        {element.retired && <span className="badge badge-warning">{t("builder.retired")}</span>}
      </div>
      {!locked && (
        <div className="picked-actions">
          <button
            type="button"
            className="button-icon"
            data-item={element.itemId}
            data-action="up"
            disabled={!props.canMoveUp}
            aria-label={t("compose.moveUpLabel", { title })}
            title={t("compose.moveUp")}
            onClick={() => props.onStep(-1)}
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            className="button-icon"
            data-item={element.itemId}
            data-action="down"
            disabled={!props.canMoveDown}
            aria-label={t("compose.moveDownLabel", { title })}
            title={t("compose.moveDown")}
            onClick={() => props.onStep(1)}
          >
            <span aria-hidden="true">↓</span>
          </button>
        </div>
      )}

      {locked ? (
        element.visibleIf && (
          <div className="question-body">
            <ConditionSummary expression={element.visibleIf} questions={earlier} />
          </div>
        )
      ) : (
        <div className="question-body">
          <div className="question-controls">
            {!isSection && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={element.required}
                  data-item={element.itemId}
                  data-action="required"
                  aria-label={t("builder.requiredLabel", { title })}
                  onChange={(event) => props.onRequired(event.target.checked)}
                />
                {t("builder.required")}
              </label>
            )}
            {otherPages.length > 0 && (
              <div className="move-to-page">
                <label htmlFor={`${id}-page`} className="visually-hidden">
                  {t("builder.moveToPageLabel", { title })}
                </label>
                <select id={`${id}-page`} value={targetPage} onChange={(event) => setTargetPage(event.target.value)}>
                  <option value="">{t("builder.moveToPageChoose")}</option>
                  {otherPages.map((page) => (
                    <option key={page.id} value={page.id}>
                      {pageLabel(page)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="button-small"
                  disabled={!targetPage}
                  aria-label={t("builder.moveToPageButtonLabel", { title })}
                  onClick={() => {
                    props.onMoveToPage(targetPage);
                    setTargetPage("");
                  }}
                >
                  {t("builder.moveToPageButton")}
                </button>
              </div>
            )}
            {element.latestVersion > element.version && (
              <button
                type="button"
                className="button-small"
                aria-label={t("builder.updateVersionLabel", { n: element.latestVersion, title })}
                onClick={props.onUpdateVersion}
              >
                {t("builder.updateVersion", { n: element.latestVersion })}
              </button>
            )}
            <button
              type="button"
              className="button-small button-quiet button-danger"
              data-item={element.itemId}
              data-action="remove"
              aria-label={t("compose.removeLabel", { title })}
              onClick={props.onRemove}
            >
              {t("compose.remove")}
            </button>
          </div>
          {isSection ? (
            element.visibleIf && <ConditionSummary expression={element.visibleIf} questions={earlier} />
          ) : (
            <ConditionEditor element={element} earlier={earlier} onChange={props.onCondition} error={props.conditionError} />
          )}
        </div>
      )}
    </li>
  );
}

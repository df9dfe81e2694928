import {
  closestCorners,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { useMemo, useRef, useState } from "react";
import { useI18n } from "../lib/i18n.ts";
import { BuilderOutline } from "./builder-outline.tsx";
import { BuilderPageSection, PAGE_DROP_PREFIX } from "./builder-page-section.tsx";
import {
  addPage,
  allElements,
  deletePage,
  locate,
  moveElementTo,
  movePage,
  removeElement,
  renamePage,
  stepElement,
  updateElement,
  type BuilderPage,
} from "./builder-structure.ts";
import { useCollapsedPages } from "./collapsed-pages.ts";
import { DeletePageDialog } from "./delete-page-dialog.tsx";

interface SurveyBuilderProps {
  /** For remembering which pages the planner folded (per survey, in this browser). */
  surveyId: string;
  pages: BuilderPage[];
  locked: boolean;
  onChange: (pages: BuilderPage[]) => void;
  /** Problems with conditions, by item id (from the server or found before saving). */
  conditionErrors: Map<string, string>;
  targetPageId: string;
  /** "Fragen aus dem Kanon hierher": makes the page the target and goes to the canon. */
  onAddFromCanon: (pageId: string) => void;
}

/**
 * The questionnaire builder: pages (sections) with their questions. Questions move by drag and
 * drop (pointer, or keyboard: Space, arrows, Space), by the "nach oben/unten" buttons (which
 * cross page boundaries), or with "auf Seite …". dnd-kit announces drags in the UI language;
 * button moves are announced in a polite live region, and focus stays on the moved question.
 * Long surveys stay manageable: pages fold (each, or all at once) and an outline of pages and
 * questions jumps to any of them.
 */
export function SurveyBuilder({ surveyId, pages, locked, onChange, conditionErrors, targetPageId, onAddFromCanon }: SurveyBuilderProps) {
  const { t, pick } = useI18n();
  const root = useRef<HTMLDivElement>(null);
  const [dragPages, setDragPages] = useState<BuilderPage[] | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [deleting, setDeleting] = useState<string | null>(null);
  const shown = dragPages ?? pages;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const folding = useCollapsedPages(surveyId, pages);
  const jumpHighlight = useRef<{ element: HTMLElement; timer: number } | null>(null);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const pageName = (current: BuilderPage[], pageIndex: number) => {
    const page = current[pageIndex];
    const title = page?.title ? pick(page.title) : "";
    return title ? t("builder.pageNamed", { n: pageIndex + 1, title }) : t("builder.pageNumber", { n: pageIndex + 1 });
  };

  const titleOf = (id: UniqueIdentifier) => {
    const element = allElements(shownRef.current).find((candidate) => candidate.itemId === String(id));
    return element ? pick(element.title) : String(id);
  };

  /** "Position 2 von 5 auf Seite 1" for a drop target (a question or a page). */
  const placeOf = (id: UniqueIdentifier): string => {
    const current = shownRef.current;
    const key = String(id);
    if (key.startsWith(PAGE_DROP_PREFIX)) {
      const pageIndex = current.findIndex((page) => page.id === key.slice(PAGE_DROP_PREFIX.length));
      if (pageIndex < 0) return "";
      return t("dnd.endOfPage", { page: pageName(current, pageIndex) });
    }
    const position = locate(current, key);
    if (!position) return "";
    return t("dnd.position", {
      index: position.index + 1,
      count: current[position.pageIndex]!.elements.length,
      page: pageName(current, position.pageIndex),
    });
  };

  /** The drop target last announced; the first "over" is the question itself and is not repeated. */
  const announcedOver = useRef<UniqueIdentifier | null>(null);

  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      announcedOver.current = active.id;
      return t("dnd.start", { title: titleOf(active.id), place: placeOf(active.id) });
    },
    onDragOver: ({ active, over }) => {
      const previous = announcedOver.current;
      announcedOver.current = over?.id ?? null;
      if (over && over.id === previous) return undefined;
      return over ? t("dnd.over", { title: titleOf(active.id), place: placeOf(over.id) }) : t("dnd.outside", { title: titleOf(active.id) });
    },
    onDragEnd: ({ active, over }) =>
      over ? t("dnd.end", { title: titleOf(active.id), place: placeOf(active.id) }) : t("dnd.endOutside", { title: titleOf(active.id) }),
    onDragCancel: ({ active }) => t("dnd.cancel", { title: titleOf(active.id) }),
  };

  const pageIndexOf = (current: BuilderPage[], id: UniqueIdentifier): number => {
    const key = String(id);
    if (key.startsWith(PAGE_DROP_PREFIX)) return current.findIndex((page) => page.id === key.slice(PAGE_DROP_PREFIX.length));
    return locate(current, key)?.pageIndex ?? -1;
  };

  /** Across pages, the question joins the other page while it is dragged. */
  function dragOver({ active, over }: DragOverEvent) {
    if (!over) return;
    const current = shownRef.current;
    const from = locate(current, String(active.id));
    const toPage = pageIndexOf(current, over.id);
    if (!from || toPage < 0 || toPage === from.pageIndex) return;
    const overKey = String(over.id);
    const target = current[toPage]!.elements;
    const overIndex = overKey.startsWith(PAGE_DROP_PREFIX) ? target.length : target.findIndex((element) => element.itemId === overKey);
    const next = moveElementTo(current, String(active.id), toPage, overIndex < 0 ? target.length : overIndex);
    shownRef.current = next;
    setDragPages(next);
  }

  function dragEnd({ active, over }: DragEndEvent) {
    let current = shownRef.current;
    if (over && !String(over.id).startsWith(PAGE_DROP_PREFIX)) {
      const from = locate(current, String(active.id));
      const to = locate(current, String(over.id));
      if (from && to && from.pageIndex === to.pageIndex && from.index !== to.index) {
        current = moveElementTo(current, String(active.id), to.pageIndex, to.index);
      }
    }
    shownRef.current = current;
    setDragPages(null);
    if (over && JSON.stringify(current) !== JSON.stringify(pages)) onChange(current);
    // A question dropped on another page is a new DOM node: keep the keyboard focus on its handle.
    const itemId = String(active.id);
    requestAnimationFrame(() => {
      const focused = document.activeElement;
      if (focused && focused !== document.body && root.current?.contains(focused)) return;
      root.current?.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(itemId)}"] .drag-handle`)?.focus();
    });
  }

  /** After a move the question may be a new DOM node: put the focus back on the same control. */
  function refocus(itemId: string, action: string) {
    requestAnimationFrame(() => {
      const scope = root.current;
      if (!scope) return;
      const selector = (name: string) => `[data-item="${CSS.escape(itemId)}"][data-action="${name}"]`;
      const preferred = scope.querySelector<HTMLButtonElement>(selector(action));
      const fallback = scope.querySelector<HTMLButtonElement>(selector(action === "up" ? "down" : "up"));
      const target = preferred && !preferred.disabled ? preferred : fallback && !fallback.disabled ? fallback : preferred;
      target?.focus();
    });
  }

  function describePlace(next: BuilderPage[], itemId: string): string {
    const position = locate(next, itemId);
    if (!position) return "";
    return t("builder.movedTo", {
      title: pick(next[position.pageIndex]!.elements[position.index]!.title),
      index: position.index + 1,
      count: next[position.pageIndex]!.elements.length,
      page: pageName(next, position.pageIndex),
    });
  }

  function step(itemId: string, delta: -1 | 1) {
    const next = stepElement(pages, itemId, delta);
    if (next === pages) return;
    onChange(next);
    setAnnouncement(describePlace(next, itemId));
    refocus(itemId, delta === -1 ? "up" : "down");
  }

  function moveToPage(itemId: string, pageId: string) {
    const pageIndex = pages.findIndex((page) => page.id === pageId);
    if (pageIndex < 0) return;
    const next = moveElementTo(pages, itemId, pageIndex, pages[pageIndex]!.elements.length);
    onChange(next);
    setAnnouncement(describePlace(next, itemId));
    refocus(itemId, "up");
  }

  function remove(itemId: string) {
    const position = locate(pages, itemId);
    const element = position ? pages[position.pageIndex]!.elements[position.index] : undefined;
    const next = removeElement(pages, itemId);
    onChange(next);
    if (element) setAnnouncement(t("builder.removed", { title: pick(element.title) }));
    requestAnimationFrame(() => {
      if (!position) return;
      const page = next[position.pageIndex];
      const neighbour = page?.elements[Math.min(position.index, page.elements.length - 1)];
      const target = neighbour
        ? root.current?.querySelector<HTMLElement>(`[data-item="${CSS.escape(neighbour.itemId)}"][data-action="remove"]`)
        : root.current?.querySelector<HTMLElement>(`#builder-page-${CSS.escape(page?.id ?? "")}`);
      target?.focus();
    });
  }

  function focusPageHeading(pageId: string) {
    requestAnimationFrame(() => root.current?.querySelector<HTMLElement>(`#builder-page-${CSS.escape(pageId)}`)?.focus());
  }

  /** Outline links: open the page if it is folded, then bring its heading or the question into view and focus it. */
  function jumpTo(pageId: string, itemId?: string) {
    folding.setCollapsed(pageId, false);
    requestAnimationFrame(() => {
      const scope = root.current;
      const target = itemId
        ? scope?.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(itemId)}"]`)
        : scope?.querySelector<HTMLElement>(`#builder-page-${CSS.escape(pageId)}`);
      if (!target) return;
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
      // A short highlight shows sighted users where they landed.
      if (jumpHighlight.current) {
        window.clearTimeout(jumpHighlight.current.timer);
        jumpHighlight.current.element.classList.remove("is-jump-target");
      }
      const highlighted = itemId ? target : (target.closest<HTMLElement>(".builder-page") ?? target);
      highlighted.classList.add("is-jump-target");
      jumpHighlight.current = { element: highlighted, timer: window.setTimeout(() => highlighted.classList.remove("is-jump-target"), 2000) };
    });
  }

  function foldAll(fold: boolean) {
    folding.setAll(fold);
    setAnnouncement(t(fold ? "builder.collapsedAll" : "builder.expandedAll"));
  }

  function addNewPage() {
    const next = addPage(pages);
    const added = next.at(-1)!;
    onChange(next);
    setAnnouncement(t("builder.pageAdded", { page: pageName(next, next.length - 1) }));
    focusPageHeading(added.id);
  }

  function movePageBy(pageId: string, delta: -1 | 1) {
    const next = movePage(pages, pageId, delta);
    if (next === pages) return;
    onChange(next);
    const index = next.findIndex((page) => page.id === pageId);
    setAnnouncement(t("builder.pageMoved", { page: pageName(next, index), index: index + 1, count: next.length }));
    requestAnimationFrame(() => {
      const scope = root.current;
      const action = delta === -1 ? "page-up" : "page-down";
      const preferred = scope?.querySelector<HTMLButtonElement>(`[data-page="${CSS.escape(pageId)}"][data-action="${action}"]`);
      const other = scope?.querySelector<HTMLButtonElement>(
        `[data-page="${CSS.escape(pageId)}"][data-action="${action === "page-up" ? "page-down" : "page-up"}"]`,
      );
      (preferred && !preferred.disabled ? preferred : other)?.focus();
    });
  }

  function requestDeletePage(pageId: string) {
    const page = pages.find((candidate) => candidate.id === pageId);
    if (!page || pages.length <= 1) return;
    if (page.elements.length > 0) {
      setDeleting(pageId);
      return;
    }
    confirmDeletePage(pageId);
  }

  function confirmDeletePage(pageId: string, moveTo?: string) {
    const index = pages.findIndex((page) => page.id === pageId);
    const name = pageName(pages, index);
    const next = deletePage(pages, pageId, moveTo);
    if (next === pages) return;
    setDeleting(null);
    onChange(next);
    setAnnouncement(t("builder.pageDeleted", { page: name }));
    const neighbour = moveTo ?? next[Math.max(0, index - 1)]?.id;
    if (neighbour) focusPageHeading(neighbour);
  }

  const firstNumbers = useMemo(() => {
    let count = 1;
    return shown.map((page) => {
      const first = count;
      count += page.elements.length;
      return first;
    });
  }, [shown]);

  const deletingPage = pages.find((page) => page.id === deleting) ?? null;

  const questionCount = shown.reduce((sum, page) => sum + page.elements.length, 0);
  // The outline helps once there is something to find: several pages, or a long single page.
  const withOutline = shown.length > 1 || questionCount >= 8;

  return (
    <div className="builder" ref={root}>
      <div className={withOutline ? "builder-layout has-outline" : "builder-layout"}>
        {withOutline && (
          <BuilderOutline
            pages={shown}
            pageName={(pageIndex) => pageName(shown, pageIndex)}
            firstNumbers={firstNumbers}
            isCollapsed={folding.isCollapsed}
            onJump={jumpTo}
          />
        )}
        <div className="builder-main">
          {shown.length > 1 && (
            <div className="builder-fold-actions">
              <button type="button" className="button-small button-quiet" onClick={() => foldAll(true)}>
                {t("builder.collapseAll")}
              </button>
              <button type="button" className="button-small button-quiet" onClick={() => foldAll(false)}>
                {t("builder.expandAll")}
              </button>
            </div>
          )}
          <DndContext
            sensors={sensors}
            collisionDetection={closestCorners}
            onDragStart={() => setDragPages(pages)}
            onDragOver={dragOver}
            onDragEnd={dragEnd}
            onDragCancel={() => setDragPages(null)}
            accessibility={{ announcements, screenReaderInstructions: { draggable: t("dnd.instructions") } }}
          >
            {shown.map((page, pageIndex) => (
              <BuilderPageSection
                key={page.id}
                page={page}
                pageIndex={pageIndex}
                pages={shown}
                firstNumber={firstNumbers[pageIndex]!}
                locked={locked}
                isTarget={page.id === targetPageId && shown.length > 1}
                collapsed={folding.isCollapsed(page.id)}
                onToggle={() => folding.setCollapsed(page.id, !folding.isCollapsed(page.id))}
                conditionErrors={conditionErrors}
                onStep={step}
                onMoveToPage={moveToPage}
                onRemove={remove}
                onRequired={(itemId, required) => onChange(updateElement(pages, itemId, (element) => ({ ...element, required })))}
                onCondition={(itemId, visibleIf) =>
                  onChange(
                    updateElement(pages, itemId, (element) => {
                      const { visibleIf: _previous, ...rest } = element;
                      return visibleIf ? { ...rest, visibleIf } : rest;
                    }),
                  )
                }
                onUpdateVersion={(itemId) =>
                  onChange(updateElement(pages, itemId, (element) => ({ ...element, version: element.latestVersion })))
                }
                onRename={(title) => onChange(renamePage(pages, page.id, title))}
                onMovePage={(delta) => movePageBy(page.id, delta)}
                onDeletePage={() => requestDeletePage(page.id)}
                onAddFromCanon={() => onAddFromCanon(page.id)}
              />
            ))}
          </DndContext>
          {!locked && (
            <button type="button" className="add-page" onClick={addNewPage}>
              <span aria-hidden="true">+</span> {t("builder.addPage")}
            </button>
          )}
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <DeletePageDialog
        page={deletingPage}
        pages={pages}
        pageName={(pageId) => pageName(pages, pages.findIndex((page) => page.id === pageId))}
        onConfirm={(moveTo) => deletingPage && confirmDeletePage(deletingPage.id, moveTo)}
        onCancel={() => setDeleting(null)}
      />
    </div>
  );
}

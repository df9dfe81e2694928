import type { PickedItem, SurveyPage, SurveyPatch } from "../lib/api-types.ts";
import { variablesOf } from "./condition-expression.ts";

/**
 * The survey's pages and questions as the builder edits them, and every change as a pure
 * function (new arrays, nothing mutated), so React state, autosave and undo-free moves stay
 * simple to follow. Questions are identified by `itemId`: the canon item id (an item is placed
 * once), or for the survey's own (imported) elements their name.
 */
export type BuilderPage = SurveyPage;
export type BuilderElement = PickedItem;

export interface Position {
  pageIndex: number;
  index: number;
}

/** Where a question sits, or null. */
export function locate(pages: BuilderPage[], itemId: string): Position | null {
  for (const [pageIndex, page] of pages.entries()) {
    const index = page.elements.findIndex((element) => element.itemId === itemId);
    if (index >= 0) return { pageIndex, index };
  }
  return null;
}

export function allElements(pages: BuilderPage[]): BuilderElement[] {
  return pages.flatMap((page) => page.elements);
}

function replacePage(pages: BuilderPage[], pageIndex: number, elements: BuilderElement[]): BuilderPage[] {
  return pages.map((page, index) => (index === pageIndex ? { ...page, elements } : page));
}

/** A page id not used yet: page-1, page-2, … */
export function newPageId(pages: BuilderPage[]): string {
  const taken = new Set(pages.map((page) => page.id));
  let number = pages.length + 1;
  while (taken.has(`page-${number}`)) number += 1;
  return `page-${number}`;
}

export function addPage(pages: BuilderPage[]): BuilderPage[] {
  return [...pages, { id: newPageId(pages), title: null, elements: [] }];
}

export function renamePage(pages: BuilderPage[], pageId: string, title: { de: string; en: string }): BuilderPage[] {
  const cleaned = { de: title.de.trim(), en: title.en.trim() };
  return pages.map((page) => (page.id === pageId ? { ...page, title: cleaned.de || cleaned.en ? cleaned : null } : page));
}

export function movePage(pages: BuilderPage[], pageId: string, delta: -1 | 1): BuilderPage[] {
  const from = pages.findIndex((page) => page.id === pageId);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= pages.length) return pages;
  const next = [...pages];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/** Deletes a page; its questions (if any) go to the end of `moveTo`. The last page stays. */
export function deletePage(pages: BuilderPage[], pageId: string, moveTo?: string): BuilderPage[] {
  if (pages.length <= 1) return pages;
  const page = pages.find((candidate) => candidate.id === pageId);
  if (!page) return pages;
  if (page.elements.length > 0 && (!moveTo || moveTo === pageId)) return pages;
  return pages
    .filter((candidate) => candidate.id !== pageId)
    .map((candidate) => (candidate.id === moveTo ? { ...candidate, elements: [...candidate.elements, ...page.elements] } : candidate));
}

export function addElement(pages: BuilderPage[], pageId: string, element: BuilderElement): BuilderPage[] {
  if (locate(pages, element.itemId)) return pages;
  if (pages.length === 0) return [{ id: "page-1", title: null, elements: [element] }];
  const found = pages.findIndex((page) => page.id === pageId);
  const pageIndex = found >= 0 ? found : pages.length - 1;
  return replacePage(pages, pageIndex, [...pages[pageIndex]!.elements, element]);
}

export function removeElement(pages: BuilderPage[], itemId: string): BuilderPage[] {
  return pages.map((page) => ({ ...page, elements: page.elements.filter((element) => element.itemId !== itemId) }));
}

export function updateElement(pages: BuilderPage[], itemId: string, change: (element: BuilderElement) => BuilderElement): BuilderPage[] {
  return pages.map((page) => ({
    ...page,
    elements: page.elements.map((element) => (element.itemId === itemId ? change(element) : element)),
  }));
}

/** Moves a question to `index` on page `pageIndex` (clamped), from wherever it is. */
export function moveElementTo(pages: BuilderPage[], itemId: string, pageIndex: number, index: number): BuilderPage[] {
  const from = locate(pages, itemId);
  if (!from || pageIndex < 0 || pageIndex >= pages.length) return pages;
  const element = pages[from.pageIndex]!.elements[from.index]!;
  const without = removeElement(pages, itemId);
  const target = without[pageIndex]!.elements;
  const clamped = Math.max(0, Math.min(index, target.length));
  return replacePage(without, pageIndex, [...target.slice(0, clamped), element, ...target.slice(clamped)]);
}

/**
 * One step up or down in the whole survey: within the page, or across the page boundary (the
 * first question of a page moves to the end of the previous page, the last to the start of the
 * next). Returns the pages unchanged at the very start or end.
 */
export function stepElement(pages: BuilderPage[], itemId: string, delta: -1 | 1): BuilderPage[] {
  const from = locate(pages, itemId);
  if (!from) return pages;
  const length = pages[from.pageIndex]!.elements.length;
  if (delta === -1) {
    if (from.index > 0) return moveElementTo(pages, itemId, from.pageIndex, from.index - 1);
    if (from.pageIndex === 0) return pages;
    return moveElementTo(pages, itemId, from.pageIndex - 1, pages[from.pageIndex - 1]!.elements.length);
  }
  if (from.index < length - 1) return moveElementTo(pages, itemId, from.pageIndex, from.index + 1);
  if (from.pageIndex === pages.length - 1) return pages;
  return moveElementTo(pages, itemId, from.pageIndex + 1, 0);
}

/** Whether a question can take one step in that direction. */
export function canStep(pages: BuilderPage[], itemId: string, delta: -1 | 1): boolean {
  return stepElement(pages, itemId, delta) !== pages;
}

/** The questions placed before this one (in survey order): the ones a condition may refer to. */
export function earlierElements(pages: BuilderPage[], itemId: string): BuilderElement[] {
  const all = allElements(pages);
  const index = all.findIndex((element) => element.itemId === itemId);
  return index < 0 ? [] : all.slice(0, index);
}

/**
 * Questions whose condition refers to a question that is not placed before them (moved below,
 * or removed): item id → the ids it refers to wrongly. The server refuses to save these.
 */
export function conditionProblems(pages: BuilderPage[]): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const earlier = new Set<string>();
  for (const element of allElements(pages)) {
    if (element.visibleIf) {
      // `{q-Comment}`, `{matrix.row}` and `{list[0].field}` depend on the question `q`, `matrix`, `list`.
      const unknown = variablesOf(element.visibleIf).filter((name) => {
        const question = name.replace(/-Comment$/, "");
        return !earlier.has(question) && !earlier.has(question.split(/[.[]/)[0]!.trim());
      });
      if (unknown.length > 0) problems.set(element.itemId, unknown);
    }
    for (const name of element.names) earlier.add(name);
  }
  return problems;
}

/** The structure as PATCH /api/surveys/{id} takes it. */
export function structureOf(pages: BuilderPage[]): NonNullable<SurveyPatch["pages"]> {
  return pages.map((page) => ({
    id: page.id,
    title: page.title,
    elements: page.elements.map((element) => {
      const condition = element.visibleIf ? { visibleIf: element.visibleIf } : {};
      // The survey's own elements are named; the server keeps their content.
      if (element.own) return { name: element.itemId, required: element.required, ...condition };
      return { itemId: element.itemId, version: element.version, required: element.required, ...condition };
    }),
  }));
}

/**
 * Takes what only the server knows (answer options, newest version, titles) from a saved
 * survey into the pages being edited, without touching the planner's own changes.
 */
export function withServerDetails(pages: BuilderPage[], saved: BuilderPage[]): BuilderPage[] {
  const known = new Map(allElements(saved).map((element) => [`${element.itemId}@${element.version}`, element]));
  let changed = false;
  const next = pages.map((page) => ({
    ...page,
    elements: page.elements.map((element) => {
      const server = known.get(`${element.itemId}@${element.version}`);
      if (!server) return element;
      const merged = {
        ...element,
        title: server.title,
        type: server.type,
        module: server.module,
        moduleTitle: server.moduleTitle,
        choices: server.choices,
        latestVersion: server.latestVersion,
        retired: server.retired,
      };
      if (JSON.stringify(merged) !== JSON.stringify(element)) changed = true;
      return merged;
    }),
  }));
  return changed ? next : pages;
}

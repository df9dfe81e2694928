import { useCallback, useEffect, useState } from "react";
import type { BuilderPage } from "./builder-structure.ts";

/**
 * Which builder pages are folded away, remembered per survey in this browser (localStorage), so
 * a long questionnaire opens the way the planner left it. A folded page that gains a question
 * (added from the canon, or moved there) opens again, so the question and the focus that
 * follows it are never hidden.
 */
export interface CollapsedPages {
  collapsed: ReadonlySet<string>;
  isCollapsed: (pageId: string) => boolean;
  setCollapsed: (pageId: string, collapsed: boolean) => void;
  /** Folds (true) or opens (false) every page. */
  setAll: (collapsed: boolean) => void;
}

const storageKey = (surveyId: string) => `kanon.builder.collapsed.${surveyId}`;

function readStored(surveyId: string): ReadonlySet<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(surveyId)) ?? "[]");
    return new Set(Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : []);
  } catch {
    return new Set();
  }
}

function store(surveyId: string, collapsed: ReadonlySet<string>) {
  try {
    if (collapsed.size === 0) localStorage.removeItem(storageKey(surveyId));
    else localStorage.setItem(storageKey(surveyId), JSON.stringify([...collapsed]));
  } catch {
    // Not remembered (private mode, full storage), but folded for this visit.
  }
}

/** The folded pages that gained a question between two versions of the pages. */
function pagesThatGained(before: BuilderPage[], after: BuilderPage[], collapsed: ReadonlySet<string>): string[] {
  return after
    .filter((page) => collapsed.has(page.id))
    .filter((page) => {
      const earlier = new Set(before.find((candidate) => candidate.id === page.id)?.elements.map((element) => element.itemId) ?? []);
      return page.elements.some((element) => !earlier.has(element.itemId));
    })
    .map((page) => page.id);
}

export function useCollapsedPages(surveyId: string, pages: BuilderPage[]): CollapsedPages {
  const [state, setState] = useState(() => ({ surveyId, pages, collapsed: readStored(surveyId) }));
  let current = state;
  // Adjusted while rendering (not in an effect), so a page opens in the same render that puts a
  // question on it, before anything tries to focus that question.
  if (state.surveyId !== surveyId) {
    current = { surveyId, pages, collapsed: readStored(surveyId) };
    setState(current);
  } else if (state.pages !== pages) {
    const opened = pagesThatGained(state.pages, pages, state.collapsed);
    const collapsed = opened.length > 0 ? new Set([...state.collapsed].filter((id) => !opened.includes(id))) : state.collapsed;
    current = { surveyId, pages, collapsed };
    setState(current);
  }

  const { collapsed } = current;
  useEffect(() => {
    const existing = new Set(pages.map((page) => page.id));
    store(surveyId, new Set([...collapsed].filter((id) => existing.has(id))));
  }, [collapsed, pages, surveyId]);

  const setCollapsed = useCallback((pageId: string, fold: boolean) => {
    setState((previous) => {
      if (previous.collapsed.has(pageId) === fold) return previous;
      const next = new Set(previous.collapsed);
      if (fold) next.add(pageId);
      else next.delete(pageId);
      return { ...previous, collapsed: next };
    });
  }, []);

  const setAll = useCallback((fold: boolean) => {
    setState((previous) => ({ ...previous, collapsed: fold ? new Set(previous.pages.map((page) => page.id)) : new Set() }));
  }, []);

  const isCollapsed = useCallback((pageId: string) => collapsed.has(pageId), [collapsed]);
  return { collapsed, isCollapsed, setCollapsed, setAll };
}

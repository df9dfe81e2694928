import { lazy, type ComponentType } from "react";

/**
 * React.lazy for a named export (the house has no default exports): each page becomes its own
 * chunk, so a respondent never downloads Chart.js and the planner's results never survey-core.
 */
export function lazyNamed<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType<PropsOf<M[K]>> }));
}

type PropsOf<C> = C extends ComponentType<infer P> ? P : never;

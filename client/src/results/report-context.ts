import { createContext, useContext } from "react";
import type { ResultsFilter } from "./result-types.ts";

/**
 * What the parts of the results page share without passing it down every level: the survey and
 * the filter (a text search asks the server again under the same filter), and what labels a
 * downloaded PNG (when the figures were taken, the filter and grouping in words).
 */
export interface ReportContextValue {
  surveyId: string;
  surveyTitle: string;
  filter: ResultsFilter;
  /** The filter in words ("Sozialraum: Vohwinkel"), or null without one. */
  filterText: string | null;
  /** When the figures shown were loaded. */
  takenAt: Date | null;
}

export const ReportContext = createContext<ReportContextValue>({ surveyId: "", surveyTitle: "", filter: {}, filterText: null, takenAt: null });

export const useReport = () => useContext(ReportContext);

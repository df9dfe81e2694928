import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { SurveyDetail } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { SurveyActions } from "./survey-actions.tsx";
import { SurveyStatusBadge } from "./survey-status-badge.tsx";

export type WorkspaceTab = "compose" | "recipients" | "results";

/** What a section of the workspace gets: the survey and a way to hand back a changed one. */
export interface WorkspaceSectionProps {
  survey: SurveyDetail;
  onSurveyChange: (survey: SurveyDetail) => void;
  reload: () => void;
}

interface SurveyWorkspacePageProps {
  id: string;
  tab: WorkspaceTab;
  /**
   * The sections, passed in by the app (the composition root) so that this feature does not
   * import the recipients and results features, and results can stay a lazily loaded chunk.
   */
  sections: Record<WorkspaceTab, (props: WorkspaceSectionProps) => ReactNode>;
}

const tabs: { tab: WorkspaceTab; path: string; label: "workspace.compose" | "workspace.recipients" | "workspace.results" }[] = [
  { tab: "compose", path: "", label: "workspace.compose" },
  { tab: "recipients", path: "/recipients", label: "workspace.recipients" },
  { tab: "results", path: "/results", label: "workspace.results" },
];

/**
 * One survey's workspace: Fragen (compose), Empfänger (recipients), Ergebnisse (results), each
 * its own address so a section can be bookmarked and the back button works.
 */
export function SurveyWorkspacePage({ id, tab, sections }: SurveyWorkspacePageProps) {
  const { t } = useI18n();
  const [survey, setSurvey] = useState<SurveyDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const current = tabs.find((entry) => entry.tab === tab) ?? tabs[0]!;
  useDocumentTitle(survey ? `${t(current.label)} · ${survey.title}` : t("common.loading"));

  const reload = useCallback(() => {
    api
      .get<SurveyDetail>(`/surveys/${encodeURIComponent(id)}`)
      .then((loaded) => {
        setSurvey(loaded);
        setError(null);
      })
      .catch(setError);
  }, [id]);
  useEffect(reload, [reload]);

  if (!survey) return error ? <ErrorAlert error={error} /> : <Loading />;

  return (
    <>
      <div className="workspace-head">
        <h1>{survey.title}</h1>
        <SurveyStatusBadge status={survey.status} />
      </div>
      <SurveyActions survey={survey} />
      <nav aria-label={t("workspace.tabs")} className="tabs">
        <ul>
          {tabs.map((entry) => (
            <li key={entry.tab}>
              <Link href={`/surveys/${survey.id}${entry.path}`} aria-current={entry.tab === tab ? "page" : undefined}>
                {t(entry.label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorAlert error={error} />
      <div className="workspace-section">{sections[tab]({ survey, onSurveyChange: setSurvey, reload })}</div>
    </>
  );
}

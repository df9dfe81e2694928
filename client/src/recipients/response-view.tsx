import { useEffect, useId, useMemo, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { createSurveyModel } from "../lib/survey-model.ts";
import { answerRows, type AnswerRow } from "../respond/answer-export.ts";
import type { RecipientResponse } from "./recipient-types.ts";
import { ResponseExclusionPanel } from "./response-exclusion-panel.tsx";

interface Version {
  key: string;
  label: string;
  answers: Record<string, unknown>;
}

/**
 * One recipient's answers as the planner reads them: the current state (draft or submitted) and
 * each earlier submission, question by question with option labels, marking what changed
 * against the submission before. Loaded lazily (it needs survey-core for the labels).
 */
export function ResponseView({ surveyId, invitationId, onChange }: { surveyId: string; invitationId: string; onChange?: () => void }) {
  const { t, lang } = useI18n();
  const [data, setData] = useState<RecipientResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState(0);
  const selectId = useId();
  const [loaded, setLoaded] = useState(0);

  useEffect(() => {
    api
      .get<RecipientResponse>(`/surveys/${surveyId}/invitations/${invitationId}/response`)
      .then(setData)
      .catch(setError);
  }, [surveyId, invitationId, loaded]);

  const changed = () => {
    setSelected(0);
    setLoaded((count) => count + 1);
    onChange?.();
  };
  const exclusionPanel = data && <ResponseExclusionPanel surveyId={surveyId} invitationId={invitationId} data={data} onChange={changed} />;

  const versions: Version[] = useMemo(() => {
    if (!data) return [];
    const list: Version[] = [];
    if (data.current && (data.current.status === "draft" || data.submissions.length === 0 || data.current.revision !== data.submissions.at(-1)!.revision)) {
      list.push({
        key: "current",
        label: t(data.current.status === "draft" ? "responses.currentDraft" : "responses.current", { time: formatDateTime(data.current.updatedAt, lang) }),
        answers: data.current.answers,
      });
    }
    data.submissions
      .map((submission, index) => ({
        key: `submission-${index}`,
        label: t("responses.submission", { n: index + 1, time: formatDateTime(submission.submittedAt, lang) }),
        answers: submission.answers,
      }))
      .reverse()
      .forEach((version) => list.push(version));
    return list;
  }, [data, lang, t]);

  const rows = useMemo(() => {
    if (!data) return [] as { row: AnswerRow; changed: boolean }[];
    const rowsOf = (answers: Record<string, unknown>) => {
      const model = createSurveyModel(data.definition, lang);
      model.data = answers;
      return answerRows(model);
    };
    const version = versions[selected];
    if (!version) return [];
    const current = rowsOf(version.answers);
    const previous = versions[selected + 1] ? new Map(rowsOf(versions[selected + 1]!.answers).map((row) => [row.id, row.answer])) : null;
    return current.map((row) => ({ row, changed: previous !== null && (previous.get(row.id) ?? "") !== row.answer }));
  }, [data, versions, selected, lang]);

  if (error) return <ErrorAlert error={error} />;
  if (!data) return <Loading />;
  if (versions.length === 0) {
    return (
      <>
        <p className="empty">{t("responses.none")}</p>
        {exclusionPanel}
      </>
    );
  }

  return (
    <div className="response-view">
      {exclusionPanel}
      {versions.length > 1 && (
        <div className="field field-medium">
          <label htmlFor={selectId}>{t("responses.version")}</label>
          <select id={selectId} value={selected} onChange={(event) => setSelected(Number(event.target.value))}>
            {versions.map((version, index) => (
              <option key={version.key} value={index}>
                {version.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {versions.length === 1 && <p className="meta">{versions[0]!.label}</p>}
      {data.current?.lastDevice && <p className="meta">{t("responses.device", { device: data.current.lastDevice })}</p>}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{versions[selected]?.label}</caption>
          <thead>
            <tr>
              <th scope="col">{t("respond.csvQuestion")}</th>
              <th scope="col">{t("respond.csvAnswer")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ row, changed }) => (
              <tr key={row.id} className={changed ? "answer-changed" : undefined}>
                <th scope="row">{row.question}</th>
                <td>
                  {row.answer || <span className="meta">{t("responses.unanswered")}</span>}
                  {changed && <strong className="changed-mark"> {t("responses.changed")}</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

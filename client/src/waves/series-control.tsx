import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { TextField } from "../lib/text-field.tsx";
import type { SeriesAssignment, SeriesList, SurveySeriesState } from "./wave-types.ts";
import "./waves.css";

const NEW_SERIES = "__new__";

/**
 * Puts a survey into a series (Reihe) as one of its waves: pick an existing series of the
 * organisation or name a new one, and label the wave (e.g. "2026"); or take it out again. Shows
 * the series' waves in order. `onChange` hears about every saved change (e.g. to reload a trend).
 */
export function SeriesControl({ survey, onChange }: { survey: { id: string }; onChange?: (state: SurveySeriesState) => void }) {
  const { t } = useI18n();
  const [state, setState] = useState<SurveySeriesState | null>(null);
  const [series, setSeries] = useState<SeriesList["series"]>([]);
  const [choice, setChoice] = useState(NEW_SERIES);
  const [newName, setNewName] = useState("");
  const [waveLabel, setWaveLabel] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const selectId = useId();

  const load = useCallback(async () => {
    try {
      const [current, list] = await Promise.all([
        api.get<SurveySeriesState>(`/surveys/${encodeURIComponent(survey.id)}/series`),
        api.get<SeriesList>("/series"),
      ]);
      setState(current);
      setSeries(list.series);
      setChoice(current.series?.id ?? list.series[0]?.id ?? NEW_SERIES);
      setWaveLabel(current.waveLabel || String(new Date().getFullYear()));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [survey.id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setNotice("");
    try {
      const body: SeriesAssignment = choice === NEW_SERIES ? { newSeriesName: newName, waveLabel } : { seriesId: choice, waveLabel };
      const saved = await api.put<SurveySeriesState>(`/surveys/${encodeURIComponent(survey.id)}/series`, body);
      setState(saved);
      setSeries((await api.get<SeriesList>("/series")).series);
      setChoice(saved.series?.id ?? NEW_SERIES);
      setNewName("");
      setNotice(t("series.saved"));
      setError(null);
      onChange?.(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    setBusy(true);
    setNotice("");
    try {
      const saved = await api.delete<SurveySeriesState>(`/surveys/${encodeURIComponent(survey.id)}/series`);
      setState(saved);
      setNotice(t("series.left"));
      setError(null);
      onChange?.(saved);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card series-control" aria-labelledby="series-control-heading">
      <h2 id="series-control-heading">{t("series.heading")}</h2>
      <p className="hint">{t("series.intro")}</p>
      {!state && !error && <Loading />}
      {state && (
        <>
          {state.series ? (
            <>
              <p>
                <strong>{t("series.current", { label: state.waveLabel, series: state.series.name })}</strong>
              </p>
              <ol className="series-waves" aria-label={t("series.waves")}>
                {state.waves.map((wave) => (
                  <li key={wave.surveyId} aria-current={wave.surveyId === state.surveyId ? "true" : undefined}>
                    {wave.waveLabel || "–"}: {wave.title} ({t(`series.status.${wave.status}`)})
                    {wave.surveyId === state.surveyId ? ` – ${t("series.thisWave")}` : ""}
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p className="meta">{t("series.none")}</p>
          )}
          <form className="form inline-form" onSubmit={(event) => void save(event)}>
            <div className="field">
              <label htmlFor={selectId}>{t("series.choose")}</label>
              <select id={selectId} value={choice} onChange={(event) => setChoice(event.target.value)} disabled={busy}>
                {series.map((entry) => (
                  <option key={entry.id} value={entry.id}>
                    {entry.name}
                  </option>
                ))}
                <option value={NEW_SERIES}>{t("series.chooseNew")}</option>
              </select>
            </div>
            {choice === NEW_SERIES && (
              <TextField
                label={t("series.newName")}
                hint={t("series.newNameHint")}
                value={newName}
                onChange={(event) => setNewName(event.target.value)}
                required
                maxLength={200}
                disabled={busy}
              />
            )}
            <TextField
              short
              label={t("series.waveLabel")}
              hint={t("series.waveLabelHint")}
              value={waveLabel}
              onChange={(event) => setWaveLabel(event.target.value)}
              required
              maxLength={100}
              disabled={busy}
            />
            <div className="actions">
              <button type="submit" className="button-primary" disabled={busy}>
                {state.series ? t("series.change") : t("series.assign")}
              </button>
              {state.series && (
                <button type="button" onClick={() => void leave()} disabled={busy}>
                  {t("series.leave")}
                </button>
              )}
            </div>
          </form>
        </>
      )}
      <ErrorAlert error={error} />
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
    </section>
  );
}

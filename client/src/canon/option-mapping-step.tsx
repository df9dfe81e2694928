import { useEffect, useId, useRef, useState } from "react";
import type { AnswerOption } from "../lib/answer-options.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";

/** Old value → new value, or null ("entfällt"); "" while not chosen yet. */
export type MappingChoice = Record<string, string | null | "">;

interface OptionMappingStepProps {
  itemTitle: string;
  fromVersion: number;
  oldOptions: AnswerOption[];
  newOptions: AnswerOption[];
  busy: boolean;
  error: unknown;
  onSave: (mapping: { map: Record<string, string | null>; break: boolean }) => void;
  onBack: () => void;
}

const DROPPED = "__dropped__";

/** Unchanged values map to themselves; a renamed value to the new option with the same German text. */
export function initialMapping(oldOptions: AnswerOption[], newOptions: AnswerOption[]): MappingChoice {
  const mapping: MappingChoice = {};
  for (const old of oldOptions) {
    const same = newOptions.find((option) => option.value === old.value);
    const sameText = newOptions.find((option) => option.text.de.trim().toLowerCase() === old.text.de.trim().toLowerCase());
    mapping[old.value] = same?.value ?? sameText?.value ?? "";
  }
  return mapping;
}

/**
 * The answer options changed: for each option of the previous version the planner says what it
 * becomes in the new one ("wird zu …" a new option, or "entfällt"), and whether the change breaks
 * comparability with earlier survey waves. Saved with the new version.
 */
export function OptionMappingStep({ itemTitle, fromVersion, oldOptions, newOptions, busy, error, onSave, onBack }: OptionMappingStepProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [mapping, setMapping] = useState<MappingChoice>(() => initialMapping(oldOptions, newOptions));
  const [breaks, setBreaks] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  function save() {
    const open = oldOptions.filter((option) => mapping[option.value] === "").map((option) => option.value);
    setMissing(open);
    if (open.length > 0) {
      document.getElementById(`${id}-${open[0]}`)?.focus();
      return;
    }
    const map: Record<string, string | null> = {};
    for (const option of oldOptions) map[option.value] = mapping[option.value] as string | null;
    onSave({ map, break: breaks });
  }

  return (
    <section className="card mapping-step" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t("mapping.title")}
      </h2>
      <p>{t("mapping.intro", { title: itemTitle, version: fromVersion })}</p>
      {missing.length > 0 && (
        <p className="alert alert-error" role="alert">
          {t("mapping.missing", { n: missing.length })}
        </p>
      )}
      <div className="table-scroll">
        <table className="mapping-table">
          <caption>{t("mapping.caption", { version: fromVersion })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("mapping.oldOption", { version: fromVersion })}</th>
              <th scope="col">{t("mapping.becomes")}</th>
            </tr>
          </thead>
          <tbody>
            {oldOptions.map((option) => {
              const selectId = `${id}-${option.value}`;
              const invalid = missing.includes(option.value);
              const value = mapping[option.value];
              return (
                <tr key={option.value}>
                  <th scope="row">
                    <label htmlFor={selectId}>
                      {pick(option.text)} <code className="meta">{option.value}</code>
                    </label>
                  </th>
                  <td>
                    <select
                      id={selectId}
                      value={value === null ? DROPPED : (value ?? "")}
                      aria-invalid={invalid ? true : undefined}
                      aria-label={t("mapping.selectLabel", { option: pick(option.text) })}
                      onChange={(event) => {
                        const next = event.target.value;
                        setMapping({ ...mapping, [option.value]: next === DROPPED ? null : next });
                        setMissing((current) => current.filter((entry) => entry !== option.value));
                      }}
                    >
                      <option value="">{t("mapping.choose")}</option>
                      {newOptions.map((candidate) => (
                        <option key={candidate.value} value={candidate.value}>
                          {t("mapping.becomesOption", { option: pick(candidate.text) })}
                        </option>
                      ))}
                      <option value={DROPPED}>{t("mapping.dropped")}</option>
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="field">
        <label className="check">
          <input type="checkbox" checked={breaks} aria-describedby={`${id}-break-hint`} onChange={(event) => setBreaks(event.target.checked)} />
          {t("mapping.break")}
        </label>
        <p className="hint" id={`${id}-break-hint`}>
          {t("mapping.breakHint")}
        </p>
      </div>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" className="button-primary" disabled={busy} onClick={save}>
          {t("mapping.save")}
        </button>
        <button type="button" onClick={onBack}>
          {t("mapping.back")}
        </button>
      </div>
    </section>
  );
}

import type { ReactNode } from "react";
import { useI18n } from "../lib/i18n.ts";
import { LocalizedFields } from "../lib/localized-fields.tsx";
import { withGeneratedCodes, type CodedText } from "./item-draft.ts";

interface CodedListEditorProps<T extends CodedText> {
  legend: string;
  /** Prefix of the inputs' ids: `<idBase>-<key>-de`, `…-en`, `…-code`, and `<idBase>-add`. */
  idBase: string;
  entries: T[];
  onChange: (entries: T[]) => void;
  itemLabel: (n: number) => string;
  addLabel: string;
  create: () => T;
  /** Problems by input id. */
  problems: Map<string, string>;
  codeLabel: (label: string) => string;
  advancedSummary: string;
  fallbackPrefix: string;
  /** Extra controls per entry (the kind of a sub-field). */
  renderExtra?: (entry: T, label: string, update: (entry: T) => void) => ReactNode;
}

/**
 * An ordered list of texts with codes: answer options, matrix rows and columns, sub-fields.
 * Each entry in German and English, with move up/down and remove; the codes are generated
 * from the German text and can be edited under "Erweitert" (after which they stay as typed).
 */
export function CodedListEditor<T extends CodedText>(props: CodedListEditorProps<T>) {
  const { legend, idBase, entries, onChange, itemLabel, problems } = props;
  const { t } = useI18n();
  const codeProblem = entries.some((entry) => problems.has(`${idBase}-${entry.key}-code`));

  const commit = (next: T[]) => onChange(withGeneratedCodes(next, props.fallbackPrefix));
  const focus = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  function move(index: number, delta: -1 | 1) {
    const target = index + delta;
    if (target < 0 || target >= entries.length) return;
    const next = [...entries];
    [next[index], next[target]] = [next[target]!, next[index]!];
    commit(next);
    const key = entries[index]!.key;
    const edge = delta === -1 ? target === 0 : target === entries.length - 1;
    focus(`${idBase}-${key}-${edge ? (delta === -1 ? "down" : "up") : delta === -1 ? "up" : "down"}`);
  }

  function remove(index: number) {
    const next = entries.filter((_, position) => position !== index);
    commit(next);
    const neighbour = next[Math.min(index, next.length - 1)];
    focus(neighbour ? `${idBase}-${neighbour.key}-de` : `${idBase}-add`);
  }

  function add() {
    const created = props.create();
    commit([...entries, created]);
    focus(`${idBase}-${created.key}-de`);
  }

  return (
    <fieldset className="coded-list">
      <legend>{legend}</legend>
      <ol className="coded-entries">
        {entries.map((entry, index) => {
          const label = itemLabel(index + 1);
          const update = (changed: T) => commit(entries.map((candidate) => (candidate.key === entry.key ? changed : candidate)));
          return (
            <li key={entry.key} className="coded-entry">
              {props.renderExtra?.(entry, label, update)}
              <LocalizedFields
                label={label}
                idBase={`${idBase}-${entry.key}`}
                value={entry.text}
                englishRequired
                maxLength={500}
                errors={{ de: problems.get(`${idBase}-${entry.key}-de`), en: problems.get(`${idBase}-${entry.key}-en`) }}
                onChange={(text) => update({ ...entry, text })}
              />
              <div className="coded-entry-actions">
                <button
                  type="button"
                  id={`${idBase}-${entry.key}-up`}
                  className="button-small button-icon-small"
                  disabled={index === 0}
                  aria-label={t("editor.moveUpLabel", { label })}
                  title={t("compose.moveUp")}
                  onClick={() => move(index, -1)}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  id={`${idBase}-${entry.key}-down`}
                  className="button-small button-icon-small"
                  disabled={index === entries.length - 1}
                  aria-label={t("editor.moveDownLabel", { label })}
                  title={t("compose.moveDown")}
                  onClick={() => move(index, 1)}
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <button type="button" className="button-small button-quiet button-danger" aria-label={t("editor.removeLabel", { label })} onClick={() => remove(index)}>
                  {t("compose.remove")}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" id={`${idBase}-add`} className="button-small" onClick={add}>
        <span aria-hidden="true">+</span> {props.addLabel}
      </button>
      {problems.get(`${idBase}-add`) && <p className="field-error">{problems.get(`${idBase}-add`)}</p>}
      <details className="disclosure advanced" open={codeProblem || undefined}>
        <summary>{props.advancedSummary}</summary>
        <p className="hint">{t("editor.codesHint")}</p>
        <div className="code-fields">
          {entries.map((entry, index) => {
            const id = `${idBase}-${entry.key}-code`;
            const problem = problems.get(id);
            const name = entry.text.de.trim() ? `„${entry.text.de.trim()}“` : itemLabel(index + 1);
            return (
              <div key={entry.key} className="field">
                <label htmlFor={id}>{props.codeLabel(name)}</label>
                <input
                  id={id}
                  className="code-input"
                  value={entry.code}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${id}-error` : undefined}
                  onChange={(event) =>
                    commit(entries.map((candidate) => (candidate.key === entry.key ? { ...entry, code: event.target.value, codeLocked: true } : candidate)))
                  }
                />
                {problem && (
                  <p className="field-error" id={`${id}-error`}>
                    {problem}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      </details>
    </fieldset>
  );
}

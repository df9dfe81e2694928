import { useEffect, useId, useRef, type FormEvent } from "react";
import { Link } from "wouter";
import type { CanonFacets } from "../lib/api-types.ts";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { LocalizedFields } from "../lib/localized-fields.tsx";
import { AnswerSettings } from "./answer-settings.tsx";
import { EDITOR_KINDS, withEnglishFromGerman, withKind, type EditorKind, type ItemDraft } from "./item-draft.ts";
import type { Problem } from "./item-problems.ts";
import { ModuleField } from "./module-field.tsx";
import { TagFields } from "./tag-fields.tsx";

export const kindLabels: Record<EditorKind, MessageKey> = {
  shortText: "editor.kind.shortText",
  longText: "editor.kind.longText",
  number: "editor.kind.number",
  year: "editor.kind.year",
  singleChoice: "editor.kind.singleChoice",
  multipleChoice: "editor.kind.multipleChoice",
  yesNo: "editor.kind.yesNo",
  rating: "editor.kind.rating",
  likert: "editor.kind.likert",
  repeatable: "editor.kind.repeatable",
};

interface ItemEditorFormProps {
  draft: ItemDraft;
  onChange: (draft: ItemDraft) => void;
  facets: CanonFacets | null;
  /** Problems to show (after the first attempt to save). */
  problems: Problem[];
  /** Increases with every failed attempt, to move the focus to the summary again. */
  attempt: number;
  onSubmit: () => void;
  busy: boolean;
  submitLabel: string;
  /** Editing: the questionnaire and kind stay as they are (answers must stay comparable). */
  editing: boolean;
}

/**
 * The form-based editor of an own canon item: type, question text and help in German and
 * English, the answer settings of the type, where the item is listed (questionnaire, module)
 * and its tags. Problems are listed above the form (linked to their inputs) and at each input.
 */
export function ItemEditorForm({ draft, onChange, facets, problems, attempt, onSubmit, busy, submitLabel, editing }: ItemEditorFormProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const summary = useRef<HTMLDivElement>(null);
  const byField = new Map(problems.map((problem) => [problem.field, problem.message]));
  const set = (patch: Partial<ItemDraft>) => onChange({ ...draft, ...patch });
  const errorsOf = (idBase: string) => ({ de: byField.get(`${idBase}-de`), en: byField.get(`${idBase}-en`) });

  useEffect(() => {
    if (attempt > 0 && problems.length > 0) summary.current?.focus();
    // Only after an attempt to save, not while typing.
  }, [attempt]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form className="item-editor-form" noValidate onSubmit={submit}>
      {problems.length > 0 && attempt > 0 && (
        <div className="alert alert-error error-summary" role="alert" tabIndex={-1} ref={summary}>
          <h2>{t("editor.problemsTitle", { n: problems.length })}</h2>
          <ul>
            {problems.map((problem, index) => (
              <li key={`${problem.field}-${index}`}>
                <a
                  href={`#${problem.field}`}
                  onClick={(event) => {
                    event.preventDefault();
                    const target = document.getElementById(problem.field);
                    target?.closest("details")?.setAttribute("open", "");
                    target?.focus();
                  }}
                >
                  {problem.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}

      <section className="card" aria-labelledby={`${id}-question`}>
        <h2 id={`${id}-question`}>{t("editor.questionSection")}</h2>
        <div className="field field-medium">
          <label htmlFor="item-kind">{t("editor.kind")}</label>
          {editing && (
            <p className="hint" id={`${id}-kind-hint`}>
              {t("editor.kindEditHint")}
            </p>
          )}
          <select
            id="item-kind"
            value={draft.kind}
            aria-describedby={editing ? `${id}-kind-hint` : undefined}
            onChange={(event) => onChange(withKind(draft, event.target.value as EditorKind))}
          >
            {EDITOR_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(kindLabels[kind])}
              </option>
            ))}
          </select>
        </div>
        <LocalizedFields
          label={t("editor.questionText")}
          idBase="item-title"
          value={draft.title}
          englishRequired
          errors={errorsOf("item-title")}
          onChange={(title) => set({ title })}
        />
        <LocalizedFields
          label={t("editor.help")}
          idBase="item-help"
          value={draft.help}
          multiline
          englishRequired
          hint={t("editor.helpHint")}
          maxLength={2000}
          errors={errorsOf("item-help")}
          onChange={(help) => set({ help })}
        />
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              checked={draft.personalDataWarning}
              aria-describedby={`${id}-warning-hint`}
              onChange={(event) => set({ personalDataWarning: event.target.checked, warningTouched: true })}
            />
            {t("editor.personalDataWarning")}
          </label>
          <p className="hint" id={`${id}-warning-hint`}>
            {t("editor.personalDataWarningHint")}
          </p>
        </div>
        <button type="button" className="button-small" onClick={() => onChange(withEnglishFromGerman(draft))}>
          {t("editor.copyAllGerman")}
        </button>
      </section>

      <section className="card" aria-labelledby={`${id}-answers`}>
        <h2 id={`${id}-answers`}>{t("editor.answersSection")}</h2>
        <AnswerSettings draft={draft} onChange={set} problems={byField} />
      </section>

      <section className="card" aria-labelledby={`${id}-place`}>
        <h2 id={`${id}-place`}>{t("editor.placeSection")}</h2>
        <div className="field field-medium">
          <label htmlFor="item-questionnaire">{t("canon.questionnaire")}</label>
          <select
            id="item-questionnaire"
            value={draft.questionnaire}
            onChange={(event) => set({ questionnaire: event.target.value, module: { mode: "default" } })}
          >
            {(facets?.questionnaires ?? [{ id: draft.questionnaire, label: { de: draft.questionnaire, en: draft.questionnaire } }]).map((questionnaire) => (
              <option key={questionnaire.id} value={questionnaire.id}>
                {pick(questionnaire.label)}
              </option>
            ))}
          </select>
        </div>
        <ModuleField questionnaire={draft.questionnaire} value={draft.module} onChange={(module) => set({ module })} facets={facets} problems={byField} />
        <TagFields tags={draft.tags} onChange={(tags) => set({ tags })} facets={facets} problem={byField.get("item-topic-new")} />
      </section>

      <div className="actions form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {submitLabel}
        </button>
        <Link href="/canon" className="button">
          {t("common.cancel")}
        </Link>
      </div>
    </form>
  );
}

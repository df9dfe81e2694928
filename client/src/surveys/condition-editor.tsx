import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../lib/i18n.ts";
import type { BuilderElement } from "./builder-structure.ts";
import {
  conditionExpression,
  isMultipleChoice,
  operatorsFor,
  parseCondition,
  type Condition,
  type ConditionOperator,
} from "./condition-expression.ts";
import { ConditionSummary } from "./condition-summary.tsx";

interface ConditionEditorProps {
  element: BuilderElement;
  /** Questions placed before this one; only those with answer options can be tested. */
  earlier: BuilderElement[];
  onChange: (visibleIf: string | undefined) => void;
  /** A problem with the stored condition (from the server, or a question that moved below). */
  error?: string;
}

interface FormState {
  questionId: string;
  operator: ConditionOperator;
  values: string[];
}

function initialForm(element: BuilderElement, candidates: BuilderElement[]): FormState {
  const parsed = element.visibleIf ? parseCondition(element.visibleIf) : null;
  if (parsed && candidates.some((candidate) => candidate.itemId === parsed.questionId)) return parsed;
  const first = candidates.at(-1);
  return { questionId: first?.itemId ?? "", operator: first ? operatorsFor(first.type)[0]! : "equals", values: [] };
}

/**
 * "Nur anzeigen, wenn …": the question is shown only when an earlier question was answered in a
 * certain way. The planner picks the question, an operator and the value(s); the builder writes
 * the SurveyJS expression and shows it in words and as it is.
 */
export function ConditionEditor({ element, earlier, onChange, error }: ConditionEditorProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const candidates = earlier.filter((candidate) => candidate.choices.length > 0);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<FormState>(() => initialForm(element, candidates));
  const [formError, setFormError] = useState("");
  const firstField = useRef<HTMLSelectElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const title = pick(element.title);

  useEffect(() => {
    if (editing) firstField.current?.focus();
  }, [editing]);

  const subject = candidates.find((candidate) => candidate.itemId === form.questionId);
  const operators = subject ? operatorsFor(subject.type) : [];

  function startEditing() {
    setForm(initialForm(element, candidates));
    setFormError("");
    setEditing(true);
  }

  function stopEditing() {
    setEditing(false);
    requestAnimationFrame(() => opener.current?.focus());
  }

  function chooseQuestion(questionId: string) {
    const next = candidates.find((candidate) => candidate.itemId === questionId);
    setForm({ questionId, operator: next ? operatorsFor(next.type)[0]! : "equals", values: [] });
    setFormError("");
  }

  function apply() {
    if (!subject) return;
    if (form.values.length === 0) {
      setFormError(t("condition.pickValue"));
      return;
    }
    const condition: Condition = { ...form, values: form.operator === "anyOf" ? form.values : form.values.slice(0, 1) };
    onChange(conditionExpression(condition, subject));
    stopEditing();
  }

  const operatorLabel = (operator: ConditionOperator) =>
    operator === "equals"
      ? t("condition.op.equals")
      : operator === "notEquals"
        ? t("condition.op.notEquals")
        : subject && isMultipleChoice(subject.type)
          ? t("condition.op.containsAnyOf")
          : t("condition.op.anyOf");

  if (editing) {
    return (
      <fieldset className="condition-editor">
        <legend>{t("condition.legend", { title })}</legend>
        {candidates.length === 0 ? (
          <p className="hint">{t("condition.noCandidates")}</p>
        ) : (
          <div className="condition-fields">
            <div className="field">
              <label htmlFor={`${id}-question`}>{t("condition.question")}</label>
              <select id={`${id}-question`} ref={firstField} value={form.questionId} onChange={(event) => chooseQuestion(event.target.value)}>
                {candidates.map((candidate) => (
                  <option key={candidate.itemId} value={candidate.itemId}>
                    {pick(candidate.title)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-operator`}>{t("condition.operator")}</label>
              <select
                id={`${id}-operator`}
                value={form.operator}
                onChange={(event) => setForm({ ...form, operator: event.target.value as ConditionOperator, values: form.values.slice(0, 1) })}
              >
                {operators.map((operator) => (
                  <option key={operator} value={operator}>
                    {operatorLabel(operator)}
                  </option>
                ))}
              </select>
            </div>
            {subject && form.operator !== "anyOf" && (
              <div className="field">
                <label htmlFor={`${id}-value`}>{t("condition.value")}</label>
                <select
                  id={`${id}-value`}
                  value={form.values[0] ?? ""}
                  aria-invalid={formError ? true : undefined}
                  aria-describedby={formError ? `${id}-error` : undefined}
                  onChange={(event) => {
                    setForm({ ...form, values: event.target.value ? [event.target.value] : [] });
                    setFormError("");
                  }}
                >
                  <option value="">{t("condition.choose")}</option>
                  {subject.choices.map((choice) => (
                    <option key={choice.value} value={choice.value}>
                      {pick(choice.text)}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {subject && form.operator === "anyOf" && (
              <fieldset className="field condition-values" aria-describedby={formError ? `${id}-error` : undefined}>
                <legend>{t("condition.values")}</legend>
                {subject.choices.map((choice) => (
                  <label key={choice.value} className="check">
                    <input
                      type="checkbox"
                      checked={form.values.includes(choice.value)}
                      onChange={(event) => {
                        const values = event.target.checked
                          ? [...form.values, choice.value]
                          : form.values.filter((value) => value !== choice.value);
                        setForm({ ...form, values: subject.choices.map((c) => c.value).filter((value) => values.includes(value)) });
                        setFormError("");
                      }}
                    />
                    {pick(choice.text)}
                  </label>
                ))}
              </fieldset>
            )}
          </div>
        )}
        {formError && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {formError}
          </p>
        )}
        <div className="actions">
          {candidates.length > 0 && (
            <button type="button" className="button-primary" onClick={apply}>
              {t("condition.apply")}
            </button>
          )}
          <button type="button" onClick={stopEditing}>
            {t("common.cancel")}
          </button>
        </div>
      </fieldset>
    );
  }

  return (
    <div className="condition">
      {element.visibleIf ? (
        <>
          <ConditionSummary expression={element.visibleIf} questions={earlier} error={error} />
          <div className="condition-actions">
            <button type="button" className="button-small" ref={opener} onClick={startEditing} aria-label={t("condition.changeLabel", { title })}>
              {t("condition.change")}
            </button>
            <button
              type="button"
              className="button-small button-quiet"
              aria-label={t("condition.removeLabel", { title })}
              onClick={() => {
                onChange(undefined);
                requestAnimationFrame(() => opener.current?.focus());
              }}
            >
              {t("condition.remove")}
            </button>
          </div>
        </>
      ) : (
        <button
          type="button"
          className="button-small"
          ref={opener}
          aria-label={t("condition.addLabel", { title })}
          onClick={startEditing}
        >
          {t("condition.add")}
        </button>
      )}
    </div>
  );
}

import { useEffect, useRef, useState } from "react";
import type { Model } from "survey-core";
import { formatDateTime } from "../lib/format.ts";
import { useRespondentI18n } from "./respondent-address.tsx";
import type { ConflictDetails } from "./draft-saver.ts";

interface ConflictChooserProps {
  model: Model;
  conflict: ConflictDetails;
  /** Called with the value chosen per question (undefined: no answer). */
  onChosen: (choices: Record<string, unknown>) => void;
}

/**
 * Questions answered differently here and elsewhere since the last save: both answers side by
 * side, the respondent picks one per question. Nothing is overwritten until they decide.
 */
export function ConflictChooser({ model, conflict, onChosen }: ConflictChooserProps) {
  const { t, lang } = useRespondentI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [choice, setChoice] = useState<Record<string, "yours" | "theirs">>(() =>
    Object.fromEntries(conflict.conflicts.map((entry) => [entry.question, "yours" as const])),
  );

  useEffect(() => heading.current?.focus(), [conflict]);

  const describe = (question: string, value: unknown) => {
    if (value === undefined || value === null || value === "") return t("respond.conflictEmpty");
    const surveyQuestion = model.getQuestionByName(question);
    const text = surveyQuestion ? surveyQuestion.getDisplayValue(true, value) : value;
    return typeof text === "string" ? text : Array.isArray(text) ? text.join(", ") : JSON.stringify(text);
  };

  const where = [conflict.lastDevice, conflict.updatedAt ? formatDateTime(conflict.updatedAt, lang) : ""].filter(Boolean).join(", ");

  return (
    <section className="alert alert-warning conflict-chooser" aria-labelledby="conflict-heading">
      <h2 id="conflict-heading" ref={heading} tabIndex={-1}>
        {t("respond.conflictTitle")}
      </h2>
      <p>{t("respond.conflictText", { where: where || "–" })}</p>
      {conflict.conflicts.map((entry) => {
        const title = model.getQuestionByName(entry.question)?.title ?? entry.question;
        return (
          <fieldset key={entry.question} className="conflict-question">
            <legend>{title}</legend>
            {(["yours", "theirs"] as const).map((side) => (
              <label key={side} className="conflict-option">
                <input
                  type="radio"
                  name={`conflict-${entry.question}`}
                  checked={choice[entry.question] === side}
                  onChange={() => setChoice((current) => ({ ...current, [entry.question]: side }))}
                />
                <span>
                  <strong>{side === "yours" ? t("respond.conflictYours") : t("respond.conflictTheirs")}:</strong>{" "}
                  {describe(entry.question, side === "yours" ? entry.yours : entry.theirs)}
                </span>
              </label>
            ))}
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button-primary"
        onClick={() =>
          onChosen(
            Object.fromEntries(
              conflict.conflicts.map((entry) => [entry.question, choice[entry.question] === "theirs" ? entry.theirs : entry.yours]),
            ),
          )
        }
      >
        {t("respond.conflictApply")}
      </button>
    </section>
  );
}

import { useId } from "react";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { LocalizedFields } from "../lib/localized-fields.tsx";
import { CodedListEditor } from "./coded-list-editor.tsx";
import { codedText, SUB_FIELD_KINDS, type ItemDraft, type SubField, type SubFieldKind } from "./item-draft.ts";

interface AnswerSettingsProps {
  draft: ItemDraft;
  onChange: (patch: Partial<ItemDraft>) => void;
  problems: Map<string, string>;
}

const subFieldKindLabels: Record<SubFieldKind, MessageKey> = {
  shortText: "editor.kind.shortText",
  longText: "editor.kind.longText",
  number: "editor.kind.number",
  year: "editor.kind.year",
  yesNo: "editor.kind.yesNo",
};

/** The part of the editor that depends on the question type: options, scale, rows and columns, fields. */
export function AnswerSettings({ draft, onChange, problems }: AnswerSettingsProps) {
  const { t } = useI18n();
  const id = useId();
  const errorsOf = (idBase: string) => ({ de: problems.get(`${idBase}-de`), en: problems.get(`${idBase}-en`) });
  const numberField = (fieldId: string, label: string, value: string, set: (value: string) => void, hint?: string) => {
    const problem = problems.get(fieldId);
    return (
      <div className="field field-short">
        <label htmlFor={fieldId}>{label}</label>
        {hint && (
          <p className="hint" id={`${fieldId}-hint`}>
            {hint}
          </p>
        )}
        <input
          id={fieldId}
          type="number"
          inputMode="numeric"
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={[hint ? `${fieldId}-hint` : "", problem ? `${fieldId}-error` : ""].filter(Boolean).join(" ") || undefined}
          onChange={(event) => set(event.target.value)}
        />
        {problem && (
          <p className="field-error" id={`${fieldId}-error`}>
            {problem}
          </p>
        )}
      </div>
    );
  };

  switch (draft.kind) {
    case "shortText":
    case "longText":
      return <p className="hint">{t("editor.noSettings")}</p>;
    case "year":
      return <p className="hint">{t("editor.yearHint")}</p>;
    case "number":
      return (
        <div className="field-row">
          {numberField("item-number-min", t("editor.numberMin"), draft.numberMin, (numberMin) => onChange({ numberMin }), t("editor.optional"))}
          {numberField("item-number-max", t("editor.numberMax"), draft.numberMax, (numberMax) => onChange({ numberMax }), t("editor.optional"))}
        </div>
      );
    case "singleChoice":
    case "multipleChoice":
      return (
        <>
          <CodedListEditor
            legend={t("editor.options")}
            idBase="item-choices"
            entries={draft.choices}
            onChange={(choices) => onChange({ choices })}
            itemLabel={(n) => t("editor.optionN", { n })}
            addLabel={t("editor.addOption")}
            create={() => codedText()}
            problems={problems}
            codeLabel={(label) => t("editor.codeFor", { label })}
            advancedSummary={t("editor.advancedCodes")}
            fallbackPrefix="option"
          />
          <div className="field">
            <label className="check">
              <input type="checkbox" checked={draft.showOther} onChange={(event) => onChange({ showOther: event.target.checked })} />
              {t("editor.showOther")}
            </label>
          </div>
          {draft.showOther && (
            <LocalizedFields
              label={t("editor.otherText")}
              idBase="item-other"
              value={draft.otherText}
              englishRequired
              errors={errorsOf("item-other")}
              onChange={(otherText) => onChange({ otherText })}
            />
          )}
        </>
      );
    case "yesNo":
      return (
        <>
          <LocalizedFields label={t("editor.yesLabel")} idBase="item-yes" value={draft.yes} englishRequired errors={errorsOf("item-yes")} onChange={(yes) => onChange({ yes })} />
          <LocalizedFields label={t("editor.noLabel")} idBase="item-no" value={draft.no} englishRequired errors={errorsOf("item-no")} onChange={(no) => onChange({ no })} />
        </>
      );
    case "rating":
      return (
        <>
          <div className="field-row">
            {numberField("item-rating-min", t("editor.ratingMin"), draft.ratingMin, (ratingMin) => onChange({ ratingMin }))}
            {numberField("item-rating-max", t("editor.ratingMax"), draft.ratingMax, (ratingMax) => onChange({ ratingMax }), t("editor.ratingHint"))}
          </div>
          <LocalizedFields
            label={t("editor.ratingMinLabel")}
            idBase="item-rating-min-label"
            value={draft.ratingMinLabel}
            germanRequired={false}
            hint={t("editor.optional")}
            errors={errorsOf("item-rating-min-label")}
            onChange={(ratingMinLabel) => onChange({ ratingMinLabel })}
          />
          <LocalizedFields
            label={t("editor.ratingMaxLabel")}
            idBase="item-rating-max-label"
            value={draft.ratingMaxLabel}
            germanRequired={false}
            hint={t("editor.optional")}
            errors={errorsOf("item-rating-max-label")}
            onChange={(ratingMaxLabel) => onChange({ ratingMaxLabel })}
          />
        </>
      );
    case "likert":
      return (
        <>
          <CodedListEditor
            legend={t("editor.rows")}
            idBase="item-rows"
            entries={draft.rows}
            onChange={(rows) => onChange({ rows })}
            itemLabel={(n) => t("editor.rowN", { n })}
            addLabel={t("editor.addRow")}
            create={() => codedText()}
            problems={problems}
            codeLabel={(label) => t("editor.codeFor", { label })}
            advancedSummary={t("editor.advancedRowCodes")}
            fallbackPrefix="zeile"
          />
          <CodedListEditor
            legend={t("editor.columns")}
            idBase="item-columns"
            entries={draft.columns}
            onChange={(columns) => onChange({ columns })}
            itemLabel={(n) => t("editor.columnN", { n })}
            addLabel={t("editor.addColumn")}
            create={() => codedText()}
            problems={problems}
            codeLabel={(label) => t("editor.codeFor", { label })}
            advancedSummary={t("editor.advancedColumnCodes")}
            fallbackPrefix="spalte"
          />
        </>
      );
    case "repeatable":
      return (
        <CodedListEditor<SubField>
          legend={t("editor.fields")}
          idBase="item-fields"
          entries={draft.subFields}
          onChange={(subFields) => onChange({ subFields })}
          itemLabel={(n) => t("editor.fieldN", { n })}
          addLabel={t("editor.addField")}
          create={() => ({ ...codedText(), kind: "shortText" })}
          problems={problems}
          codeLabel={(label) => t("editor.fieldNameFor", { label })}
          advancedSummary={t("editor.advancedFieldNames")}
          fallbackPrefix="feld"
          renderExtra={(entry, label, update) => (
            <div className="field field-short">
              <label htmlFor={`${id}-${entry.key}-kind`}>{t("editor.fieldKind", { label })}</label>
              <select id={`${id}-${entry.key}-kind`} value={entry.kind} onChange={(event) => update({ ...entry, kind: event.target.value as SubFieldKind })}>
                {SUB_FIELD_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(subFieldKindLabels[kind])}
                  </option>
                ))}
              </select>
            </div>
          )}
        />
      );
  }
}

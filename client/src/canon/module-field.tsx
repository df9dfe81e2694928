import { useId } from "react";
import type { CanonFacets } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { LocalizedFields } from "../lib/localized-fields.tsx";
import { codeFromText, type ModuleChoice } from "./item-draft.ts";

interface ModuleFieldProps {
  questionnaire: string;
  value: ModuleChoice;
  onChange: (value: ModuleChoice) => void;
  facets: CanonFacets | null;
  problems: Map<string, string>;
}

const DEFAULT = "__default__";
const NEW = "__new__";

/** The module for a new own module: `own.<code of the German title>`, unique among the modules. */
export function newModuleId(title: string, facets: CanonFacets | null): string {
  const base = `own.${codeFromText(title) || "modul"}`.slice(0, 90);
  const taken = new Set((facets?.modules ?? []).map((module) => module.id));
  let id = base;
  for (let suffix = 2; taken.has(id); suffix++) id = `${base}_${suffix}`;
  return id;
}

/**
 * Where the item is listed: the organisation's default module "Eigene Fragen" of the
 * questionnaire, one of its own modules, or a new module named here.
 */
export function ModuleField({ questionnaire, value, onChange, facets, problems }: ModuleFieldProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const ownModules = (facets?.modules ?? []).filter(
    (module) => module.own && module.questionnaire === questionnaire && module.id !== `own.${questionnaire}`,
  );
  const options = [...ownModules.map((module) => ({ id: module.id, title: module.title }))];
  if (value.mode === "existing" && !options.some((option) => option.id === value.id)) options.unshift({ id: value.id, title: value.title });
  const selected = value.mode === "default" ? DEFAULT : value.mode === "new" ? NEW : value.id;

  return (
    <div className="module-field">
      <div className="field">
        <label htmlFor={`${id}-module`}>{t("canon.module")}</label>
        <select
          id={`${id}-module`}
          value={selected}
          onChange={(event) => {
            const next = event.target.value;
            if (next === DEFAULT) onChange({ mode: "default" });
            else if (next === NEW) onChange({ mode: "new", title: { de: "", en: "" } });
            else {
              const option = options.find((candidate) => candidate.id === next);
              if (option) onChange({ mode: "existing", id: option.id, title: option.title });
            }
          }}
        >
          <option value={DEFAULT}>{t("editor.moduleDefault")}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {pick(option.title)}
            </option>
          ))}
          <option value={NEW}>{t("editor.moduleNew")}</option>
        </select>
      </div>
      {value.mode === "new" && (
        <LocalizedFields
          label={t("editor.newModuleName")}
          idBase="item-module-new"
          value={value.title}
          englishRequired
          maxLength={200}
          errors={{ de: problems.get("item-module-new-de"), en: problems.get("item-module-new-en") }}
          onChange={(title) => onChange({ mode: "new", title })}
        />
      )}
    </div>
  );
}

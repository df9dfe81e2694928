import { useId } from "react";
import type { CanonFacets } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import type { CanonLabels } from "./canon-labels.ts";

export interface CanonFilter {
  q: string;
  questionnaire: string;
  module: string;
  lifePhase: string;
  fieldOfAction: string;
  topic: string;
  /** With a life phase or field of action: also the general items tagged "all" (the default). */
  includeGeneral: boolean;
  includeRetired: boolean;
}

export const emptyFilter: CanonFilter = {
  q: "",
  questionnaire: "",
  module: "",
  lifePhase: "",
  fieldOfAction: "",
  topic: "",
  includeGeneral: true,
  includeRetired: false,
};

interface CanonFiltersProps {
  filter: CanonFilter;
  onChange: (filter: CanonFilter) => void;
  facets: CanonFacets | null;
  labels: CanonLabels;
  searchInputId?: string;
  showRetiredToggle: boolean;
}

/**
 * Search box and filters of the canon browser. Every control is a native, labelled form
 * control; each option names how many items carry it, so empty filters are visible before
 * choosing them. A life phase or field of action also finds the general questions that apply
 * to every one (an institution's name, a network's structure); a checkbox leaves them out.
 */
export function CanonFilters({ filter, onChange, facets, labels, searchInputId, showRetiredToggle }: CanonFiltersProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const searchId = searchInputId ?? `${id}-search`;
  const set = (patch: Partial<CanonFilter>) => onChange({ ...filter, ...patch });
  const modules = (facets?.modules ?? []).filter((module) => !filter.questionnaire || module.questionnaire === filter.questionnaire);
  const active =
    filter.q !== "" ||
    filter.questionnaire !== "" ||
    filter.module !== "" ||
    filter.lifePhase !== "" ||
    filter.fieldOfAction !== "" ||
    filter.topic !== "";
  const counted = (label: string, count: number) => t("canon.optionCount", { label, n: count });
  const tagCount = (facet: { itemCount: number; specificCount: number }) => (filter.includeGeneral ? facet.itemCount : facet.specificCount);
  const byTag = filter.lifePhase !== "" || filter.fieldOfAction !== "";

  return (
    <div className="canon-filters">
      <div className="field canon-search">
        <label htmlFor={searchId}>{t("canon.search")}</label>
        <p className="hint" id={`${id}-search-hint`}>
          {t("canon.searchHint")}
        </p>
        <input
          id={searchId}
          type="search"
          aria-describedby={`${id}-search-hint`}
          value={filter.q}
          autoComplete="off"
          onChange={(event) => set({ q: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-questionnaire`}>{t("canon.questionnaire")}</label>
        <select
          id={`${id}-questionnaire`}
          value={filter.questionnaire}
          onChange={(event) => {
            const questionnaire = event.target.value;
            const module = facets?.modules.find((candidate) => candidate.id === filter.module);
            set({ questionnaire, module: module && questionnaire && module.questionnaire !== questionnaire ? "" : filter.module });
          }}
        >
          <option value="">{t("canon.allQuestionnaires")}</option>
          {(facets?.questionnaires ?? []).map((questionnaire) => (
            <option key={questionnaire.id} value={questionnaire.id}>
              {counted(pick(questionnaire.label), questionnaire.itemCount)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-module`}>{t("canon.module")}</label>
        <select id={`${id}-module`} value={filter.module} onChange={(event) => set({ module: event.target.value })}>
          <option value="">{t("canon.allModules")}</option>
          {modules.map((module) => (
            <option key={module.id} value={module.id}>
              {counted(`${pick(module.title)}${module.own ? ` (${t("canon.ownShort")})` : ""}`, module.itemCount)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-phase`}>{t("canon.lifePhase")}</label>
        <select id={`${id}-phase`} value={filter.lifePhase} onChange={(event) => set({ lifePhase: event.target.value })}>
          <option value="">{t("canon.allLifePhases")}</option>
          {(facets?.lifePhases ?? []).map((phase) => (
            <option key={phase.id} value={phase.id}>
              {counted(labels.lifePhase(phase.id), tagCount(phase))}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-field`}>{t("canon.fieldOfAction")}</label>
        <select id={`${id}-field`} value={filter.fieldOfAction} onChange={(event) => set({ fieldOfAction: event.target.value })}>
          <option value="">{t("canon.allFieldsOfAction")}</option>
          {(facets?.fieldsOfAction ?? []).map((field) => (
            <option key={field.id} value={field.id}>
              {counted(labels.fieldOfAction(field.id), tagCount(field))}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-topic`}>{t("canon.topic")}</label>
        <select id={`${id}-topic`} value={filter.topic} onChange={(event) => set({ topic: event.target.value })}>
          <option value="">{t("canon.allTopics")}</option>
          {(facets?.topics ?? []).map((topic) => (
            <option key={topic.id} value={topic.id}>
              {counted(labels.topic(topic.id), topic.itemCount)}
            </option>
          ))}
        </select>
      </div>
      <div className="canon-filter-actions">
        {byTag && (
          <div className="check-with-hint">
            <label className="check">
              <input
                type="checkbox"
                checked={filter.includeGeneral}
                aria-describedby={`${id}-general-hint`}
                onChange={(event) => set({ includeGeneral: event.target.checked })}
              />
              {t("canon.includeGeneral")}
            </label>
            <p className="hint" id={`${id}-general-hint`}>
              {t("canon.includeGeneralHint")}
            </p>
          </div>
        )}
        {showRetiredToggle && (
          <label className="check">
            <input type="checkbox" checked={filter.includeRetired} onChange={(event) => set({ includeRetired: event.target.checked })} />
            {t("canon.showRetired")}
          </label>
        )}
        {active && (
          <button
            type="button"
            className="button-small button-quiet"
            onClick={() => {
              onChange({ ...emptyFilter, includeRetired: filter.includeRetired });
              document.getElementById(searchId)?.focus();
            }}
          >
            {t("canon.resetFilters")}
          </button>
        )}
      </div>
    </div>
  );
}

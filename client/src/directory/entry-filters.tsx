import { useId } from "react";
import { useI18n } from "../lib/i18n.ts";
import type { DirectoryKind } from "./directory-types.ts";
import type { DirectoryChoices } from "./use-directory-choices.ts";

/** The filter criteria of one list; the kind comes from the tab. Same meaning as the server's DirectoryFilter. */
export interface Criteria {
  search: string;
  types: string[];
  districtIds: string[];
  lifePhases: string[];
  fieldsOfAction: string[];
  memberOfNetworkIds: string[];
}

export const emptyCriteria: Criteria = { search: "", types: [], districtIds: [], lifePhases: [], fieldsOfAction: [], memberOfNetworkIds: [] };

type ListCriterion = Exclude<keyof Criteria, "search">;

interface EntryFiltersProps {
  kind: DirectoryKind;
  criteria: Criteria;
  onChange: (criteria: Criteria) => void;
  choices: DirectoryChoices;
  searchInputId: string;
}

/**
 * Search box, one disclosure of checkboxes per criterion (type, district, life phase, field of
 * action, network), and the chosen values as chips that remove themselves when pressed.
 */
export function EntryFilters({ kind, criteria, onChange, choices, searchInputId }: EntryFiltersProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const groups: { criterion: ListCriterion; legend: string; options: { value: string; label: string; count?: number }[] }[] = [
    {
      criterion: "types",
      legend: t("directory.filter.type"),
      options: choices.facets.types[kind].map((type) => ({ value: type.value, label: type.value, count: type.count })),
    },
    {
      criterion: "districtIds",
      legend: t("directory.filter.district"),
      options: choices.districts.map((district) => ({ value: district.id, label: district.name })),
    },
    {
      criterion: "lifePhases",
      legend: t("directory.filter.lifePhase"),
      options: choices.facets.lifePhases.map((phase) => ({ value: phase.id, label: pick(phase.label) })),
    },
    {
      criterion: "fieldsOfAction",
      legend: t("directory.filter.fieldOfAction"),
      options: choices.facets.fieldsOfAction.map((field) => ({ value: field.id, label: pick(field.label) })),
    },
    ...(kind === "institution"
      ? [
          {
            criterion: "memberOfNetworkIds" as const,
            legend: t("directory.filter.network"),
            options: choices.networks.map((network) => ({ value: network.id, label: network.name })),
          },
        ]
      : []),
  ];
  const set = (criterion: ListCriterion, values: string[]) => onChange({ ...criteria, [criterion]: values });
  const chips = groups.flatMap((group) =>
    criteria[group.criterion].map((value) => ({
      group,
      value,
      label: group.options.find((option) => option.value === value)?.label ?? value,
    })),
  );

  return (
    <div className="directory-filters">
      <div className="field directory-search">
        <label htmlFor={searchInputId}>{t("directory.search")}</label>
        <p className="hint" id={`${id}-search-hint`}>
          {t("directory.searchHint")}
        </p>
        <input
          id={searchInputId}
          type="search"
          value={criteria.search}
          autoComplete="off"
          aria-describedby={`${id}-search-hint`}
          onChange={(event) => onChange({ ...criteria, search: event.target.value })}
        />
      </div>
      <div className="directory-filter-groups">
        {groups
          .filter((group) => group.options.length > 0)
          .map((group) => {
            const chosen = criteria[group.criterion];
            return (
              <details key={group.criterion} className="disclosure directory-filter-group">
                <summary>
                  {group.legend}
                  {chosen.length > 0 ? ` (${chosen.length})` : ""}
                </summary>
                <fieldset className="directory-filter-options">
                  <legend className="visually-hidden">{group.legend}</legend>
                  {group.options.map((option) => (
                    <label key={option.value} className="check">
                      <input
                        type="checkbox"
                        checked={chosen.includes(option.value)}
                        onChange={(event) =>
                          set(group.criterion, event.target.checked ? [...chosen, option.value] : chosen.filter((value) => value !== option.value))
                        }
                      />
                      {option.count === undefined ? option.label : t("directory.optionCount", { label: option.label, n: option.count })}
                    </label>
                  ))}
                </fieldset>
              </details>
            );
          })}
      </div>
      {chips.length > 0 && (
        <ul className="directory-chips" aria-label={t("directory.activeFilters")}>
          {chips.map((chip) => (
            <li key={`${chip.group.criterion}:${chip.value}`}>
              <button
                type="button"
                className="directory-chip"
                aria-label={t("directory.removeFilter", { label: `${chip.group.legend}: ${chip.label}` })}
                onClick={() => {
                  set(chip.group.criterion, criteria[chip.group.criterion].filter((value) => value !== chip.value));
                  document.getElementById(searchInputId)?.focus();
                }}
              >
                <span className="meta">{chip.group.legend}:</span> {chip.label} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              className="button-quiet button-small"
              onClick={() => {
                onChange(emptyCriteria);
                document.getElementById(searchInputId)?.focus();
              }}
            >
              {t("directory.resetFilters")}
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}

import { useId } from "react";
import type { DirectoryChoices } from "../directory/use-directory-choices.ts";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import type { DirectoryKindChoice, ListCriterion, RecipientCriteria } from "./results-url.ts";

export interface CriterionOption {
  value: string;
  label: string;
  count?: number;
}

/** The labels of each recipient criterion (shared with the summary of the active filter). */
export const CRITERION_LABELS: Record<ListCriterion, MessageKey> = {
  districtIds: "resultsView.criterion.district",
  types: "resultsView.criterion.type",
  lifePhases: "resultsView.criterion.lifePhase",
  fieldsOfAction: "resultsView.criterion.fieldOfAction",
  memberOfNetworkIds: "resultsView.criterion.network",
};

/**
 * What each recipient criterion offers, from the directory's vocabulary (the same choices as the
 * directory page and the recipients' targeting): provider types of the chosen kind (of both when
 * none), the organisation's districts and networks, the canon's life phases and fields of action.
 */
export function criterionOptions(choices: DirectoryChoices, kind: DirectoryKindChoice | null, pick: (text: { de: string; en: string }) => string): Record<ListCriterion, CriterionOption[]> {
  const types = new Map<string, number>();
  for (const side of kind ? [kind] : (["institution", "network"] as const)) {
    for (const type of choices.facets.types[side]) types.set(type.value, (types.get(type.value) ?? 0) + type.count);
  }
  return {
    districtIds: choices.districts.map((district) => ({ value: district.id, label: district.name })),
    types: [...types].map(([value, count]) => ({ value, label: value, count })),
    lifePhases: choices.facets.lifePhases.map((phase) => ({ value: phase.id, label: pick(phase.label) })),
    fieldsOfAction: choices.facets.fieldsOfAction.map((field) => ({ value: field.id, label: pick(field.label) })),
    memberOfNetworkIds: choices.networks.map((network) => ({ value: network.id, label: network.name })),
  };
}

/**
 * Filter by the recipients' directory entries: kind (institutions, networks or both), then one
 * disclosure of checkboxes per criterion. Any value of a criterion matches; criteria combine.
 */
export function RecipientFilters({ criteria, choices, onChange }: { criteria: RecipientCriteria; choices: DirectoryChoices; onChange: (next: RecipientCriteria) => void }) {
  const { t, pick } = useI18n();
  const id = useId();
  const options = criterionOptions(choices, criteria.kind, pick);
  const kinds: { value: DirectoryKindChoice | null; label: string }[] = [
    { value: null, label: t("resultsView.kind.all") },
    { value: "institution", label: t("resultsView.kind.institution") },
    { value: "network", label: t("resultsView.kind.network") },
  ];

  return (
    <div className="results-recipient-filters">
      <fieldset className="results-kind">
        <legend>{t("resultsView.criterion.kind")}</legend>
        {kinds.map((kind) => (
          <label key={kind.value ?? "all"} className="check">
            <input type="radio" name={`${id}-kind`} checked={criteria.kind === kind.value} onChange={() => onChange({ ...criteria, kind: kind.value })} />
            {kind.label}
          </label>
        ))}
      </fieldset>
      <div className="directory-filter-groups">
        {(Object.keys(CRITERION_LABELS) as ListCriterion[])
          .filter((criterion) => options[criterion].length > 0)
          .map((criterion) => {
            const chosen = criteria[criterion];
            const legend = t(CRITERION_LABELS[criterion]);
            return (
              <details key={criterion} className="disclosure directory-filter-group" data-criterion={criterion}>
                <summary>
                  {legend}
                  {chosen.length > 0 ? ` (${chosen.length})` : ""}
                </summary>
                <fieldset className="directory-filter-options">
                  <legend className="visually-hidden">{legend}</legend>
                  {options[criterion].map((option) => (
                    <label key={option.value} className="check">
                      <input
                        type="checkbox"
                        checked={chosen.includes(option.value)}
                        onChange={(event) =>
                          onChange({
                            ...criteria,
                            [criterion]: event.target.checked ? [...chosen, option.value] : chosen.filter((value) => value !== option.value),
                          })
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
    </div>
  );
}

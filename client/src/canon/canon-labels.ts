import type { CanonFacets, CanonItem } from "../lib/api-types.ts";
import { isMessageKey, type I18n } from "../lib/i18n.ts";
import type { Localized } from "../lib/localized.ts";

/** Labels for the canon's codes: from the facets where the server names them, else from i18n. */
export interface CanonLabels {
  questionnaire: (code: string) => string;
  lifePhase: (code: string) => string;
  fieldOfAction: (code: string) => string;
  /** The labels of an item's life phases; "all" reads "Alle Lebensphasen". */
  lifePhases: (list: TagList) => string[];
  /** The labels of an item's fields of action; "all" reads "Alle Handlungsfelder". */
  fieldsOfAction: (list: TagList) => string[];
  topic: (code: string) => string;
  type: (type: string) => string;
  /** The type as the editor names it, refined by the element (numbers and years are text fields). */
  elementType: (element: Record<string, unknown>) => string;
}

function lookup(list: { id: string; label: Localized }[] | undefined, pick: (text: Localized) => string) {
  const byId = new Map((list ?? []).map((entry) => [entry.id, entry.label]));
  return (code: string) => {
    const label = byId.get(code);
    return label ? pick(label) : code.replace(/_/g, " ");
  };
}

/** Life phases or fields of action of an item: codes, or "all" when it applies to every one. */
export type TagList = CanonItem["tags"]["lifePhases"];

export function canonLabels(facets: CanonFacets | null, { t, pick }: Pick<I18n, "t" | "pick">): CanonLabels {
  const questionnaires = lookup(facets?.questionnaires, pick);
  const lifePhase = lookup(facets?.lifePhases, pick);
  const fieldOfAction = lookup(facets?.fieldsOfAction, pick);
  return {
    questionnaire: (code) => {
      const key = `canon.q.${code}`;
      return facets ? questionnaires(code) : isMessageKey(key) ? t(key) : code;
    },
    lifePhase,
    fieldOfAction,
    lifePhases: (list) => (list === "all" ? [t("canon.tagAllLifePhases")] : list.map(lifePhase)),
    fieldsOfAction: (list) => (list === "all" ? [t("canon.tagAllFieldsOfAction")] : list.map(fieldOfAction)),
    topic: lookup(facets?.topics, pick),
    type: (type) => {
      const key = `type.${type}`;
      return isMessageKey(key) ? t(key) : type;
    },
    elementType: (element) => {
      const type = String(element.type ?? "text");
      if (type === "text" && element.inputType === "number") return Number(element.min) >= 1900 ? t("type.year") : t("type.number");
      if (type === "text" && element.inputType === "email") return t("type.email");
      const key = `type.${type}`;
      return isMessageKey(key) ? t(key) : type;
    },
  };
}

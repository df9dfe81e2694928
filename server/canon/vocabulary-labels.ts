/**
 * German and English labels of the canon's vocabularies (questionnaires, life phases, fields of
 * action, topics), for the facets of the canon browser, and the words under which the search
 * finds items tagged with them. The codes themselves live in canon-file-format.ts.
 *
 * @example
 * LIFE_PHASE_LABELS.early_childhood.de; // "Rund um die Kita"
 */
import type { LocalizedText } from "../db/schema.ts";
import type { FieldOfAction, LifePhase, Questionnaire } from "./canon-file-format.ts";

export interface VocabularyLabel extends LocalizedText {
  /** Extra words under which the search finds items carrying this tag (besides the labels). */
  searchWords?: string;
}

export const QUESTIONNAIRE_LABELS: Record<Questionnaire, VocabularyLabel> = {
  actor: { de: "Akteursfragebogen", en: "Actor questionnaire" },
  network: { de: "Netzwerkfragebogen", en: "Network questionnaire" },
  standards: { de: "Präventionsstandards", en: "Prevention standards" },
  municipal: { de: "Kommunale Selbsteinschätzung", en: "Municipal self-assessment" },
};

export const LIFE_PHASE_LABELS: Record<LifePhase, VocabularyLabel> = {
  pregnancy_birth: { de: "Rund um Schwangerschaft und Geburt", en: "Pregnancy and birth", searchWords: "Schwangerschaft Geburt" },
  early_childhood: { de: "Rund um die Kita", en: "Early childhood and day care", searchWords: "frühe Kindheit Kita" },
  school: { de: "Von der Grundschule bis in die weiterführende Schule", en: "Primary into secondary school", searchWords: "Schule Grundschule" },
  youth: { de: "Rund um die Jugendphase (bis Übergang Schule → Beruf)", en: "Adolescence (up to the transition from school to work)", searchWords: "Jugend Jugendliche" },
};

export const FIELD_OF_ACTION_LABELS: Record<FieldOfAction, VocabularyLabel> = {
  health: { de: "Gesundheit", en: "Health" },
  youth_welfare: { de: "Kinder- und Jugendhilfe", en: "Child and youth welfare" },
  education: { de: "Bildung", en: "Education" },
  social: { de: "Soziales", en: "Social affairs" },
  sport: { de: "Sport", en: "Sport" },
  culture: { de: "Kultur", en: "Culture" },
};

/** Labels of the topics the shipped canon uses; other topics are shown by their code. */
export const TOPIC_LABELS: Record<string, VocabularyLabel> = {
  access: { de: "Zugang", en: "Access" },
  cooperation: { de: "Kooperation", en: "Cooperation" },
  coordination: { de: "Koordination", en: "Coordination" },
  data: { de: "Daten", en: "Data" },
  evaluation: { de: "Evaluation", en: "Evaluation" },
  funding: { de: "Finanzierung", en: "Funding" },
  goals: { de: "Ziele", en: "Goals" },
  governance: { de: "Steuerung", en: "Governance" },
  inclusion: { de: "Inklusion", en: "Inclusion" },
  languages: { de: "Sprachen", en: "Languages" },
  location: { de: "Ort", en: "Location" },
  networks: { de: "Netzwerke", en: "Networks" },
  offers: { de: "Angebote", en: "Offers" },
  outcomes: { de: "Wirkungen", en: "Outcomes" },
  outreach: { de: "Aufsuchende Arbeit", en: "Outreach" },
  parents: { de: "Eltern", en: "Parents" },
  participation: { de: "Beteiligung", en: "Participation" },
  perception: { de: "Wahrnehmung", en: "Perception" },
  quality: { de: "Qualität", en: "Quality" },
  reach: { de: "Reichweite", en: "Reach" },
  referral: { de: "Weitervermittlung", en: "Referral" },
  resources: { de: "Ressourcen", en: "Resources" },
  staff: { de: "Personal", en: "Staff" },
  standards: { de: "Standards", en: "Standards" },
  structure: { de: "Struktur", en: "Structure" },
  target_groups: { de: "Zielgruppen", en: "Target groups" },
  transitions: { de: "Übergänge", en: "Transitions" },
};

/** The label of a topic code; unknown topics read as their code with spaces ("early_help" → "early help"). */
export function topicLabel(topic: string): LocalizedText {
  const known = TOPIC_LABELS[topic];
  if (known) return { de: known.de, en: known.en };
  const words = topic.replace(/_/g, " ");
  return { de: words, en: words };
}

/** Every word a tag contributes to an item's search text: its code, labels and search words. */
export function tagSearchWords(label: VocabularyLabel | undefined, code: string): string[] {
  return [code.replace(/_/g, " "), ...(label ? [label.de, label.en, label.searchWords ?? ""] : [])];
}

import { useId, useState } from "react";
import type { CanonFacets } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { topicFromText, type ItemDraft } from "./item-draft.ts";

interface TagFieldsProps {
  tags: ItemDraft["tags"];
  onChange: (tags: ItemDraft["tags"]) => void;
  facets: CanonFacets | null;
  problem?: string;
}

/** Life phases, fields of action and topics as checkbox groups; a new topic can be added. */
export function TagFields({ tags, onChange, facets, problem }: TagFieldsProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const [newTopic, setNewTopic] = useState("");
  const knownTopics = facets?.topics ?? [];
  const extraTopics = tags.topics.filter((topic) => !knownTopics.some((known) => known.id === topic));

  const toggle = (key: keyof ItemDraft["tags"], code: string, on: boolean) =>
    onChange({ ...tags, [key]: on ? [...tags[key], code] : tags[key].filter((value) => value !== code) });

  function addTopic() {
    const code = topicFromText(newTopic);
    if (!code) return;
    if (!tags.topics.includes(code)) onChange({ ...tags, topics: [...tags.topics, code] });
    setNewTopic("");
  }

  return (
    <div className="tag-fields">
      <fieldset className="check-group">
        <legend>{t("canon.lifePhases")}</legend>
        {(facets?.lifePhases ?? []).map((phase) => (
          <label key={phase.id} className="check">
            <input type="checkbox" checked={tags.lifePhases.includes(phase.id)} onChange={(event) => toggle("lifePhases", phase.id, event.target.checked)} />
            {pick(phase.label)}
          </label>
        ))}
      </fieldset>
      <fieldset className="check-group">
        <legend>{t("canon.fieldsOfAction")}</legend>
        {(facets?.fieldsOfAction ?? []).map((field) => (
          <label key={field.id} className="check">
            <input
              type="checkbox"
              checked={tags.fieldsOfAction.includes(field.id)}
              onChange={(event) => toggle("fieldsOfAction", field.id, event.target.checked)}
            />
            {pick(field.label)}
          </label>
        ))}
      </fieldset>
      <fieldset className="check-group check-group-wide">
        <legend>{t("canon.topics")}</legend>
        {[...knownTopics.map((topic) => ({ id: topic.id, label: pick(topic.label) })), ...extraTopics.map((topic) => ({ id: topic, label: topic.replace(/_/g, " ") }))].map(
          (topic) => (
            <label key={topic.id} className="check">
              <input type="checkbox" checked={tags.topics.includes(topic.id)} onChange={(event) => toggle("topics", topic.id, event.target.checked)} />
              {topic.label}
            </label>
          ),
        )}
        <div className="inline-add">
          <div className="field">
            <label htmlFor="item-topic-new">{t("editor.newTopic")}</label>
            <p className="hint" id={`${id}-topic-hint`}>
              {t("editor.newTopicHint")}
            </p>
            <input
              id="item-topic-new"
              value={newTopic}
              autoComplete="off"
              aria-describedby={`${id}-topic-hint`}
              aria-invalid={problem ? true : undefined}
              onChange={(event) => setNewTopic(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  addTopic();
                }
              }}
            />
          </div>
          <button type="button" className="button-small" disabled={!topicFromText(newTopic)} onClick={addTopic}>
            {t("editor.addTopic")}
          </button>
        </div>
        {problem && <p className="field-error">{problem}</p>}
      </fieldset>
    </div>
  );
}

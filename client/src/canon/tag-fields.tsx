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

type TagListKey = "lifePhases" | "fieldsOfAction";

/**
 * Life phases, fields of action and topics as checkbox groups; a new topic can be added. "Alle
 * Lebensphasen" / "Alle Handlungsfelder" mark a general question: the browser then finds it under
 * every life phase or field, and the single boxes show as ticked and fixed.
 */
export function TagFields({ tags, onChange, facets, problem }: TagFieldsProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const [newTopic, setNewTopic] = useState("");
  const knownTopics = facets?.topics ?? [];
  const extraTopics = tags.topics.filter((topic) => !knownTopics.some((known) => known.id === topic));

  const toggle = (key: "topics", code: string, on: boolean) =>
    onChange({ ...tags, [key]: on ? [...tags[key], code] : tags[key].filter((value) => value !== code) });
  const toggleCode = (key: TagListKey, code: string, on: boolean) => {
    const list = tags[key] === "all" ? [] : tags[key];
    onChange({ ...tags, [key]: on ? [...list, code] : list.filter((value) => value !== code) });
  };

  const tagListGroup = (key: TagListKey, legend: string, allLabel: string, options: { id: string; label: { de: string; en: string } }[]) => {
    const all = tags[key] === "all";
    return (
      <fieldset className="check-group">
        <legend>{legend}</legend>
        <label className="check check-all">
          <input
            type="checkbox"
            checked={all}
            aria-describedby={`${id}-all-hint`}
            onChange={(event) => onChange({ ...tags, [key]: event.target.checked ? "all" : [] })}
          />
          {allLabel}
        </label>
        {options.map((option) => (
          <label key={option.id} className="check">
            <input
              type="checkbox"
              checked={all || tags[key].includes(option.id)}
              disabled={all}
              onChange={(event) => toggleCode(key, option.id, event.target.checked)}
            />
            {pick(option.label)}
          </label>
        ))}
      </fieldset>
    );
  };

  function addTopic() {
    const code = topicFromText(newTopic);
    if (!code) return;
    if (!tags.topics.includes(code)) onChange({ ...tags, topics: [...tags.topics, code] });
    setNewTopic("");
  }

  return (
    <div className="tag-fields">
      <p className="hint" id={`${id}-all-hint`}>
        {t("editor.allTagsHint")}
      </p>
      {tagListGroup("lifePhases", t("canon.lifePhases"), t("canon.tagAllLifePhases"), facets?.lifePhases ?? [])}
      {tagListGroup("fieldsOfAction", t("canon.fieldsOfAction"), t("canon.tagAllFieldsOfAction"), facets?.fieldsOfAction ?? [])}
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

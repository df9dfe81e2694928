import { Suspense, useId, useState } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import type { CanonItem } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n, type Language } from "../lib/i18n.ts";
import { lazyNamed } from "../lib/lazy-named.ts";
import { Loading } from "../lib/loading.tsx";
import type { CanonLabels } from "./canon-labels.ts";
import { ImportSourceNote } from "../questionnaire-import/import-source.tsx";

/** survey-core is only downloaded once a planner opens a preview. */
const QuestionPreview = lazyNamed(() => import("../lib/question-preview.tsx"), "QuestionPreview");

interface CanonItemCardProps {
  item: CanonItem;
  labels: CanonLabels;
  picked: boolean;
  onAdd?: (item: CanonItem) => void;
  manage: boolean;
  onChanged: () => void;
  onShowVersions?: (item: CanonItem) => void;
}

/**
 * One canon item: its title in the reader's language with the other language beneath, type,
 * tags, badges ("eigene Frage", "ausgemustert"), a preview as respondents see it, and the
 * actions of the place it is shown in (add to the survey, or edit, versions and retire).
 */
export function CanonItemCard({ item, labels, picked, onAdd, manage, onChanged, onShowVersions }: CanonItemCardProps) {
  const { t, pick, lang } = useI18n();
  const previewId = useId();
  const [previewOpen, setPreviewOpen] = useState(false);
  const [previewLanguage, setPreviewLanguage] = useState<Language>(lang);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const title = pick(item.title);
  const otherLanguage: Language = lang === "de" ? "en" : "de";
  const otherTitle = item.title[otherLanguage];
  const tags = [
    ...labels.lifePhases(item.tags.lifePhases),
    ...labels.fieldsOfAction(item.tags.fieldsOfAction),
    ...item.tags.topics.map((code) => labels.topic(code)),
  ];

  async function setRetired(retired: boolean) {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/canon/items/${encodeURIComponent(item.itemId)}/${retired ? "retire" : "unretire"}`);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`canon-item${item.retired ? " is-retired" : ""}`} data-item-id={item.itemId}>
      <div className="canon-item-main">
        <div className="canon-text">
          <span className="canon-title">
            {title}
            {item.own && <span className="badge badge-own">{t("canon.ownBadge")}</span>}
            {item.retired && <span className="badge badge-warning">{t("canon.retiredBadge")}</span>}
          </span>
          {otherTitle && otherTitle !== title && (
            <span className="other-language" lang={otherLanguage}>
              {otherTitle}
            </span>
          )}
          <span className="meta">
            {labels.elementType(item.element)} · {labels.questionnaire(item.questionnaire)} · {t("builder.version", { n: item.version })}
          </span>
          {item.importSource && <ImportSourceNote source={item.importSource} />}
          {tags.length > 0 && (
            <ul className="tags" aria-label={t("canon.tags")}>
              {tags.map((tag, index) => (
                <li key={`${tag}-${index}`} className="tag">
                  {tag}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="canon-actions">
          <button
            type="button"
            className="button-small"
            aria-expanded={previewOpen}
            aria-controls={previewId}
            aria-label={t("canon.previewLabel", { title })}
            onClick={() => setPreviewOpen((open) => !open)}
          >
            {t("canon.preview")}
          </button>
          {onAdd && (
            <button
              type="button"
              className={picked ? "button-small button-quiet" : "button-small button-primary"}
              disabled={picked || item.retired}
              aria-label={picked ? `${t("canon.added")}: ${title}` : t("canon.addLabel", { title })}
              onClick={() => onAdd(item)}
            >
              {picked ? t("canon.added") : t("canon.add")}
            </button>
          )}
          {manage && onShowVersions && (
            <button type="button" className="button-small" aria-label={t("canon.versionsLabel", { title })} onClick={() => onShowVersions(item)}>
              {t("canon.versions")}
            </button>
          )}
          {manage && item.own && !item.retired && (
            <Link href={`/canon/items/${encodeURIComponent(item.itemId)}`} className="button button-small" aria-label={t("canon.editLabel", { title })}>
              {t("canon.edit")}
            </Link>
          )}
          {manage && item.own && (
            <button
              type="button"
              className="button-small button-quiet"
              disabled={busy}
              aria-label={t(item.retired ? "canon.unretireLabel" : "canon.retireLabel", { title })}
              onClick={() => void setRetired(!item.retired)}
            >
              {item.retired ? t("canon.unretire") : t("canon.retire")}
            </button>
          )}
        </div>
      </div>
      <ErrorAlert error={error} />
      <div id={previewId} className="canon-preview" hidden={!previewOpen}>
        {previewOpen && (
          <>
            <div className="preview-language" role="group" aria-label={t("canon.previewLanguage", { title })}>
              {(["de", "en"] as const).map((code) => (
                <button
                  key={code}
                  type="button"
                  className="button-small"
                  lang={code}
                  aria-pressed={previewLanguage === code}
                  onClick={() => setPreviewLanguage(code)}
                >
                  {t(code === "de" ? "lang.de" : "lang.en")}
                </button>
              ))}
            </div>
            <Suspense fallback={<Loading />}>
              <QuestionPreview element={item.element} language={previewLanguage} />
            </Suspense>
            <p className="meta item-key">
              {t("canon.itemKey")}: <code>{item.itemId}</code>
            </p>
          </>
        )}
      </div>
    </li>
  );
}

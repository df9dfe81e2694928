import { useEffect, useState } from "react";
import { answerValueOptionsOf } from "../lib/answer-options.ts";
import { api } from "../lib/api.ts";
import type { CanonItemVersions } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { toLocalized } from "../lib/localized.ts";

const originLabels: Record<string, MessageKey> = {
  canon: "versions.origin.canon",
  editor: "versions.origin.editor",
  import: "versions.origin.import",
};

/**
 * Every version of an item, newest first: when it was made and how, its question text and
 * answer options, and how the options of the previous version map onto it (and whether that
 * breaks comparability between survey waves).
 */
export function VersionHistory({ itemId, reloadKey = 0 }: { itemId: string; reloadKey?: number }) {
  const { t, pick, lang } = useI18n();
  const [history, setHistory] = useState<CanonItemVersions | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .get<CanonItemVersions>(`/canon/items/${encodeURIComponent(itemId)}/versions`)
      .then(setHistory)
      .catch(setError);
  }, [itemId, reloadKey]);

  if (error) return <ErrorAlert error={error} />;
  if (!history) return <Loading />;

  const versions = [...history.versions].reverse();
  return (
    <ol className="version-list" reversed>
      {versions.map((version, index) => {
        const previous = versions[index + 1];
        const options = answerValueOptionsOf(version.element);
        const previousOptions = previous ? answerValueOptionsOf(previous.element) : [];
        const labelOf = (value: string, list: typeof options) => {
          const option = list.find((candidate) => candidate.value === value);
          return option ? pick(option.text) : value;
        };
        const title = toLocalized(version.element.title);
        return (
          <li key={version.version} className="version-entry">
            <h3>
              {t("builder.version", { n: version.version })}
              {index === 0 && <span className="badge badge-open">{t("versions.latest")}</span>}
            </h3>
            <p className="meta">
              {formatDateTime(version.createdAt, lang)} · {t(originLabels[version.origin] ?? "versions.origin.canon")}
            </p>
            <p>
              <span lang="de">{title.de}</span>
              {title.en !== title.de && (
                <>
                  {" / "}
                  <span lang="en">{title.en}</span>
                </>
              )}
            </p>
            {options.length > 0 && (
              <p className="meta">
                {t("versions.options")}: {options.map((option) => pick(option.text)).join(" · ")}
              </p>
            )}
            {version.optionMapping && (
              <div className="version-mapping">
                <p>
                  <strong>{t("versions.mappingFrom", { n: version.optionMapping.fromVersion })}</strong>{" "}
                  {version.optionMapping.break ? (
                    <span className="badge badge-warning">{t("versions.break")}</span>
                  ) : (
                    <span className="badge badge-open">{t("versions.comparable")}</span>
                  )}
                </p>
                <ul>
                  {Object.entries(version.optionMapping.map).map(([from, to]) => (
                    <li key={from}>
                      „{labelOf(from, previousOptions)}“ →{" "}
                      {to === null ? <em>{t("mapping.dropped")}</em> : `„${labelOf(to, options)}“`}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}

import type { Results } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";

/** The response funnel at a glance: invited, opened, drafts, submitted. */
export function CountTiles({ counts }: { counts: Results["counts"] }) {
  const { t } = useI18n();
  const tiles = [
    { key: "invited", label: t("results.invited"), value: counts.invited },
    { key: "opened", label: t("results.opened"), value: counts.opened },
    { key: "draft", label: t("results.draft"), value: counts.draft },
    { key: "submitted", label: t("results.submitted"), value: counts.submitted },
  ];
  return (
    <dl className="tiles" aria-label={t("results.tiles")}>
      {tiles.map((tile) => (
        <div key={tile.key} className={`tile tile-${tile.key}`} data-testid={`tile-${tile.key}`}>
          <dt>{tile.label}</dt>
          <dd>{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}

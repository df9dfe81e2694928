import { api } from "../lib/api.ts";
import { useI18n } from "../lib/i18n.ts";
import { NumberSettingCard } from "../organisation/number-setting-card.tsx";

interface CellSizeSettings {
  minCellSize: number;
}

interface MinCellSizeSettingProps<Settings extends CellSizeSettings> {
  settings: Settings;
  readOnly: boolean;
  onSaved: (settings: Settings) => void;
}

/**
 * "Kleinste gezeigte Zahl" (3–10): below it, counts are hidden wherever results leave the
 * planner's view (network share links). Admins change it; everyone can read it.
 */
export function MinCellSizeSetting<Settings extends CellSizeSettings>({ settings, readOnly, onSaved }: MinCellSizeSettingProps<Settings>) {
  const { t } = useI18n();
  return (
    <NumberSettingCard
      texts={{ heading: t("cellSize.heading"), label: t("cellSize.label"), hint: t("cellSize.hint"), invalid: t("cellSize.invalid"), saved: t("cellSize.saved") }}
      current={settings.minCellSize}
      min={3}
      max={10}
      readOnly={readOnly}
      testId="min-cell-size-setting"
      save={async (minCellSize) => {
        const updated = await api.patch<Settings>("/organisation", { minCellSize });
        onSaved(updated);
        return updated.minCellSize;
      }}
    />
  );
}

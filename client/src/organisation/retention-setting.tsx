import { api } from "../lib/api.ts";
import { useI18n } from "../lib/i18n.ts";
import { NumberSettingCard } from "./number-setting-card.tsx";
import type { OrganisationSettings } from "./organisation-types.ts";

interface RetentionSettingProps {
  settings: OrganisationSettings;
  readOnly: boolean;
  onSaved: (settings: OrganisationSettings) => void;
}

/** "Antworten löschen … Monate nach Ende der Umfrage": empty keeps responses until the survey is deleted. */
export function RetentionSetting({ settings, readOnly, onSaved }: RetentionSettingProps) {
  const { t } = useI18n();
  return (
    <NumberSettingCard
      texts={{ heading: t("retention.heading"), label: t("retention.label"), hint: t("retention.hint"), invalid: t("retention.invalid"), saved: t("retention.saved") }}
      current={settings.retentionMonths}
      min={1}
      max={120}
      allowEmpty
      readOnly={readOnly}
      meta={settings.retentionMonths === null ? t("retention.none") : t("retention.current", { n: settings.retentionMonths })}
      testId="retention-setting"
      save={async (retentionMonths) => {
        const updated = await api.patch<OrganisationSettings>("/organisation", { retentionMonths });
        onSaved(updated);
        return updated.retentionMonths;
      }}
    />
  );
}

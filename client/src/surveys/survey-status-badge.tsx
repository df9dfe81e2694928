import { useI18n } from "../lib/i18n.ts";

/** The survey's state as a small labelled badge; text, not only colour, carries the meaning. */
export function SurveyStatusBadge({ status }: { status: "draft" | "open" | "closed" }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}

import { useCallback, useEffect, useId, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import type { ReminderAudience, ReminderOverview, ReminderResult } from "./recipient-types.ts";
import { scheduledAtOf, SendOptions, type SendTime } from "./send-options.tsx";

const RULE_DAYS = [14, 7, 3, 2, 1, 0];
const ALL_AUDIENCES: ReminderAudience[] = ["not_opened", "not_started", "draft"];
const REMINDER_HOUR = 9;

/** 9:00 Berlin time, n days before the closing date: when an automatic reminder goes out. */
function dueMoment(closingDate: string, daysBefore: number): string {
  const [year, month, day] = closingDate.split("-").map(Number);
  const berlinHour = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", hour: "2-digit", hourCycle: "h23" });
  // Berlin is UTC+1 in winter and UTC+2 in summer: take the offset that puts the clock at 9:00.
  for (const offset of [1, 2]) {
    const candidate = new Date(Date.UTC(year!, month! - 1, day! - daysBefore, REMINDER_HOUR - offset));
    if (Number(berlinHour.format(candidate)) === REMINDER_HOUR) return candidate.toISOString();
  }
  return new Date(Date.UTC(year!, month! - 1, day! - daysBefore, REMINDER_HOUR - 1)).toISOString();
}

/**
 * Reminders: to those who have not opened, not started, or only have a draft; now, at a set time,
 * or automatically n days before the deadline; never more than the survey's maximum per recipient.
 */
export function RemindersPanel({ surveyId, canSend, refreshKey, onSent }: { surveyId: string; canSend: boolean; refreshKey: string; onSent: () => void }) {
  const { t, lang } = useI18n();
  const [overview, setOverview] = useState<ReminderOverview | null>(null);
  const [audience, setAudience] = useState<ReminderAudience[]>(ALL_AUDIENCES);
  const [time, setTime] = useState<SendTime>({ later: false, at: "" });
  const [ruleDays, setRuleDays] = useState<number[]>([]);
  const [maxReminders, setMaxReminders] = useState(3);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [settingsNotice, setSettingsNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const maxId = useId();

  const apply = useCallback((loaded: ReminderOverview) => {
    setOverview(loaded);
    setMaxReminders(loaded.maxReminders);
    setRuleDays([...new Set(loaded.rules.filter((rule) => rule.daysBefore !== null).map((rule) => rule.daysBefore!))]);
  }, []);

  useEffect(() => {
    api
      .get<ReminderOverview>(`/surveys/${surveyId}/reminders`)
      .then(apply)
      .catch(setError);
  }, [surveyId, refreshKey, apply]);

  if (!overview) return <ErrorAlert error={error} />;
  const counts = { not_opened: overview.audience.notOpened, not_started: overview.audience.notStarted, draft: overview.audience.draft };
  const audienceSize = audience.reduce((sum, group) => sum + counts[group], 0);
  const scheduledAt = scheduledAtOf(time);
  const labels: Record<ReminderAudience, string> = {
    not_opened: t("reminders.notOpened", { n: counts.not_opened }),
    not_started: t("reminders.notStarted", { n: counts.not_started }),
    draft: t("reminders.draft", { n: counts.draft }),
  };
  const dayLabel = (days: number) => t("reminders.daysBefore", { n: days });

  async function send() {
    if (scheduledAt === null) return;
    setBusy(true);
    setNotice("");
    try {
      const result = await api.post<ReminderResult>(`/surveys/${surveyId}/reminders`, { audience, scheduledAt });
      setNotice(
        result.ruleId && scheduledAt
          ? t("reminders.planned", { time: formatDateTime(scheduledAt, lang) })
          : result.queued > 0
            ? t("reminders.sent", { n: result.queued })
            : t("reminders.nobody"),
      );
      setError(null);
      apply(await api.get<ReminderOverview>(`/surveys/${surveyId}/reminders`));
      onSent();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function saveSettings() {
    setBusy(true);
    setSettingsNotice("");
    try {
      apply(
        await api.put<ReminderOverview>(`/surveys/${surveyId}/reminders/settings`, {
          maxReminders,
          rules: ruleDays.map((daysBefore) => ({ daysBefore, audience: ALL_AUDIENCES })),
        }),
      );
      setSettingsNotice(t("reminders.settingsSaved"));
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function deleteRule(ruleId: string) {
    try {
      apply(await api.delete<ReminderOverview>(`/surveys/${surveyId}/reminders/rules/${ruleId}`));
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="card" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">{t("reminders.heading")}</h2>
      <fieldset className="check-group">
        <legend>{t("reminders.audience")}</legend>
        {ALL_AUDIENCES.map((group) => (
          <label key={group} className="check">
            <input
              type="checkbox"
              checked={audience.includes(group)}
              onChange={(event) => setAudience(event.target.checked ? [...audience, group] : audience.filter((entry) => entry !== group))}
            />
            <span>{labels[group]}</span>
          </label>
        ))}
      </fieldset>
      {overview.audience.atMax > 0 && <p className="meta">{t("reminders.atMax", { n: overview.audience.atMax })}</p>}
      <SendOptions value={time} onChange={setTime} />
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          disabled={!canSend || busy || audience.length === 0 || scheduledAt === null || (!time.later && audienceSize === 0)}
          onClick={() => void send()}
        >
          {t("reminders.send")}
          {!time.later ? ` (${audienceSize})` : ""}
        </button>
      </div>
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>

      <h3>{t("reminders.automatic")}</h3>
      {overview.closingDate ? (
        <fieldset className="check-group">
          <legend>{t("reminders.automaticHint")}</legend>
          {RULE_DAYS.map((days) => (
            <label key={days} className="check">
              <input
                type="checkbox"
                checked={ruleDays.includes(days)}
                onChange={(event) => setRuleDays(event.target.checked ? [...ruleDays, days] : ruleDays.filter((entry) => entry !== days))}
              />
              <span>
                {dayLabel(days)}
                <span className="meta"> ({formatDateTime(dueMoment(overview.closingDate!, days), lang)})</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="meta">{t("reminders.noClosingDate")}</p>
      )}
      <div className="field field-short">
        <label htmlFor={maxId}>{t("reminders.max")}</label>
        <select id={maxId} value={maxReminders} onChange={(event) => setMaxReminders(Number(event.target.value))}>
          {Array.from({ length: 11 }, (_, value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <div className="actions actions-start">
        <button type="button" disabled={busy} onClick={() => void saveSettings()}>
          {t("reminders.saveSettings")}
        </button>
      </div>
      <p className="notice" role="status" aria-live="polite">
        {settingsNotice}
      </p>
      <ErrorAlert error={error} />

      <h3>{t("reminders.rules")}</h3>
      {overview.rules.length === 0 ? (
        <p className="empty">{t("reminders.noRules")}</p>
      ) : (
        <ul className="rule-list">
          {overview.rules.map((rule) => {
            const due = rule.runAt ?? (overview.closingDate && rule.daysBefore !== null ? dueMoment(overview.closingDate, rule.daysBefore) : null);
            return (
              <li key={rule.id}>
                {rule.daysBefore !== null ? dayLabel(rule.daysBefore) : t("send.later")}
                {due && !rule.doneAt && <span className="meta"> · {t("reminders.ruleDue", { time: formatDateTime(due, lang) })}</span>}
                {rule.doneAt && <span className="meta"> · {t("reminders.ruleDone", { time: formatDateTime(rule.doneAt, lang) })}</span>}
                {!rule.doneAt && (
                  <button type="button" className="button-small" onClick={() => void deleteRule(rule.id)}>
                    {t("reminders.ruleDelete")}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

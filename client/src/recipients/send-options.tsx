import { useId } from "react";
import { useI18n } from "../lib/i18n.ts";

export interface SendTime {
  later: boolean;
  /** The value of the datetime-local input, in the planner's time zone. */
  at: string;
}

/** The moment to send as the API wants it: undefined for now, else an ISO timestamp; null if invalid. */
export function scheduledAtOf(time: SendTime): string | undefined | null {
  if (!time.later) return undefined;
  const moment = new Date(time.at);
  if (Number.isNaN(moment.getTime()) || moment.getTime() <= Date.now()) return null;
  return moment.toISOString();
}

/** "Send now" or "send later at …", for invitations and reminders alike. */
export function SendOptions({ value, onChange }: { value: SendTime; onChange: (next: SendTime) => void }) {
  const { t } = useI18n();
  const name = useId();
  const atId = useId();
  const invalid = value.later && value.at !== "" && scheduledAtOf(value) === null;
  return (
    <fieldset className="send-options">
      <legend>{t("send.when")}</legend>
      <label className="check">
        <input type="radio" name={name} checked={!value.later} onChange={() => onChange({ ...value, later: false })} />
        {t("send.now")}
      </label>
      <label className="check">
        <input type="radio" name={name} checked={value.later} onChange={() => onChange({ ...value, later: true })} />
        {t("send.later")}
      </label>
      {value.later && (
        <div className="field field-medium">
          <label htmlFor={atId}>{t("send.at")}</label>
          <input
            id={atId}
            type="datetime-local"
            value={value.at}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${atId}-error` : undefined}
            onChange={(event) => onChange({ ...value, at: event.target.value })}
          />
          {invalid && (
            <p className="field-error" id={`${atId}-error`}>
              {t("send.atInvalid")}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { api } from "../lib/api.ts";
import type { CheckedRecipient } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import { RecipientCheckList } from "./recipient-check-list.tsx";
import type { InviteResult } from "./recipient-types.ts";
import { scheduledAtOf, SendOptions, type SendTime } from "./send-options.tsx";

const CHECK_DEBOUNCE_MS = 500;

type MailLanguage = "de" | "en";

interface Checked {
  text: string;
  language: MailLanguage;
  entries: CheckedRecipient[];
}

/**
 * Paste addresses as they come (Outlook lists, one per line, `Name <mail>`, Excel rows), see each
 * entry checked live with the name read from it and the greeting it will get, choose the language
 * of the mails, invite the valid ones and, in the same step, add the new ones to the directory.
 * Invalid entries are never dropped: after sending they stay in the field exactly as typed,
 * ready to be corrected.
 */
export function PasteRecipients({ surveyId, canSend, onSent }: { surveyId: string; canSend: boolean; onSent: () => void }) {
  const { t, lang } = useI18n();
  const textareaId = useId();
  const hintId = useId();
  const languageId = useId();
  const languageHintId = useId();
  const [text, setText] = useState("");
  const [language, setLanguage] = useState<MailLanguage>("de");
  const [checked, setChecked] = useState<Checked | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [sendError, setSendError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState("");
  const [addToDirectory, setAddToDirectory] = useState(true);
  const [time, setTime] = useState<SendTime>({ later: false, at: "" });
  const debouncedText = useDebouncedValue(text, CHECK_DEBOUNCE_MS);
  const checkCounter = useRef(0);

  const check = useCallback(
    async (value: string, mailLanguage: MailLanguage): Promise<Checked> => {
      if (value.trim() === "") return { text: value, language: mailLanguage, entries: [] };
      const answer = await api.post<{ entries: CheckedRecipient[] }>(`/surveys/${surveyId}/recipients/check`, {
        text: value,
        language: mailLanguage,
      });
      return { text: value, language: mailLanguage, entries: answer.entries };
    },
    [surveyId],
  );

  useEffect(() => {
    const run = ++checkCounter.current;
    check(debouncedText, language)
      .then((result) => {
        if (run !== checkCounter.current) return;
        setChecked(result);
        setCheckError(null);
      })
      .catch((error: unknown) => {
        if (run === checkCounter.current) setCheckError(error);
      });
  }, [debouncedText, language, check]);

  const current = checked && checked.text === text && checked.language === language ? checked : null;
  const entries = current?.entries ?? checked?.entries ?? [];
  const toSend = (current?.entries ?? []).filter((entry) => entry.status === "valid");
  const counts = {
    valid: entries.filter((entry) => entry.status === "valid").length,
    invalid: entries.filter((entry) => entry.status === "invalid").length,
    duplicate: entries.filter((entry) => entry.status === "duplicate").length,
    already: entries.filter((entry) => entry.status === "already_invited").length,
  };
  const summary = [
    counts.valid > 0 || entries.length === 0 ? t("recipients.summaryValid", { n: counts.valid }) : "",
    counts.invalid > 0 ? t("recipients.summaryInvalid", { n: counts.invalid }) : "",
    counts.duplicate > 0 ? t("recipients.summaryDuplicate", { n: counts.duplicate }) : "",
    counts.already > 0 ? t("recipients.summaryAlready", { n: counts.already }) : "",
  ]
    .filter(Boolean)
    .join(", ");
  const scheduledAt = scheduledAtOf(time);

  async function send() {
    if (scheduledAt === null) return;
    setSending(true);
    setSendError(null);
    setNotice("");
    try {
      const latest = current ?? (await check(text, language));
      const recipients = latest.entries
        .filter((entry) => entry.status === "valid")
        .map((entry) => ({ email: entry.email, name: entry.name, salutation: entry.salutation, language }));
      if (recipients.length === 0) {
        setChecked(latest);
        return;
      }
      const result = await api.post<InviteResult>(`/surveys/${surveyId}/invitations`, { recipients, addToDirectory, scheduledAt });
      const invalid = latest.entries.filter((entry) => entry.status === "invalid").map((entry) => entry.raw);
      checkCounter.current += 1;
      setText(invalid.join("\n"));
      setChecked(null);
      setNotice(
        [
          scheduledAt
            ? t("add.scheduled", { n: result.created, time: formatDateTime(scheduledAt, lang) })
            : t("recipients.sent", { n: result.created }),
          invalid.length > 0 ? t("recipients.keptInvalid") : "",
        ]
          .filter(Boolean)
          .join(" "),
      );
      onSent();
    } catch (error) {
      setSendError(error);
    } finally {
      setSending(false);
    }
  }

  const sendLabel = t("recipients.send", { n: toSend.length });

  return (
    <div className="paste-recipients">
      <div className="field">
        <label htmlFor={textareaId}>{t("recipients.paste")}</label>
        <p className="hint" id={hintId}>
          {t("recipients.pasteHint")}
        </p>
        <textarea
          id={textareaId}
          aria-describedby={hintId}
          rows={7}
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={languageId}>{t("add.language")}</label>
        <select
          id={languageId}
          aria-describedby={languageHintId}
          value={language}
          onChange={(event) => setLanguage(event.target.value as MailLanguage)}
        >
          <option value="de">{t("lang.de")}</option>
          <option value="en">{t("lang.en")}</option>
        </select>
        <p className="hint" id={languageHintId}>
          {t("add.languageHint")}
        </p>
      </div>
      <p className="meta" role="status" aria-live="polite">
        {text.trim() !== "" && !current ? t("recipients.checking") : entries.length > 0 ? summary : ""}
      </p>
      <ErrorAlert error={checkError} />
      {entries.length > 0 && text.trim() !== "" && <RecipientCheckList entries={entries} />}
      <label className="check">
        <input type="checkbox" checked={addToDirectory} onChange={(event) => setAddToDirectory(event.target.checked)} />
        <span>
          {t("add.addToDirectory")}
          <span className="hint"> {t("add.addToDirectoryHint")}</span>
        </span>
      </label>
      <SendOptions value={time} onChange={setTime} />
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          disabled={!canSend || sending || toSend.length === 0 || scheduledAt === null}
          onClick={() => void send()}
        >
          {sending ? t("recipients.sending") : sendLabel}
        </button>
      </div>
      <ErrorAlert error={sendError} />
      <p className="notice" role="status" aria-live="polite">
        {notice}
      </p>
    </div>
  );
}

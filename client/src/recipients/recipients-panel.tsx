import { useCallback, useEffect, useId, useRef, useState } from "react";
import { api } from "../lib/api.ts";
import type { CheckedRecipient, Invitation, InvitationResult, SurveyDetail } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import { useInterval } from "../lib/use-interval.ts";
import { InvitationsTable } from "./invitations-table.tsx";
import { RecipientCheckList } from "./recipient-check-list.tsx";

const CHECK_DEBOUNCE_MS = 500;
const QUEUE_POLL_MS = 2000;

interface Checked {
  text: string;
  entries: CheckedRecipient[];
}

/**
 * "Empfänger": paste addresses as they come (Outlook lists, one per line, `Name <mail>`), see
 * each entry checked live, send the valid ones. Invalid entries are never dropped: after sending
 * they stay in the field exactly as typed, ready to be corrected.
 */
export function RecipientsPanel({ survey }: { survey: SurveyDetail }) {
  const { t } = useI18n();
  const textareaId = useId();
  const hintId = useId();
  const [text, setText] = useState("");
  const [checked, setChecked] = useState<Checked | null>(null);
  const [checkError, setCheckError] = useState<unknown>(null);
  const [sendError, setSendError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState("");
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const debouncedText = useDebouncedValue(text, CHECK_DEBOUNCE_MS);
  const checkCounter = useRef(0);

  const check = useCallback(
    async (value: string): Promise<Checked> => {
      if (value.trim() === "") return { text: value, entries: [] };
      const answer = await api.post<{ entries: CheckedRecipient[] }>(`/surveys/${survey.id}/recipients/check`, { text: value });
      return { text: value, entries: answer.entries };
    },
    [survey.id],
  );

  useEffect(() => {
    const run = ++checkCounter.current;
    check(debouncedText)
      .then((result) => {
        if (run !== checkCounter.current) return;
        setChecked(result);
        setCheckError(null);
      })
      .catch((error: unknown) => {
        if (run === checkCounter.current) setCheckError(error);
      });
  }, [debouncedText, check]);

  const loadInvitations = useCallback(() => {
    api
      .get<{ invitations: Invitation[] }>(`/surveys/${survey.id}/invitations`)
      .then((answer) => {
        setInvitations(answer.invitations);
        setListError(null);
      })
      .catch(setListError);
  }, [survey.id]);
  useEffect(loadInvitations, [loadInvitations]);

  const anyQueued = invitations?.some((invitation) => invitation.status === "queued") ?? false;
  useInterval(loadInvitations, anyQueued ? QUEUE_POLL_MS : null);

  const current = checked && checked.text === text ? checked : null;
  const entries = current?.entries ?? checked?.entries ?? [];
  const toSend = (current?.entries ?? []).filter((entry) => entry.status === "valid");
  const counts = {
    valid: entries.filter((entry) => entry.status === "valid").length,
    invalid: entries.filter((entry) => entry.status === "invalid").length,
    duplicate: entries.filter((entry) => entry.status === "duplicate").length,
    already: entries.filter((entry) => entry.status === "already_invited").length,
  };
  const canSend = survey.status === "open" && !sending;
  const summary = [
    counts.valid > 0 || entries.length === 0 ? t("recipients.summaryValid", { n: counts.valid }) : "",
    counts.invalid > 0 ? t("recipients.summaryInvalid", { n: counts.invalid }) : "",
    counts.duplicate > 0 ? t("recipients.summaryDuplicate", { n: counts.duplicate }) : "",
    counts.already > 0 ? t("recipients.summaryAlready", { n: counts.already }) : "",
  ]
    .filter(Boolean)
    .join(", ");

  async function send() {
    setSending(true);
    setSendError(null);
    setNotice("");
    try {
      const latest = current ?? (await check(text));
      const recipients = latest.entries
        .filter((entry) => entry.status === "valid")
        .map((entry) => ({ email: entry.email, name: entry.name }));
      if (recipients.length === 0) {
        setChecked(latest);
        return;
      }
      const result = await api.post<InvitationResult>(`/surveys/${survey.id}/invitations`, { recipients });
      const invalid = latest.entries.filter((entry) => entry.status === "invalid").map((entry) => entry.raw);
      const remaining = invalid.join("\n");
      checkCounter.current += 1;
      setText(remaining);
      setChecked(null);
      setNotice(
        [t("recipients.sent", { n: result.created }), invalid.length > 0 ? t("recipients.keptInvalid") : ""].filter(Boolean).join(" "),
      );
      loadInvitations();
    } catch (error) {
      setSendError(error);
    } finally {
      setSending(false);
    }
  }

  const sendLabel = toSend.length === 1 ? t("recipients.sendOne") : t("recipients.send", { n: toSend.length });

  return (
    <div className="recipients">
      <section className="card" aria-labelledby="paste-heading">
        <h2 id="paste-heading">{t("workspace.recipients")}</h2>
        {survey.status === "draft" && <p className="alert alert-info">{t("recipients.notOpen")}</p>}
        {survey.status === "closed" && <p className="alert alert-info">{t("recipients.closed")}</p>}
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
        <p className="meta" role="status" aria-live="polite">
          {text.trim() !== "" && !current ? t("recipients.checking") : entries.length > 0 ? summary : ""}
        </p>
        <ErrorAlert error={checkError} />
        {entries.length > 0 && text.trim() !== "" && <RecipientCheckList entries={entries} />}
        <div className="actions">
          <button type="button" className="button-primary" disabled={!canSend || toSend.length === 0} onClick={() => void send()}>
            {sending ? t("recipients.sending") : sendLabel}
          </button>
        </div>
        <ErrorAlert error={sendError} />
        <p className="notice" role="status" aria-live="polite">
          {notice}
        </p>
      </section>
      <section className="card" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">{t("recipients.invitations")}</h2>
        <ErrorAlert error={listError} />
        {invitations && <InvitationsTable invitations={invitations} />}
      </section>
    </div>
  );
}

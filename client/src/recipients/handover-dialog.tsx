import { useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import { TextField } from "../lib/text-field.tsx";

/**
 * Hands a survey over to a colleague's address: the new address gets its own link and the draft
 * so far; the old links stop working. A refused address stays in the field with the reason.
 */
export function HandoverDialog({
  surveyId,
  invitation,
  onClose,
  onDone,
}: {
  surveyId: string;
  invitation: { id: string; email: string } | null;
  onClose: () => void;
  onDone: (email: string) => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  function close() {
    setEmail("");
    setName("");
    setError(null);
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!invitation) return;
    setBusy(true);
    try {
      const result = await api.post<{ email: string }>(`/surveys/${surveyId}/invitations/${invitation.id}/handover`, { email, name });
      setEmail("");
      setName("");
      setError(null);
      onDone(result.email);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <ModalDialog open={invitation !== null} title={t("invitations.handoverTitle")} onClose={close}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p>{t("invitations.handoverText", { email: invitation?.email ?? "" })}</p>
        <TextField label={t("invitations.handoverEmail")} type="email" required autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
        <TextField label={t("invitations.handoverName")} autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="button" onClick={close}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="button-primary" disabled={busy || email.trim() === ""}>
            {t("invitations.handoverSubmit")}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

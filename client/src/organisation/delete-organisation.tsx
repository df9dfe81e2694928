import { useId, useState, type FormEvent } from "react";
import { apiRequest } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import { refreshSession } from "../lib/session.ts";

/** Names compare like on the server: trimmed, runs of spaces as one. */
const normalName = (name: string) => name.trim().replace(/\s+/g, " ");

/**
 * The settings page's danger zone (admins): deletes the organisation with all its data after the
 * admin typed its name. Everyone is signed out; the page then goes to sign-in (or to the setup,
 * when no organisation is left).
 */
export function DeleteOrganisation({ name }: { name: string }) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const matches = normalName(typed) === normalName(name);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!matches) return;
    setBusy(true);
    setError(null);
    try {
      await apiRequest("DELETE", "/organisation", { confirmName: typed });
      setOpen(false);
      // The session is gone: the planner layout sends the browser to sign-in or setup.
      await refreshSession();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <section className="card danger-zone" aria-labelledby={`${id}-heading`} data-testid="danger-zone">
      <h2 id={`${id}-heading`}>{t("dangerZone.heading")}</h2>
      <p>{t("dangerZone.intro")}</p>
      <div className="actions">
        <button
          type="button"
          className="button-danger"
          onClick={() => {
            setTyped("");
            setError(null);
            setOpen(true);
          }}
        >
          {t("dangerZone.button")}
        </button>
      </div>
      <ModalDialog open={open} title={t("dangerZone.dialogTitle", { name })} onClose={() => setOpen(false)}>
        <form className="form" onSubmit={submit} noValidate>
          <p>{t("dangerZone.intro")}</p>
          <div className="field">
            <label htmlFor={`${id}-confirm`}>{t("dangerZone.confirmLabel", { name })}</label>
            <input
              id={`${id}-confirm`}
              type="text"
              value={typed}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={typed !== "" && !matches ? true : undefined}
              aria-describedby={typed !== "" && !matches ? `${id}-mismatch` : undefined}
              onChange={(event) => setTyped(event.target.value)}
            />
            {typed !== "" && !matches && (
              <p className="hint" id={`${id}-mismatch`}>
                {t("dangerZone.mismatch")}
              </p>
            )}
          </div>
          <ErrorAlert error={error} />
          <div className="actions">
            <button type="submit" className="button-primary" disabled={!matches || busy}>
              {busy ? t("dangerZone.deleting") : t("dangerZone.confirm")}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      </ModalDialog>
    </section>
  );
}

import { useState } from "react";
import { apiRequest } from "../lib/api.ts";
import type { ExampleDeleted, Me } from "../lib/api-types.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { refreshSession } from "../lib/session.ts";
import "./example.css";

/**
 * Marks every planner page of the example municipality as invented data, with "Beispiel löschen"
 * for its admins: one confirmation, then the example is deleted with everything in it and the
 * planner layout sends the browser to the first-run setup (or to sign-in, when other
 * organisations exist). Renders nothing outside the example.
 */
export function ExampleBanner({ me }: { me: Me }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!me.organisation.isExample) return null;

  async function remove() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      await apiRequest<ExampleDeleted>("DELETE", "/example");
      // The session is gone: the planner layout redirects to the setup (or sign-in).
      await refreshSession();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <section className="example-banner" aria-labelledby="example-banner-title" data-testid="example-banner">
      <div className="example-banner-text">
        <p id="example-banner-title" className="example-banner-title">
          {t("example.banner")}
        </p>
        <p>{t("example.bannerText")}</p>
      </div>
      {me.user.role === "admin" && (
        <button type="button" className="button-danger" disabled={busy} onClick={() => setConfirming(true)}>
          {busy ? t("example.deleting") : t("example.delete")}
        </button>
      )}
      <ErrorAlert error={error} />
      <ConfirmDialog
        open={confirming}
        title={t("example.deleteTitle")}
        text={t("example.deleteText")}
        confirmLabel={t("example.delete")}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    </section>
  );
}

import { useEffect, useId, useState } from "react";
import { api } from "../lib/api.ts";
import type { SurveyDetail } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { DeliveryOverview } from "./delivery-overview.tsx";
import { DirectoryTargeting } from "./directory-targeting.tsx";
import { InvitationsTable } from "./invitations-table.tsx";
import { MailTemplatesEditor } from "./mail-templates-editor.tsx";
import { PasteRecipients } from "./paste-recipients.tsx";
import { RemindersPanel } from "./reminders-panel.tsx";
import { useDelivery } from "./use-delivery.ts";

type Source = "directory" | "paste";

/**
 * "Empfänger": where the survey stands (states, mailings with progress), inviting from the
 * directory or by pasting addresses, the wording of the mails, reminders, and every invitation
 * with what can be done to it.
 */
export function RecipientsPanel({ survey }: { survey: SurveyDetail }) {
  const { t } = useI18n();
  const { invitations, mailings, error, reload } = useDelivery(survey.id);
  const [source, setSource] = useState<Source | null>(null);
  const [sentCount, setSentCount] = useState(0);
  const tabIds = { directory: useId(), paste: useId() };
  const panelId = useId();
  const canSend = survey.status === "open";
  // An empty directory has nothing to choose from: start with pasting addresses then.
  useEffect(() => {
    api
      .get<{ counts: { institution: number; network: number } }>("/directory/facets")
      .then((facets) => setSource((current) => current ?? (facets.counts.institution + facets.counts.network > 0 ? "directory" : "paste")))
      .catch(() => setSource((current) => current ?? "paste"));
  }, []);
  const afterSending = () => {
    setSentCount((count) => count + 1);
    void reload();
  };

  return (
    <div className="recipients">
      <ErrorAlert error={error} />
      {invitations && mailings ? (
        <DeliveryOverview surveyId={survey.id} counts={invitations.counts} mailings={mailings} onChange={() => void reload()} />
      ) : (
        !error && <Loading />
      )}
      <section className="card" aria-labelledby="add-heading">
        <h2 id="add-heading">{t("add.heading")}</h2>
        {survey.status === "draft" && <p className="alert alert-info">{t("recipients.notOpen")}</p>}
        {survey.status === "closed" && <p className="alert alert-info">{t("recipients.closed")}</p>}
        <div className="toggle-group" role="group" aria-label={t("add.tabs")}>
          {(["directory", "paste"] as const).map((option) => (
            <button
              key={option}
              id={tabIds[option]}
              type="button"
              aria-pressed={source === option}
              aria-controls={panelId}
              onClick={() => setSource(option)}
            >
              {option === "directory" ? t("add.fromDirectory") : t("add.paste")}
            </button>
          ))}
        </div>
        <div id={panelId} className="add-panel">
          {source === null ? null : source === "directory" ? (
            <DirectoryTargeting surveyId={survey.id} canSend={canSend} onSent={afterSending} />
          ) : (
            <PasteRecipients surveyId={survey.id} canSend={canSend} onSent={afterSending} />
          )}
        </div>
      </section>
      <MailTemplatesEditor
        surveyId={survey.id}
        recipients={(invitations?.invitations ?? []).slice(0, 100).map((invitation) => ({
          id: invitation.id,
          label: [invitation.directoryEntry?.name, invitation.name, invitation.email].filter(Boolean).join(" · "),
        }))}
      />
      {invitations && invitations.counts.total > 0 && (
        <RemindersPanel surveyId={survey.id} canSend={canSend} refreshKey={`${sentCount}:${Object.values(invitations.counts).join(",")}`} onSent={afterSending} />
      )}
      {invitations && <InvitationsTable surveyId={survey.id} privacyMode={survey.privacyMode} list={invitations} canSend={canSend} onChange={() => void reload()} />}
    </div>
  );
}

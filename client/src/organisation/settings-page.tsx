import { useEffect, useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { refreshSession, useSession } from "../lib/session.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { DeleteOrganisation } from "./delete-organisation.tsx";
import type { OrganisationSettings, OrganisationSettingsPatch } from "./organisation-types.ts";
import { RetentionSetting } from "./retention-setting.tsx";
import { MinCellSizeSetting } from "../sharing/min-cell-size-setting.tsx";

const NOTICE_MAX = 5000;

interface Draft {
  name: string;
  privacyNotice: string;
  privacyNoticeEn: string;
  mailSenderName: string;
  mailReplyTo: string;
}

const draftOf = (settings: OrganisationSettings): Draft => ({
  name: settings.name,
  privacyNotice: settings.privacyNotice,
  privacyNoticeEn: settings.privacyNoticeEn,
  mailSenderName: settings.mailSenderName,
  mailReplyTo: settings.mailReplyTo,
});

/** Plain text as paragraphs: a blank line starts a new one (as on the respondent page). */
function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

/**
 * The organisation's settings: its name and the privacy notice respondents read before the first
 * question (German, and English for respondents who read English), with what they see right now.
 * Every planner can read them; only admins can change them.
 */
export function SettingsPage() {
  const { t } = useI18n();
  useDocumentTitle(t("settings.title"));
  const session = useSession();
  const isAdmin = session.status === "signed-in" && session.me.user.role === "admin";
  const [settings, setSettings] = useState<OrganisationSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [nameError, setNameError] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const ids = { name: useId(), de: useId(), en: useId(), sender: useId(), replyTo: useId() };

  useEffect(() => {
    api
      .get<OrganisationSettings>("/organisation")
      .then((loaded) => {
        setSettings(loaded);
        setDraft(draftOf(loaded));
      })
      .catch(setLoadError);
  }, []);

  const changed = settings && draft ? JSON.stringify(draftOf(settings)) !== JSON.stringify(draft) : false;

  function edit(field: keyof Draft, value: string) {
    setDraft((current) => (current ? { ...current, [field]: value } : current));
    setNotice("");
    if (field === "name") setNameError("");
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft || !settings) return;
    if (draft.name.trim().length < 2) {
      setNameError(t("settings.nameTooShort"));
      document.getElementById(ids.name)?.focus();
      return;
    }
    const patch: OrganisationSettingsPatch = {
      name: draft.name.trim(),
      privacyNotice: draft.privacyNotice,
      privacyNoticeEn: draft.privacyNoticeEn,
      mailSenderName: draft.mailSenderName.trim(),
      mailReplyTo: draft.mailReplyTo.trim(),
    };
    setBusy(true);
    setSaveError(null);
    setNotice("");
    try {
      const saved = await api.patch<OrganisationSettings>("/organisation", patch);
      const renamed = saved.name !== settings.name;
      setSettings(saved);
      setDraft(draftOf(saved));
      setNotice(t("settings.saved"));
      // The header shows the organisation's name from the session.
      if (renamed) void refreshSession();
    } catch (error) {
      setSaveError(error);
    } finally {
      setBusy(false);
    }
  }

  const readOnly = !isAdmin;

  return (
    <>
      <h1>{t("settings.title")}</h1>
      <p className="lead">{t("settings.intro")}</p>
      <ErrorAlert error={loadError} />
      {!settings && !loadError && <Loading />}
      {settings && draft && (
        <>
          {readOnly && (
            <p className="alert alert-info" data-testid="settings-read-only">
              {t("settings.adminOnly")}
            </p>
          )}
          <form className="card form settings-form" onSubmit={save} aria-labelledby="settings-form-heading" noValidate>
            <h2 id="settings-form-heading">{t("settings.organisation")}</h2>
            <div className="field">
              <label htmlFor={ids.name}>{t("settings.name")}</label>
              <p className="hint" id={`${ids.name}-hint`}>
                {t("settings.nameHint")}
              </p>
              <input
                id={ids.name}
                type="text"
                value={draft.name}
                readOnly={readOnly}
                maxLength={200}
                autoComplete="organization"
                aria-invalid={nameError ? true : undefined}
                aria-describedby={[`${ids.name}-hint`, nameError ? `${ids.name}-error` : ""].filter(Boolean).join(" ")}
                onChange={(event) => edit("name", event.target.value)}
              />
              {nameError && (
                <p className="field-error" id={`${ids.name}-error`}>
                  {nameError}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor={ids.de}>{t("settings.privacyDe")}</label>
              <p className="hint" id={`${ids.de}-hint`}>
                {t("settings.privacyHint")}
              </p>
              <textarea
                id={ids.de}
                lang="de"
                rows={8}
                value={draft.privacyNotice}
                readOnly={readOnly}
                maxLength={NOTICE_MAX}
                aria-describedby={`${ids.de}-hint`}
                onChange={(event) => edit("privacyNotice", event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.en}>{t("settings.privacyEn")}</label>
              <p className="hint" id={`${ids.en}-hint`}>
                {t("settings.privacyEnHint")}
              </p>
              <textarea
                id={ids.en}
                lang="en"
                rows={8}
                value={draft.privacyNoticeEn}
                readOnly={readOnly}
                maxLength={NOTICE_MAX}
                aria-describedby={`${ids.en}-hint`}
                onChange={(event) => edit("privacyNoticeEn", event.target.value)}
              />
            </div>
            <fieldset>
              <legend>{t("settings.mail")}</legend>
              <div className="field">
                <label htmlFor={ids.sender}>{t("settings.senderName")}</label>
                <p className="hint" id={`${ids.sender}-hint`}>
                  {t("settings.senderNameHint", { name: settings.name })}
                </p>
                <input
                  id={ids.sender}
                  type="text"
                  value={draft.mailSenderName}
                  readOnly={readOnly}
                  maxLength={100}
                  aria-describedby={`${ids.sender}-hint`}
                  onChange={(event) => edit("mailSenderName", event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={ids.replyTo}>{t("settings.replyTo")}</label>
                <p className="hint" id={`${ids.replyTo}-hint`}>
                  {t("settings.replyToHint")}
                </p>
                <input
                  id={ids.replyTo}
                  type="email"
                  value={draft.mailReplyTo}
                  readOnly={readOnly}
                  maxLength={254}
                  autoComplete="email"
                  aria-describedby={`${ids.replyTo}-hint`}
                  onChange={(event) => edit("mailReplyTo", event.target.value)}
                />
              </div>
            </fieldset>
            {!readOnly && (
              <div className="actions">
                <button type="submit" className="button-primary" disabled={busy || !changed}>
                  {busy ? t("settings.saving") : t("common.save")}
                </button>
                {changed && !busy && <span className="meta">{t("settings.unsaved")}</span>}
              </div>
            )}
            <ErrorAlert error={saveError} />
            <p role="status" className="notice" data-testid="settings-status">
              {notice}
            </p>
          </form>
          <section className="card" aria-labelledby="effective-heading" data-testid="effective-notice">
            <h2 id="effective-heading">{t("settings.effectiveTitle")}</h2>
            <p className="hint">
              {settings.privacyNotice.trim() ? t("settings.effectiveOwn") : t("settings.effectiveDefault")}
            </p>
            <div className="effective-notices">
              {(["de", "en"] as const).map((language) => (
                <div key={language} className="privacy-notice">
                  <h3>{language === "de" ? t("settings.effectiveDe") : t("settings.effectiveEn")}</h3>
                  <div lang={language}>
                    {paragraphs(settings.effectivePrivacyNotice[language]).map((paragraph, index) => (
                      <p key={index}>{paragraph}</p>
                    ))}
                  </div>
                </div>
              ))}
            </div>
          </section>
          <RetentionSetting settings={settings} readOnly={readOnly} onSaved={setSettings} />
          <MinCellSizeSetting settings={settings} readOnly={readOnly} onSaved={setSettings} />
          {isAdmin && <DeleteOrganisation name={settings.name} />}
        </>
      )}
    </>
  );
}

import { useEffect, useId, useRef, useState } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n, type MessageKey } from "../lib/i18n.ts";
import { useDebouncedValue } from "../lib/use-debounced-value.ts";
import { MailHtmlView } from "./mail-html-view.tsx";
import type { MailPreview, MailTemplate, MailTemplates, TemplateKind, TemplateLanguage } from "./recipient-types.ts";

/**
 * The wording of the invitation and the reminder, in German and in English (each recipient gets
 * the mail in their language only): subject and text with placeholders (inserted at the cursor
 * by buttons; the list comes from the API), saved per survey, and a live preview of both parts
 * (text and HTML) as a chosen recipient would get them.
 */
export function MailTemplatesEditor({ surveyId, recipients }: { surveyId: string; recipients: { id: string; label: string }[] }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<TemplateKind>("invitation");
  const [language, setLanguage] = useState<TemplateLanguage>("de");
  const [templates, setTemplates] = useState<MailTemplates | null>(null);
  const [draft, setDraft] = useState<MailTemplate | null>(null);
  const [previewFor, setPreviewFor] = useState("");
  const [preview, setPreview] = useState<MailPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [saving, setSaving] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const subjectId = useId();
  const bodyId = useId();
  const bodyHintId = useId();
  const previewForId = useId();

  useEffect(() => {
    api
      .get<MailTemplates>(`/surveys/${surveyId}/mail-templates`)
      .then((loaded) => {
        setTemplates(loaded);
        setDraft(loaded.de.invitation);
      })
      .catch(setError);
  }, [surveyId]);

  const debouncedDraft = useDebouncedValue(draft, 400);
  useEffect(() => {
    if (!debouncedDraft || !debouncedDraft.subject.trim() || !debouncedDraft.body.trim()) return;
    let current = true;
    api
      .post<MailPreview>(`/surveys/${surveyId}/mail-templates/preview`, {
        subject: debouncedDraft.subject,
        body: debouncedDraft.body,
        language,
        ...(previewFor ? { invitationId: previewFor } : {}),
      })
      .then((result) => current && setPreview(result))
      .catch((caught: unknown) => current && setError(caught));
    return () => {
      current = false;
    };
  }, [debouncedDraft, previewFor, surveyId, language]);

  if (!templates || !draft) return <ErrorAlert error={error} />;
  const saved = templates[language][kind];
  const dirty = draft.subject !== saved.subject || draft.body !== saved.body;

  function switchTo(nextKind: TemplateKind, nextLanguage: TemplateLanguage) {
    if (!templates) return;
    setKind(nextKind);
    setLanguage(nextLanguage);
    setDraft(templates[nextLanguage][nextKind]);
    setPreview(null);
    setNotice("");
  }

  const store = (stored: MailTemplate) => {
    if (!templates) return;
    setTemplates({ ...templates, [language]: { ...templates[language], [kind]: stored } });
    setDraft(stored);
    setNotice(t("templates.mailSaved"));
    setError(null);
  };

  function insert(placeholder: string) {
    const token = `{{${placeholder}}}`;
    const area = bodyRef.current;
    if (!area || !draft) return;
    const start = area.selectionStart ?? draft.body.length;
    const end = area.selectionEnd ?? start;
    const body = draft.body.slice(0, start) + token + draft.body.slice(end);
    setDraft({ ...draft, body });
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(start + token.length, start + token.length);
    });
  }

  async function save() {
    if (!draft || !templates) return;
    setSaving(true);
    try {
      store(await api.put<MailTemplate>(`/surveys/${surveyId}/mail-templates/${language}/${kind}`, { subject: draft.subject, body: draft.body }));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  async function reset() {
    if (!templates) return;
    try {
      store(await api.delete<MailTemplate>(`/surveys/${surveyId}/mail-templates/${language}/${kind}`));
    } catch (caught) {
      setError(caught);
    }
  }

  const problems = preview?.problems ?? [];

  return (
    <section className="card" aria-labelledby="templates-heading">
      <h2 id="templates-heading">{t("templates.heading")}</h2>
      <div className="toggle-group" role="group" aria-label={t("templates.kind")}>
        {(["invitation", "reminder"] as const).map((option) => (
          <button key={option} type="button" aria-pressed={kind === option} onClick={() => switchTo(option, language)}>
            {t(`templates.${option}`)}
          </button>
        ))}
      </div>
      <div className="toggle-group" role="group" aria-label={t("templates.language")} aria-describedby={`${bodyHintId}-language`}>
        {(["de", "en"] as const).map((option) => (
          <button key={option} type="button" lang={option} aria-pressed={language === option} onClick={() => switchTo(kind, option)}>
            {t(`lang.${option}`)}
          </button>
        ))}
      </div>
      <p className="hint" id={`${bodyHintId}-language`}>
        {t("templates.languageHint")}
      </p>
      <p className="meta">
        {saved.isDefault ? t("templates.isDefault") : t("templates.isOwn")}
        {dirty ? ` · ${t("templates.unsaved")}` : ""}
      </p>
      <div className="template-editor">
        <div className="template-fields">
          <div className="field">
            <label htmlFor={subjectId}>{t("templates.subject")}</label>
            <input id={subjectId} lang={language} value={draft.subject} maxLength={300} onChange={(event) => setDraft({ ...draft, subject: event.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={bodyId}>{t("templates.body")}</label>
            <p className="hint" id={bodyHintId}>
              {t("templates.bodyHint")}
            </p>
            <textarea
              id={bodyId}
              lang={language}
              ref={bodyRef}
              rows={16}
              aria-describedby={bodyHintId}
              value={draft.body}
              onChange={(event) => setDraft({ ...draft, body: event.target.value })}
            />
          </div>
          <div className="placeholder-buttons" role="group" aria-label={t("templates.placeholders")}>
            {templates.placeholders.map((placeholder) => {
              const label = t(`templates.placeholder.${placeholder}` as MessageKey);
              return (
                <button key={placeholder} type="button" className="button-small" title={t("templates.insert", { label })} onClick={() => insert(placeholder)}>
                  {label} <code>{`{{${placeholder}}}`}</code>
                </button>
              );
            })}
          </div>
          {problems.length > 0 && (
            <ul className="alert alert-warning">
              {problems.map((problem) => (
                <li key={`${problem.code}:${problem.placeholder ?? ""}`}>
                  {problem.code === "missing_link"
                    ? t("templates.problem.missing_link")
                    : t("templates.problem.unknown_placeholder", { placeholder: `{{${problem.placeholder}}}` })}
                </li>
              ))}
            </ul>
          )}
          <div className="actions actions-start">
            <button type="button" className="button-primary" disabled={!dirty || saving || problems.length > 0} onClick={() => void save()}>
              {t("common.save")}
            </button>
            {!saved.isDefault && (
              <button type="button" onClick={() => void reset()}>
                {t("templates.reset")}
              </button>
            )}
          </div>
          <ErrorAlert error={error} />
          <p className="notice" role="status" aria-live="polite">
            {notice}
          </p>
        </div>
        <div className="template-preview">
          <h3>{t("templates.preview")}</h3>
          <div className="field">
            <label htmlFor={previewForId}>{t("templates.previewFor")}</label>
            <select id={previewForId} value={previewFor} onChange={(event) => setPreviewFor(event.target.value)}>
              <option value="">{t("templates.sample")}</option>
              {recipients.map((recipient) => (
                <option key={recipient.id} value={recipient.id}>
                  {recipient.label}
                </option>
              ))}
            </select>
          </div>
          {preview && (
            <div className="mail-preview" aria-live="polite">
              <dl className="mail-headers">
                <dt>{t("templates.from")}</dt>
                <dd>{preview.from}</dd>
                <dt>{t("templates.replyTo")}</dt>
                <dd>{preview.replyTo}</dd>
                <dt>{t("templates.to")}</dt>
                <dd>{preview.to}</dd>
                <dt>{t("templates.subject")}</dt>
                <dd>{preview.subject}</dd>
              </dl>
              <h4>{t("templates.textPart")}</h4>
              <pre className="mail-text" tabIndex={0} aria-label={t("templates.textPart")}>
                {preview.text}
              </pre>
              <h4>{t("templates.htmlPart")}</h4>
              <MailHtmlView html={preview.html} label={t("templates.htmlPart")} />
              <p className="hint">{t("templates.exampleLink")}</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

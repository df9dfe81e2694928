import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { api } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useRespondentAudience, useRespondentI18n } from "./respondent-address.tsx";

interface ColleagueLink {
  id: string;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

interface LinkList {
  links: ColleagueLink[];
  currentLinkId: string;
}

/**
 * "Fill in together": make a second link to the same answers for a colleague, see the ones made
 * so far, revoke them. The new link is shown once (only its hash is kept on the server). Not for
 * surveys of people (a young person or a parent answers for themselves, not with colleagues).
 */
export function ColleagueLinks({ token }: { token: string }) {
  const { audience } = useRespondentAudience();
  if (audience === "people") return null;
  return <ColleagueLinksPanel token={token} />;
}

function ColleagueLinksPanel({ token }: { token: string }) {
  const { t, lang } = useRespondentI18n();
  const [list, setList] = useState<LinkList | null>(null);
  const [label, setLabel] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const labelId = useId();
  const path = `/r/${encodeURIComponent(token)}/colleague-links`;

  const load = useCallback(() => {
    api.get<LinkList>(path).then(setList).catch(setError);
  }, [path]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const link = await api.post<ColleagueLink & { url: string }>(path, { label });
      setCreated(link.url);
      setCopied(false);
      setLabel("");
      setError(null);
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(id: string) {
    try {
      setList(await api.delete<LinkList>(`${path}/${id}`));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created);
      setCopied(true);
    } catch {
      // No clipboard (insecure context, denied): the link is selectable in the field.
    }
  }

  return (
    <details
      className="card colleague-links"
      onToggle={(event) => {
        if ((event.target as HTMLDetailsElement).open && !list) load();
      }}
    >
      <summary>
        <h2>{t("colleagues.heading")}</h2>
      </summary>
      <p>{t("colleagues.intro")}</p>
      <form className="inline-form" onSubmit={(event) => void create(event)}>
        <div className="field">
          <label htmlFor={labelId}>{t("colleagues.label")}</label>
          <input id={labelId} value={label} maxLength={100} autoComplete="off" onChange={(event) => setLabel(event.target.value)} />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          {t("colleagues.create")}
        </button>
      </form>
      {created && (
        <div className="alert alert-success" data-testid="colleague-link">
          <p>{t("colleagues.created")}</p>
          <input className="link-output" readOnly value={created} aria-label={t("colleagues.created")} onFocus={(event) => event.target.select()} />
          <button type="button" className="button-small" onClick={() => void copy()}>
            {t("colleagues.copy")}
          </button>
          <span role="status" className="meta">
            {copied ? ` ${t("colleagues.copied")}` : ""}
          </span>
        </div>
      )}
      <ErrorAlert error={error} />
      {list && (
        <>
          <h3>{t("colleagues.list")}</h3>
          {list.links.length === 0 ? (
            <p className="empty">{t("colleagues.none")}</p>
          ) : (
            <ul className="rule-list">
              {list.links.map((link) => (
                <li key={link.id}>
                  <span>{link.label || t("colleagues.unnamed")}</span>
                  <span className="meta">
                    {link.revokedAt
                      ? t("colleagues.revokedAt", { time: formatDateTime(link.revokedAt, lang) })
                      : t("colleagues.createdAt", { time: formatDateTime(link.createdAt, lang) })}
                    {link.id === list.currentLinkId ? ` · ${t("colleagues.current")}` : ""}
                  </span>
                  {!link.revokedAt && link.id !== list.currentLinkId && (
                    <button
                      type="button"
                      className="button-small"
                      aria-label={t("colleagues.revokeFor", { label: link.label || t("colleagues.unnamed") })}
                      onClick={() => void revoke(link.id)}
                    >
                      {t("colleagues.revoke")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </details>
  );
}

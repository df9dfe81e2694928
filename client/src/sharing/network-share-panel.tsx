import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { api } from "../lib/api.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import type { CreatedNetworkView, NetworkViewLink, NetworkViewList } from "./sharing-types.ts";

interface NetworkChoice {
  id: string;
  name: string;
  type: string;
  memberCount: number;
}

type Mode = "members" | "own";
const MODES: Mode[] = ["members", "own"];

/**
 * "Netzwerke teilen": make a secret link for a network of the directory (its members' answers,
 * or its own beside everyone's), shown once with a copy button; the links made so far, with
 * withdrawing. For the results tab: `<NetworkSharePanel surveyId={survey.id} />`.
 */
export function NetworkSharePanel({ surveyId }: { surveyId: string }) {
  const { t, lang } = useI18n();
  const [list, setList] = useState<NetworkViewList | null>(null);
  const [networks, setNetworks] = useState<NetworkChoice[] | null>(null);
  const [networkId, setNetworkId] = useState("");
  const [mode, setMode] = useState<Mode>("members");
  const [pickError, setPickError] = useState(false);
  const [created, setCreated] = useState<{ id: string; url: string; networkName: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [revoking, setRevoking] = useState<NetworkViewLink | null>(null);
  const [notice, setNotice] = useState("");
  const id = useId();

  const load = useCallback(() => {
    api.get<NetworkViewList>(`/surveys/${surveyId}/network-views`).then(setList).catch(setError);
  }, [surveyId]);

  useEffect(load, [load]);
  useEffect(() => {
    api
      .post<{ entries: NetworkChoice[] }>("/directory/search", { filter: { kind: "network" }, limit: 500 })
      .then((answer) => setNetworks(answer.entries))
      .catch(setError);
  }, []);

  const ownRefused = list?.privacyMode === "pseudonymous";
  useEffect(() => {
    if (ownRefused && mode === "own") setMode("members");
  }, [ownRefused, mode]);

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!networkId) {
      setPickError(true);
      document.getElementById(`${id}-network`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setNotice("");
    try {
      const answer = await api.post<CreatedNetworkView>(`/surveys/${surveyId}/network-views`, { networkId, mode });
      setCreated({ id: answer.id, url: answer.url, networkName: networks?.find((network) => network.id === networkId)?.name ?? "" });
      setCopied(false);
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      // No clipboard (insecure context, denied): the link is selectable in the field.
    }
  }

  async function revoke(view: NetworkViewLink) {
    setRevoking(null);
    try {
      await api.post(`/surveys/${surveyId}/network-views/${view.id}/revoke`);
      setNotice(t("sharing.revoked"));
      setError(null);
      // The link shown once is dead now: do not offer it for copying any more.
      setCreated((current) => (current?.id === view.id ? null : current));
      load();
    } catch (caught) {
      setError(caught);
    }
  }

  const headingId = `${id}-heading`;
  return (
    <section className="card network-share" aria-labelledby={headingId} data-testid="network-share">
      <h2 id={headingId}>{t("sharing.heading")}</h2>
      {!list && !error && <Loading />}
      {list && list.privacyMode !== "anonymous" && <p>{t("sharing.intro", { k: list.minCellSize })}</p>}
      {list?.privacyMode === "anonymous" && <p className="alert alert-info">{t("sharing.anonymous")}</p>}
      {list && list.privacyMode !== "anonymous" && networks && networks.length === 0 && (
        <p className="empty">
          {t("sharing.noNetworks")} <Link href="/directory">{t("sharing.toDirectory")}</Link>
        </p>
      )}
      {list && list.privacyMode !== "anonymous" && networks && networks.length > 0 && (
        <form className="form" onSubmit={(event) => void create(event)} noValidate>
          <div className="field field-medium">
            <label htmlFor={`${id}-network`}>{t("sharing.network")}</label>
            <select
              id={`${id}-network`}
              value={networkId}
              aria-invalid={pickError ? true : undefined}
              aria-describedby={pickError ? `${id}-network-error` : undefined}
              onChange={(event) => {
                setNetworkId(event.target.value);
                setPickError(false);
              }}
            >
              <option value="">{t("sharing.chooseNetwork")}</option>
              {networks.map((network) => (
                <option key={network.id} value={network.id}>
                  {network.name}
                  {network.type ? ` (${network.type})` : ""} – {t("sharing.members", { n: network.memberCount })}
                </option>
              ))}
            </select>
            {pickError && (
              <p className="field-error" id={`${id}-network-error`}>
                {t("sharing.pickNetwork")}
              </p>
            )}
          </div>
          <fieldset>
            <legend>{t("sharing.mode")}</legend>
            {MODES.map((choice) => (
              <label key={choice} className="check">
                <input
                  type="radio"
                  name={`${id}-mode`}
                  value={choice}
                  checked={mode === choice}
                  disabled={choice === "own" && ownRefused}
                  aria-describedby={choice === "own" && ownRefused ? `${id}-own-refused` : undefined}
                  onChange={() => setMode(choice)}
                />
                <span>
                  <strong>{t(`sharing.mode.${choice}`)}</strong> – {t(`sharing.mode.${choice}Hint`)}
                  {choice === "own" && ownRefused && (
                    <span className="hint" id={`${id}-own-refused`}>
                      {" "}
                      {t("sharing.ownPseudonymous")}
                    </span>
                  )}
                </span>
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>
              {busy ? t("sharing.creating") : t("sharing.create")}
            </button>
          </div>
        </form>
      )}
      {created && (
        <div className="alert alert-success" data-testid="network-view-link">
          <p>{t("sharing.created", { network: created.networkName })}</p>
          <input
            className="link-output"
            readOnly
            value={created.url}
            aria-label={t("sharing.linkLabel", { network: created.networkName })}
            onFocus={(event) => event.target.select()}
          />
          <div className="actions">
            <button type="button" className="button-small" onClick={() => void copy()}>
              {t("sharing.copy")}
            </button>
            <a href={created.url} target="_blank" rel="noreferrer noopener">
              {t("sharing.open")}
            </a>
            <span role="status" className="meta">
              {copied ? t("sharing.copied") : ""}
            </span>
          </div>
        </div>
      )}
      <ErrorAlert error={error} />
      <p role="status" className="notice">
        {notice}
      </p>
      {list && (list.views.length > 0 || list.privacyMode !== "anonymous") && (
        <>
          <h3>{t("sharing.list")}</h3>
          {list.views.length === 0 ? (
            <p className="empty">{t("sharing.none")}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("sharing.col.network")}</th>
                    <th scope="col">{t("sharing.col.mode")}</th>
                    <th scope="col">{t("sharing.col.created")}</th>
                    <th scope="col">{t("sharing.col.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.views.map((view) => (
                    <tr key={view.id} data-view={view.id}>
                      <th scope="row">{view.networkName}</th>
                      <td>{t(`sharing.mode.${view.mode}`)}</td>
                      <td>
                        {view.createdByName
                          ? t("sharing.createdBy", { time: formatDateTime(view.createdAt, lang), name: view.createdByName })
                          : formatDateTime(view.createdAt, lang)}
                      </td>
                      <td>
                        {view.revokedAt ? (
                          t("sharing.revokedAt", { time: formatDateTime(view.revokedAt, lang) })
                        ) : (
                          <>
                            {t("sharing.active")}{" "}
                            <button
                              type="button"
                              className="button-small"
                              aria-label={t("sharing.revokeFor", { network: view.networkName })}
                              onClick={() => setRevoking(view)}
                            >
                              {t("sharing.revoke")}
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={t("sharing.revokeTitle")}
        text={t("sharing.revokeText", { network: revoking?.networkName ?? "" })}
        confirmLabel={t("sharing.revokeConfirm")}
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      />
    </section>
  );
}

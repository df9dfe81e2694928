import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { api } from "../lib/api.ts";
import type { ExampleSetup } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { signedIn } from "../lib/session.ts";
import "./example.css";

/**
 * The setup page's second way in: "explore an example municipality". Creates Musterstadt (a few
 * seconds), signs its planner account in and shows that account's password and the network
 * share links once, with a button into the example.
 */
export function ExploreExample({ onCreated }: { onCreated?: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<ExampleSetup | null>(null);

  async function explore() {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<ExampleSetup>("/setup/example");
      signedIn(answer);
      setCreated(answer);
      onCreated?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  if (created) return <ExampleReady created={created} />;
  return (
    <section className="card" aria-labelledby="explore-example-heading" data-testid="explore-example">
      <h2 id="explore-example-heading">{t("example.setupHeading")}</h2>
      <p>{t("example.setupIntro")}</p>
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" onClick={() => void explore()} disabled={busy} aria-describedby={busy ? "explore-example-busy" : undefined}>
          {t("example.explore")}
        </button>
        {busy && (
          <p className="meta" id="explore-example-busy" role="status">
            {t("example.creating")}
          </p>
        )}
      </div>
    </section>
  );
}

/** The example's account (password shown once) and share links; focus moves here for screen readers. */
function ExampleReady({ created }: { created: ExampleSetup }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const { account, networkViews, counts } = created.example;
  useEffect(() => heading.current?.focus(), []);

  return (
    <section className="card" aria-labelledby="example-ready-heading" data-testid="example-ready">
      <h2 id="example-ready-heading" ref={heading} tabIndex={-1}>
        {t("example.readyHeading")}
      </h2>
      <p>{t("example.readyIntro")}</p>
      <h3>{t("example.account")}</h3>
      <dl className="example-credentials" data-testid="example-credentials">
        <dt>{t("common.email")}</dt>
        <dd data-testid="example-email">{account.email}</dd>
        <dt>{t("common.password")}</dt>
        <dd data-testid="example-password">{account.password}</dd>
      </dl>
      <p>
        {t("example.summary", {
          districts: counts.districts,
          institutions: counts.institutions,
          networks: counts.networks,
          invitations: counts.invitations,
          submitted: counts.submitted,
          drafts: counts.responses - counts.submitted,
        })}
      </p>
      <h3>{t("example.viewsHeading")}</h3>
      <p>{t("example.viewsIntro")}</p>
      <ul className="example-views">
        {networkViews.map((view) => (
          <li key={view.url}>
            <a href={view.url} target="_blank" rel="noreferrer" data-testid="example-network-view">
              {t("example.viewLabel", { network: view.networkName, survey: view.surveyTitle, mode: t(view.mode === "own" ? "example.mode.own" : "example.mode.members") })}
            </a>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="button-primary" onClick={() => navigate("/")}>
          {t("example.continue")}
        </button>
      </div>
    </section>
  );
}

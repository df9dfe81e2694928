import { useState, type ReactNode } from "react";
import { Link, Redirect, useLocation } from "wouter";
import { ExampleBanner } from "../example/example-banner.tsx";
import { api } from "./api.ts";
import { ErrorAlert } from "./error-alert.tsx";
import { useI18n } from "./i18n.ts";
import { LanguageSwitch } from "./language-switch.tsx";
import { Loading } from "./loading.tsx";
import { signedOut, useSession } from "./session.ts";

/**
 * The planner's frame: skip link, header with navigation, language switch and sign-out, and
 * the <main> landmark (opening with the example-data banner in the example municipality). It also guards the planner pages: without a session it sends the visitor
 * to the first-run setup or to the sign-in.
 */
export function PlannerLayout({ children }: { children: ReactNode }) {
  const session = useSession();
  const { t } = useI18n();
  const [location, navigate] = useLocation();
  const [logoutError, setLogoutError] = useState<unknown>(null);

  if (session.status === "signed-out") return <Redirect to={session.setupNeeded ? "/setup" : "/login"} replace />;

  const me = session.status === "signed-in" ? session.me : null;
  const isCurrent = (path: string) => (path === "/" ? location === "/" || location.startsWith("/surveys") : location.startsWith(path));

  async function logout() {
    try {
      await api.post("/auth/logout");
      signedOut();
      navigate("/login");
    } catch (error) {
      setLogoutError(error);
    }
  }

  return (
    <>
      <a className="skip-link" href="#main">
        {t("skip.toMain")}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link href="/" className="brand">
            <span className="brand-name">{t("app.name")}</span>
            {me && <span className="brand-org">{me.organisation.name}</span>}
          </Link>
          {me && (
            <nav aria-label={t("nav.main")} className="main-nav">
              <ul>
                <li>
                  <Link href="/" aria-current={isCurrent("/") ? "page" : undefined}>
                    {t("nav.surveys")}
                  </Link>
                </li>
                <li>
                  <Link href="/canon" aria-current={isCurrent("/canon") ? "page" : undefined}>
                    {t("nav.canon")}
                  </Link>
                </li>
                <li>
                  <Link href="/directory" aria-current={isCurrent("/directory") ? "page" : undefined}>
                    {t("directory.nav")}
                  </Link>
                </li>
                <li>
                  <Link href="/team" aria-current={isCurrent("/team") ? "page" : undefined}>
                    {t("nav.team")}
                  </Link>
                </li>
                <li>
                  <Link href="/settings" aria-current={isCurrent("/settings") ? "page" : undefined}>
                    {t("nav.settings")}
                  </Link>
                </li>
                {me.user.role === "admin" && (
                  <li>
                    <Link href="/audit" aria-current={isCurrent("/audit") ? "page" : undefined}>
                      {t("audit.nav")}
                    </Link>
                  </li>
                )}
                {me.devMailbox && me.user.role === "admin" && (
                  <li>
                    <Link href="/dev/mailbox" aria-current={isCurrent("/dev/mailbox") ? "page" : undefined}>
                      {t("nav.mailbox")}
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
          <div className="header-tools">
            <LanguageSwitch />
            {me && (
              <Link href="/account" className="header-link" aria-current={isCurrent("/account") ? "page" : undefined} title={t("nav.signedInAs", { name: me.user.name })}>
                {t("account.nav")}
              </Link>
            )}
            {me && (
              <button type="button" className="button-quiet" onClick={logout} title={t("nav.signedInAs", { name: me.user.name })}>
                {t("nav.logout")}
              </button>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page">
        <ErrorAlert error={logoutError} />
        {session.status === "loading" && <Loading />}
        {session.status === "error" && <ErrorAlert error={session.error} />}
        {me && <ExampleBanner me={me} />}
        {me && children}
      </main>
    </>
  );
}

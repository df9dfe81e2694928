import type { ReactNode } from "react";
import { useI18n } from "./i18n.ts";
import { LanguageSwitch } from "./language-switch.tsx";

/**
 * The frame for pages without planner chrome (sign-in, setup, invitation, respondent link):
 * skip link, a plain header with who is asking and the language switch, and <main>.
 */
export function PublicLayout({ brand, children, wide = false }: { brand?: string; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skip.toMain")}
      </a>
      <header className="site-header">
        <div className={wide ? "header-inner header-wide" : "header-inner header-narrow"}>
          <p className="brand">
            <span className="brand-name">{brand ?? t("app.name")}</span>
          </p>
          <div className="header-tools">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className={wide ? "page page-wide" : "page page-narrow"}>
        {children}
      </main>
    </>
  );
}

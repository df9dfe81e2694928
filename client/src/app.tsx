import { Suspense, type ReactNode } from "react";
import { Redirect, Route, Switch } from "wouter";
import { lazyNamed } from "./lib/lazy-named.ts";
import { Loading } from "./lib/loading.tsx";
import { NotFoundPage } from "./lib/not-found-page.tsx";
import { PlannerLayout } from "./lib/planner-layout.tsx";
import { PublicLayout } from "./lib/public-layout.tsx";
import type { WorkspaceSectionProps, WorkspaceTab } from "./surveys/survey-workspace-page.tsx";

/**
 * The routes, and the composition root: the only place that knows every feature. Each page is
 * a lazily loaded chunk, so the respondent page loads survey-core but not Chart.js, the
 * planner's results load Chart.js but not survey-core, and the builder and the canon load
 * survey-core only when a preview is opened.
 */
const SetupPage = lazyNamed(() => import("./auth/setup-page.tsx"), "SetupPage");
const LoginPage = lazyNamed(() => import("./auth/login-page.tsx"), "LoginPage");
const AcceptInvitationPage = lazyNamed(() => import("./auth/accept-invitation-page.tsx"), "AcceptInvitationPage");
const TeamPage = lazyNamed(() => import("./auth/team-page.tsx"), "TeamPage");
const ForgotPasswordPage = lazyNamed(() => import("./auth/forgot-password-page.tsx"), "ForgotPasswordPage");
const ResetPasswordPage = lazyNamed(() => import("./auth/reset-password-page.tsx"), "ResetPasswordPage");
const AccountPage = lazyNamed(() => import("./auth/account-page.tsx"), "AccountPage");
const SettingsPage = lazyNamed(() => import("./organisation/settings-page.tsx"), "SettingsPage");
const SurveyListPage = lazyNamed(() => import("./surveys/survey-list-page.tsx"), "SurveyListPage");
const SurveyWorkspacePage = lazyNamed(() => import("./surveys/survey-workspace-page.tsx"), "SurveyWorkspacePage");
const SurveyPreviewPage = lazyNamed(() => import("./surveys/survey-preview-page.tsx"), "SurveyPreviewPage");
const ComposeTab = lazyNamed(() => import("./surveys/compose-tab.tsx"), "ComposeTab");
const CanonBrowser = lazyNamed(() => import("./canon/canon-browser.tsx"), "CanonBrowser");
const CanonPage = lazyNamed(() => import("./canon/canon-page.tsx"), "CanonPage");
const ItemEditorPage = lazyNamed(() => import("./canon/item-editor-page.tsx"), "ItemEditorPage");
const DirectoryPage = lazyNamed(() => import("./directory/directory-page.tsx"), "DirectoryPage");
const RecipientsPanel = lazyNamed(() => import("./recipients/recipients-panel.tsx"), "RecipientsPanel");
const ResultsPanel = lazyNamed(() => import("./results/results-panel.tsx"), "ResultsPanel");
const AuditLogPage = lazyNamed(() => import("./audit/audit-log-page.tsx"), "AuditLogPage");
const MailboxPage = lazyNamed(() => import("./mailbox/mailbox-page.tsx"), "MailboxPage");
const RespondentPage = lazyNamed(() => import("./respond/respondent-page.tsx"), "RespondentPage");
const NetworkViewPage = lazyNamed(() => import("./sharing/network-view-page.tsx"), "NetworkViewPage");

const workspaceSections: Record<WorkspaceTab, (props: WorkspaceSectionProps) => ReactNode> = {
  compose: (props) => (
    <ComposeTab
      {...props}
      canonPicker={(picker) => (
        <Suspense fallback={<Loading />}>
          <CanonBrowser {...picker} />
        </Suspense>
      )}
    />
  ),
  recipients: (props) => <RecipientsPanel survey={props.survey} />,
  results: (props) => <ResultsPanel survey={props.survey} />,
};

function workspaceTab(value: string | undefined): WorkspaceTab | null {
  if (value === undefined) return "compose";
  return value === "recipients" || value === "results" ? value : null;
}

/** Other names planners may type for the questions tab ("Fragen"), whose address is the survey's own. */
const composeAliases = new Set(["compose", "questions", "fragen", "builder"]);

function Planner({ children }: { children: ReactNode }) {
  return (
    <PlannerLayout>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </PlannerLayout>
  );
}

function Public({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <PublicLayout>
          <Loading />
        </PublicLayout>
      }
    >
      {children}
    </Suspense>
  );
}

export function App() {
  return (
    <Switch>
      <Route path="/setup">
        <Public>
          <SetupPage />
        </Public>
      </Route>
      <Route path="/login">
        <Public>
          <LoginPage />
        </Public>
      </Route>
      <Route path="/forgot-password">
        <Public>
          <ForgotPasswordPage />
        </Public>
      </Route>
      <Route path="/reset-password/:token">
        {(params) => (
          <Public>
            <ResetPasswordPage token={params.token} />
          </Public>
        )}
      </Route>
      <Route path="/invite/:token">
        {(params) => (
          <Public>
            <AcceptInvitationPage token={params.token} />
          </Public>
        )}
      </Route>
      <Route path="/r/:token">
        {(params) => (
          <Public>
            <RespondentPage token={params.token} />
          </Public>
        )}
      </Route>
      <Route path="/n/:token">
        {(params) => (
          <Public>
            <NetworkViewPage token={params.token} />
          </Public>
        )}
      </Route>
      <Route path="/surveys/:id/preview">
        {(params) => (
          <Planner>
            <SurveyPreviewPage id={params.id} />
          </Planner>
        )}
      </Route>
      <Route path="/surveys">
        <Redirect to="/" replace />
      </Route>
      <Route path="/surveys/:id/:tab?">
        {(params) => {
          if (params.tab !== undefined && composeAliases.has(params.tab.toLowerCase())) {
            return <Redirect to={`/surveys/${encodeURIComponent(params.id)}`} replace />;
          }
          const tab = workspaceTab(params.tab);
          return (
            <Planner>
              {tab ? <SurveyWorkspacePage id={params.id} tab={tab} sections={workspaceSections} /> : <NotFoundPage />}
            </Planner>
          );
        }}
      </Route>
      <Route path="/canon">
        <Planner>
          <CanonPage />
        </Planner>
      </Route>
      <Route path="/canon/new">
        <Planner>
          <ItemEditorPage />
        </Planner>
      </Route>
      <Route path="/canon/items">
        <Redirect to="/canon" replace />
      </Route>
      <Route path="/canon/items/:itemId">
        {(params) => (
          <Planner>
            <ItemEditorPage key={params.itemId} itemId={decodeURIComponent(params.itemId)} />
          </Planner>
        )}
      </Route>
      <Route path="/directory/institutions">
        <Redirect to="/directory" replace />
      </Route>
      <Route path="/directory/:tab?">
        {(params) => (
          <Planner>
            <DirectoryPage tab={params.tab} />
          </Planner>
        )}
      </Route>
      <Route path="/team">
        <Planner>
          <TeamPage />
        </Planner>
      </Route>
      <Route path="/account">
        <Planner>
          <AccountPage />
        </Planner>
      </Route>
      <Route path="/settings">
        <Planner>
          <SettingsPage />
        </Planner>
      </Route>
      <Route path="/audit">
        <Planner>
          <AuditLogPage />
        </Planner>
      </Route>
      <Route path="/dev/mailbox">
        <Planner>
          <MailboxPage />
        </Planner>
      </Route>
      <Route path="/">
        <Planner>
          <SurveyListPage />
        </Planner>
      </Route>
      <Route>
        <PublicLayout>
          <NotFoundPage />
        </PublicLayout>
      </Route>
    </Switch>
  );
}

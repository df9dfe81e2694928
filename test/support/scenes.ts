import type { PlannerClient, TestApp } from "./test-app.ts";

/**
 * Scene builders: the set-up that API and browser tests share, built through the real API as a
 * planner and a respondent would. One organisation (`setUpOrganisation` in test-app.ts, or
 * `ServerPlanner.setUp` against a running server), a survey opened with items (`openSurvey`),
 * invitations and their links (`invite`, `mailboxTokens`), answers sent through the personal link
 * (`submitAnswers`), and all of it at once (`answeredSurvey`).
 *
 * The builders send exactly what they are given: a survey gets only the settings named, so a
 * scene says in one line what a test needs and nothing else changes.
 */

/** Anything that speaks to the API as a signed-in planner: `PlannerClient` in-process, `ServerPlanner` over HTTP. */
export interface PlannerApi {
  json<T = any>(method: string, path: string, body?: unknown, expectedStatus?: number): Promise<T>;
}

/** Anything that sends a request without a session, as a respondent's browser does: `TestApp`, or `respondentRequests(url)`. */
export interface RespondentApi {
  request(method: string, path: string, body?: unknown): Promise<Response>;
}

/** A canon item at version 1 by its id, or an element as the builder stores it (`{ itemId, version, required, … }`). */
export type SurveyItem = string | ({ itemId: string; version: number } & Record<string, unknown>);

export type PrivacyMode = "identified" | "pseudonymous" | "anonymous";

/**
 * A survey to open: its title, its items (on one page) or pages, and any further settings of the
 * survey (closingDate, privacyMode, allowEditAfterSubmit, audience, …), sent as they are.
 */
export type SurveyScene = {
  title: string;
  items?: SurveyItem[];
  pages?: unknown[];
  privacyMode?: PrivacyMode;
  closingDate?: string | null;
} & Record<string, unknown>;

/** The builder's element for a canon item at version 1, or the element as given. */
export function surveyItem(item: SurveyItem): { itemId: string; version: number } {
  return typeof item === "string" ? { itemId: item, version: 1 } : item;
}

/**
 * Creates the survey, saves its items and settings in one change (none when only a title is
 * given) and opens it, so invitations can go out. Returns the survey's id.
 */
export async function openSurvey(planner: PlannerApi, survey: SurveyScene): Promise<string> {
  const { title, items, ...settings } = survey;
  const { id } = await planner.json<{ id: string }>("POST", "/api/surveys", { title }, 201);
  const change = items ? { items: items.map(surveyItem), ...settings } : settings;
  if (Object.keys(change).length > 0) await planner.json("PATCH", `/api/surveys/${id}`, change);
  await planner.json("POST", `/api/surveys/${id}/open`);
  return id;
}

/**
 * A questionnaire file (SurveyJS JSON) imported as a new survey, given the settings named (say, a
 * closing date) and opened. Returns the survey's id.
 */
export async function openImportedSurvey(planner: PlannerApi, fileName: string, definition: unknown, settings: Record<string, unknown> = {}): Promise<string> {
  const contentBase64 = Buffer.from(JSON.stringify(definition)).toString("base64");
  const { surveyId } = await planner.json<{ surveyId: string }>("POST", "/api/surveys/import", { fileName, contentBase64 }, 201);
  if (Object.keys(settings).length > 0) await planner.json("PATCH", `/api/surveys/${surveyId}`, settings);
  await planner.json("POST", `/api/surveys/${surveyId}/open`);
  return surveyId;
}

/** The two optional canon questions most API tests ask (network.sphere, network.founding_year). */
export const TWO_QUESTIONS = ["network.sphere", "network.founding_year"];

/** A survey with the two optional questions, closing on the date given (far ahead unless said), opened. */
export function openTwoQuestionSurvey(planner: PlannerApi, title: string, closingDate: string | null = "2099-12-31"): Promise<string> {
  return openSurvey(planner, { title, closingDate, items: TWO_QUESTIONS });
}

/** Who to invite: addresses (with no name), recipients with names, or directory entries. */
export type Invitees = string[] | { recipients: { email: string; name: string }[] } | { directoryEntryIds: string[] };

/** The body of POST /api/surveys/{id}/invitations for the invitees. */
export function invitationBody(invitees: Invitees) {
  return Array.isArray(invitees) ? { recipients: invitees.map((email) => ({ email, name: "" })) } : invitees;
}

/** The personal link's token in a mail, or undefined when the mail has none. */
export function tokenIn(text: string): string | undefined {
  return text.match(/\/r\/([A-Za-z0-9_-]{20,})/)?.[1];
}

/** The bare address a mail went to (`"Frau Beispiel" <kita@…>` when the directory names a contact person). */
export const bareAddress = (to: string) => to.match(/<([^>]+)>$/)?.[1] ?? to;

/** The newest personal link per address in mails listed newest first (as GET /api/dev/mailbox lists them). */
export function tokensByAddress(mails: { to: string; text: string }[]): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const mail of mails) {
    const token = tokenIn(mail.text);
    if (token) tokens[bareAddress(mail.to)] ??= token;
  }
  return tokens;
}

/** Sends the mails waiting in the queue, then returns the newest personal link per address in the planner's dev mailbox. */
export async function mailboxTokens(testApp: TestApp, planner: PlannerApi): Promise<Record<string, string>> {
  await testApp.mailWorker.runOnce();
  const { mails } = await planner.json<{ mails: { to: string; text: string }[] }>("GET", "/api/dev/mailbox");
  return tokensByAddress(mails);
}

/** Invites to an open survey, sends the mails and returns the newest personal link per address. */
export async function invite(testApp: TestApp, planner: PlannerApi, surveyId: string, invitees: Invitees): Promise<Record<string, string>> {
  await planner.json("POST", `/api/surveys/${surveyId}/invitations`, invitationBody(invitees));
  return mailboxTokens(testApp, planner);
}

/** The survey's invitations by address: address → invitation id. */
export async function invitationIds(planner: PlannerApi, surveyId: string): Promise<Record<string, string>> {
  const { invitations } = await planner.json<{ invitations: { email: string; id: string }[] }>("GET", `/api/surveys/${surveyId}/invitations`);
  return Object.fromEntries(invitations.map((invitation) => [invitation.email, invitation.id]));
}

/** How a submission is sent: the page and revision it builds on, and the locale if any. */
export interface SubmitOptions {
  page?: number;
  baseRevision?: number;
  locale?: string;
}

/** What the respondent's page sends unless a scene says otherwise: page 0, building on revision 0. */
export const FIRST_SUBMIT: SubmitOptions = { page: 0, baseRevision: 0 };

/** The body a respondent's browser sends to save or submit answers: the answers and the options as given. */
export function answersBody(answers: Record<string, unknown>, options: SubmitOptions = FIRST_SUBMIT) {
  return { answers, ...options };
}

/** Submits answers through a personal link; throws unless the server takes them, and returns its reply. */
export async function submitAnswers<T = { revision: number }>(
  respondent: RespondentApi,
  token: string,
  answers: Record<string, unknown>,
  options: SubmitOptions = FIRST_SUBMIT,
): Promise<T> {
  const response = await respondent.request("POST", `/api/r/${token}/submit`, answersBody(answers, options));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`submit through ${token.slice(0, 6)}…: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * A survey opened with items, its invitees invited, and each address with answers submitted
 * through its personal link (in the order given). Returns the survey's id and every invitee's token.
 */
export async function answeredSurvey(
  testApp: TestApp,
  planner: PlannerApi,
  survey: SurveyScene,
  answersByAddress: Record<string, Record<string, unknown>>,
  invitees: Invitees = Object.keys(answersByAddress),
): Promise<{ surveyId: string; tokens: Record<string, string> }> {
  const surveyId = await openSurvey(planner, survey);
  const tokens = await invite(testApp, planner, surveyId, invitees);
  for (const [address, answers] of Object.entries(answersByAddress)) await submitAnswers(testApp, tokens[address]!, answers);
  return { surveyId, tokens };
}

/** Requests without a session to a running server (as a respondent's browser sends them). */
export function respondentRequests(serverUrl: string): RespondentApi {
  return {
    request: (method, path, body) =>
      fetch(`${serverUrl}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

/** The first-run setup's fields: the organisation and its first admin. */
export interface SetupFields {
  organisationName: string;
  name: string;
  email: string;
  password: string;
}

/**
 * The planner of a running server (the browser tests' `startServer`): signed in through the
 * first-run setup, it carries the session cookie and CSRF token like the browser client does.
 */
export class ServerPlanner implements PlannerApi {
  constructor(
    readonly serverUrl: string,
    /** The session cookie's value (for `context.addCookies`). */
    readonly session: string,
    readonly csrfToken: string,
  ) {}

  /** The session as a Cookie header. */
  get cookie(): string {
    return `kanon_session=${this.session}`;
  }

  /** Runs the first-run setup on the server and returns its admin, signed in. */
  static async setUp(serverUrl: string, fields: SetupFields): Promise<ServerPlanner> {
    const setup = await fetch(`${serverUrl}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fields),
    });
    if (setup.status !== 200) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
    const session = (setup.headers.get("set-cookie") ?? "").match(/kanon_session=([^;]+)/)?.[1] ?? "";
    return new ServerPlanner(serverUrl, session, ((await setup.json()) as { csrfToken: string }).csrfToken);
  }

  /** Any status but one of 2xx throws; returns the reply's JSON (null when empty). `apiPath` leaves out `/api`. */
  async call<T = any>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await this.send(method, `/api${apiPath}`, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** As `PlannerClient.json`: throws unless the status is the one expected. */
  async json<T = any>(method: string, path: string, body?: unknown, expectedStatus = 200): Promise<T> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    if (response.status !== expectedStatus) throw new Error(`${method} ${path}: expected ${expectedStatus}, got ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /**
   * The newest personal link per address once every address has one in the dev mailbox (the
   * server's mail worker sends them on its own): asks every `intervalMs`, gives up after `attempts`.
   */
  async tokensFor(addresses: string[], { attempts = 150, intervalMs = 200 } = {}): Promise<Record<string, string>> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const { mails } = await this.call<{ mails: { to: string; text: string }[] }>("GET", "/dev/mailbox");
      const tokens = tokensByAddress(mails);
      if (addresses.every((address) => tokens[address])) return tokens;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    throw new Error(`no link for ${addresses.join(", ")} after ${(attempts * intervalMs) / 1000} s`);
  }

  private send(method: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${this.serverUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", cookie: this.cookie, "x-csrf-token": this.csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

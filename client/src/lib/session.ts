import { useEffect, useSyncExternalStore } from "react";
import { api, ApiRequestError, setCsrfToken } from "./api.ts";
import type { Me, SetupStatus } from "./api-types.ts";

/**
 * Who is signed in, shared by the planner pages and the header. Loaded once on demand (the
 * respondent page never asks), refreshed after sign-in, setup and sign-out.
 */
export type SessionState =
  | { status: "loading" }
  | { status: "signed-in"; me: Me }
  | { status: "signed-out"; setupNeeded: boolean }
  | { status: "error"; error: unknown };

let state: SessionState = { status: "loading" };
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function publish(next: SessionState) {
  state = next;
  for (const listener of listeners) listener();
}

/** Asks the server who is signed in (and, if nobody, whether first-run setup is needed). */
export function refreshSession(): Promise<void> {
  loading = (async () => {
    try {
      const me = await api.get<Me>("/auth/me");
      setCsrfToken(me.csrfToken);
      publish({ status: "signed-in", me });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) {
        try {
          const setup = await api.get<SetupStatus>("/setup");
          publish({ status: "signed-out", setupNeeded: setup.needed });
        } catch (setupError) {
          publish({ status: "error", error: setupError });
        }
      } else {
        publish({ status: "error", error });
      }
    }
  })();
  return loading;
}

/** Stores the session a login, setup or invitation accept returned. */
export function signedIn(me: Me): void {
  setCsrfToken(me.csrfToken);
  publish({ status: "signed-in", me });
}

export function signedOut(): void {
  setCsrfToken("");
  publish({ status: "signed-out", setupNeeded: false });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The session, loading it the first time a component asks. */
export function useSession(): SessionState {
  const current = useSyncExternalStore(subscribe, () => state, () => state);
  useEffect(() => {
    if (!loading) void refreshSession();
  }, []);
  return current;
}

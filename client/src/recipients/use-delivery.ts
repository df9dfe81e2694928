import { useCallback, useEffect, useState } from "react";
import { api } from "../lib/api.ts";
import { useInterval } from "../lib/use-interval.ts";
import type { InvitationList, Mailing } from "./recipient-types.ts";

const POLL_MS = 1500;

/** A mailing with mails still on their way now (not merely scheduled for later). */
export function isRunning(mailing: Mailing, now = Date.now()): boolean {
  return mailing.queued + mailing.sending > 0 && new Date(mailing.scheduledAt).getTime() <= now + POLL_MS;
}

/**
 * The survey's invitations and mailings, reloaded every 1.5 s while a mailing is running, so the
 * progress bars and states move while the planner watches.
 */
export function useDelivery(surveyId: string) {
  const [invitations, setInvitations] = useState<InvitationList | null>(null);
  const [mailings, setMailings] = useState<Mailing[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const [list, runs] = await Promise.all([
        api.get<InvitationList>(`/surveys/${surveyId}/invitations`),
        api.get<{ mailings: Mailing[] }>(`/surveys/${surveyId}/mailings`),
      ]);
      setInvitations(list);
      setMailings(runs.mailings);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [surveyId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const running = mailings?.some((mailing) => isRunning(mailing)) ?? false;
  const scheduledSoon = mailings?.some((mailing) => mailing.queued > 0 && !isRunning(mailing)) ?? false;
  useInterval(() => void reload(), running ? POLL_MS : scheduledSoon ? 30_000 : null);

  return { invitations, mailings, error, reload };
}

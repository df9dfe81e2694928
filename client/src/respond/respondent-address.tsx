import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { Audience, FormOfAddress } from "../../../server/lib/survey-audience.ts";
import { ApiRequestError } from "../lib/api.ts";
import { useI18n, type I18n, type MessageKey } from "../lib/i18n.ts";

/** Who the survey on this page asks and how it addresses them ("Sie" until the survey is known). */
interface RespondentAudience {
  audience: Audience;
  formOfAddress: FormOfAddress;
}

const RespondentAudienceContext = createContext<RespondentAudience>({ audience: "institutions", formOfAddress: "sie" });

/** Gives the respondent page's texts the survey's audience and form of address. */
export function RespondentAudienceProvider({ value, children }: { value: RespondentAudience; children: ReactNode }) {
  const memo = useMemo(() => ({ audience: value.audience, formOfAddress: value.formOfAddress }), [value.audience, value.formOfAddress]);
  return <RespondentAudienceContext.Provider value={memo}>{children}</RespondentAudienceContext.Provider>;
}

export function useRespondentAudience(): RespondentAudience {
  return useContext(RespondentAudienceContext);
}

/**
 * `useI18n` for the respondent page: every message gets the survey's form of address as
 * `{address}`, so German texts written as `{address, select, du {…} other {…}}` speak to the
 * respondent as the survey does (English has one form).
 */
export function useRespondentI18n(): I18n {
  const i18n = useI18n();
  const { formOfAddress } = useRespondentAudience();
  const { t: translateKey } = i18n;
  const t = useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) => translateKey(key, { address: formOfAddress, ...vars }),
    [translateKey, formOfAddress],
  );
  return { ...i18n, t };
}

/**
 * An error for respondents in words: the server's message (already in the survey's form of
 * address), or ours where the server could not be reached or gave no message.
 */
export function respondentErrorMessage(error: unknown, t: I18n["t"]): string {
  if (error instanceof ApiRequestError) return error.code === "network_error" ? t("respond.networkError") : error.localizedMessage;
  return t("respond.unexpectedError");
}

/** The form of address a refused link's page names (the server says it once it knows the survey). */
export function formOfAddressOfError(error: unknown): FormOfAddress {
  const details = error instanceof ApiRequestError ? (error.details as { formOfAddress?: unknown } | undefined) : undefined;
  return details?.formOfAddress === "du" ? "du" : "sie";
}

import { useTranslations } from "next-intl";
import { useCallback } from "react";

import { ApiRequestError } from "./api-fetch";

/** The translator of the "apiErrors" namespace (useTranslations or createTranslator). */
type ApiErrorTranslator = (key: ApiRequestError["code"], values?: { seconds: number }) => string;

/** Seconds to wait, when the server said (flood_wait carries `details.seconds`). */
function secondsOf(error: ApiRequestError): number {
  const seconds = (error.details as { seconds?: unknown } | undefined)?.seconds;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0;
}

/**
 * Words a failed API call by its code. The one way the UI turns an error into text:
 * the server's English `message` never reaches the page.
 */
export function describeApiError(t: ApiErrorTranslator, error: unknown): string {
  if (!(error instanceof ApiRequestError)) return t("unknown");
  if (error.code === "flood_wait") return t("flood_wait", { seconds: secondsOf(error) });
  return t(error.code);
}

/** describeApiError in the reader's language. */
export function useApiErrorMessage(): (error: unknown) => string {
  const t = useTranslations("apiErrors");
  return useCallback((error: unknown) => describeApiError(t, error), [t]);
}

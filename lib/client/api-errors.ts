"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";

import { ApiRequestError } from "./api-fetch";

/** Seconds to wait, when the server said (flood_wait carries `details.seconds`). */
function secondsOf(error: ApiRequestError): number {
  const seconds = (error.details as { seconds?: unknown } | undefined)?.seconds;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 0;
}

/**
 * Words any failed API call in the reader's language, by its code. The one way the UI
 * turns an error into text: the server's English `message` never reaches the page.
 */
export function useApiErrorMessage(): (error: unknown) => string {
  const t = useTranslations("apiErrors");
  return useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiRequestError)) return t("unknown");
      if (error.code === "flood_wait") return t("flood_wait", { seconds: secondsOf(error) });
      return t(error.code);
    },
    [t],
  );
}

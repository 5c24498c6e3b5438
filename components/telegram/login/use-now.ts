import { useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";

/** The current time, re-read every `intervalMs` (or never, when null). */
export function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Whole seconds until `retryAt` (ticking while there is a wait), 0 when there is none. */
export function useSecondsUntil(retryAt: number | null | undefined): number {
  const now = useNow(retryAt ? 500 : null);
  return retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
}

/** "45 seconds", or minutes from two minutes on. */
export function useFormatWait(): (seconds: number) => string {
  const t = useTranslations("login.time");
  return useCallback(
    (seconds: number) =>
      seconds >= 120 ? t("minutes", { count: Math.ceil(seconds / 60) }) : t("seconds", { count: seconds }),
    [t],
  );
}

"use client";

import { useTranslations } from "next-intl";

import { useLiveUpdates } from "@/lib/client/hooks/use-live-updates";

/**
 * Keeps the dashboard's caches live, and says so when they are not: Telegram is
 * unreachable and the server is reconnecting, or the stream to the server has been down
 * a while. The page recovers by itself when the link is back (no reload).
 */
export function LiveUpdates({ accountId }: { accountId: string }) {
  const t = useTranslations("dashboard.live");
  const { offline, reconnecting } = useLiveUpdates(accountId);
  if (!offline && !reconnecting) return null;
  return (
    <p
      role="status"
      data-testid="connection-banner"
      className="fixed bottom-4 left-1/2 z-40 -translate-x-1/2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 shadow-lg ring-1 ring-amber-200"
    >
      {reconnecting ? t("reconnecting") : t("offline")}
    </p>
  );
}

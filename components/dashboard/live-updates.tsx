"use client";

import { useTranslations } from "next-intl";

import { useLiveUpdates } from "@/lib/client/hooks/use-live-updates";

/** Keeps the dashboard's caches live; says so when the stream has been down a while. */
export function LiveUpdates({ accountId }: { accountId: string }) {
  const t = useTranslations("dashboard.live");
  const { offline } = useLiveUpdates(accountId);
  if (!offline) return null;
  return (
    <p role="status" className="fixed bottom-4 left-1/2 z-40 -translate-x-1/2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 shadow-lg ring-1 ring-amber-200">
      {t("offline")}
    </p>
  );
}

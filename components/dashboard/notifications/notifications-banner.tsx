"use client";

import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/button";
import { useNotificationPermission, useNotificationPrefs } from "@/lib/client/notification-prefs";

/**
 * Offers, until answered or dismissed, to turn in-tab notifications on: at the top of the
 * chat list and in its flow, so it never covers a chat row or the composer. Wide screens
 * only: phone browsers mostly refuse page notifications; Settings still has the switch.
 */
export function NotificationsBanner() {
  const t = useTranslations("dashboard.tabNotifications");
  const [prefs, setPrefs] = useNotificationPrefs();
  const { permission, request } = useNotificationPermission();

  if (permission !== "default" || !prefs.enabled || prefs.bannerDismissed) return null;
  return (
    <div
      role="region"
      aria-label={t("title")}
      data-testid="notifications-banner"
      className="mb-3 hidden flex-col gap-3 rounded-xl bg-white p-4 text-sm text-slate-700 ring-1 ring-slate-200 sm:flex"
    >
      <p>{t("banner.text")}</p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => void request()} data-testid="notifications-allow">
          {t("banner.allow")}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setPrefs({ bannerDismissed: true })}
          data-testid="notifications-dismiss"
        >
          {t("banner.dismiss")}
        </Button>
      </div>
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/button";
import { useNotificationPermission, useNotificationPrefs } from "@/lib/client/notification-prefs";

/** This browser's notification settings: the permission (asked only from the button), on/off and the sound. */
export function NotificationsCard() {
  const t = useTranslations("dashboard.tabNotifications");
  const [prefs, setPrefs] = useNotificationPrefs();
  const { permission, request } = useNotificationPermission();
  const unsupported = permission === "unsupported";
  return (
    <section
      aria-labelledby="notifications-heading"
      className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6"
      data-testid="notifications-settings"
    >
      <h2 id="notifications-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-500">{t("intro")}</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <p
          role="status"
          data-testid="notification-permission"
          data-state={permission}
          className={
            permission === "granted"
              ? "text-sm text-emerald-700"
              : permission === "denied"
                ? "text-sm text-amber-800"
                : "text-sm text-slate-700"
          }
        >
          {t(`states.${permission}`)}
        </p>
        {permission === "default" ? (
          <Button size="sm" onClick={() => void request()} data-testid="notification-permission-ask">
            {t("allow")}
          </Button>
        ) : null}
      </div>
      <div className="mt-4 flex flex-col gap-2 text-sm text-slate-700">
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            checked={prefs.enabled}
            disabled={unsupported}
            onChange={(event) => setPrefs({ enabled: event.target.checked })}
            data-testid="notifications-enabled"
            className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          />
          {t("enabled")}
        </label>
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            checked={prefs.sound}
            disabled={unsupported || !prefs.enabled}
            onChange={(event) => setPrefs({ sound: event.target.checked })}
            data-testid="notifications-sound"
            className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
          />
          {t("sound")}
        </label>
      </div>
      <p className="mt-3 text-xs text-slate-500">{t("remembered")}</p>
    </section>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import { adminApi } from "@/lib/client/api";
import { useAdminAction } from "@/lib/client/hooks/use-admin-action";

/** The admin settings: each change is saved at once (and audited) and the page re-read. */
export function SettingsForm({
  webhooksAllowPrivate,
  forced,
  cacheSeconds,
}: {
  webhooksAllowPrivate: boolean;
  forced: boolean;
  cacheSeconds: number;
}) {
  const t = useTranslations("admin.settings");
  const action = useAdminAction();
  const [checked, setChecked] = useState(webhooksAllowPrivate);
  const [saved, setSaved] = useState(false);

  async function change(next: boolean) {
    setSaved(false);
    setChecked(next);
    const result = await action.run(() => adminApi.updateSettings({ webhooksAllowPrivate: next }));
    if (result) {
      setChecked(result.webhooksAllowPrivate);
      setSaved(true);
    } else {
      setChecked(!next);
    }
  }

  return (
    <div className="flex flex-col gap-2 text-sm text-slate-700">
      <label className="inline-flex items-center gap-2 font-medium text-slate-900">
        <input
          type="checkbox"
          checked={checked}
          disabled={action.pending}
          aria-describedby="settings-webhooks-private-help"
          onChange={(event) => void change(event.target.checked)}
          data-testid="admin-settings-webhooks-private"
          className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
        />
        {t("webhooksPrivate")}
        {action.pending ? (
          <span className="inline-flex items-center gap-1 text-xs font-normal text-slate-500">
            <Spinner className="size-3 border-slate-300 border-t-slate-600" />
            {t("saving")}
          </span>
        ) : null}
      </label>
      <p id="settings-webhooks-private-help" className="text-xs text-slate-500">
        {t("webhooksPrivateHelp", { seconds: cacheSeconds })}
      </p>
      {forced ? (
        <p className="text-xs text-amber-700" data-testid="admin-settings-webhooks-private-forced">
          {t("webhooksPrivateForced")}
        </p>
      ) : null}
      <p aria-live="polite" className="text-xs text-emerald-700" data-testid="admin-settings-status">
        {saved ? t(checked ? "savedOn" : "savedOff") : ""}
      </p>
      {action.error ? (
        <p role="alert" className="text-xs text-rose-700" data-testid="admin-settings-error">
          {action.error}
        </p>
      ) : null}
    </div>
  );
}

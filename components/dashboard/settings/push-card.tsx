"use client";

import { useFormatter, useTranslations } from "next-intl";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import {
  PushBrowserError,
  usePushStatus,
  useRemovePushSubscription,
  useTestPush,
  useThisBrowserPush,
} from "@/lib/client/hooks/use-push";

/**
 * "Notifications when the site is closed": Web Push for this browser (on/off), the other
 * subscribed browsers, and a test notification. The in-tab notifications are another card's.
 */
export function PushCard() {
  const t = useTranslations("push.card");
  const format = useFormatter();
  const apiErrorMessage = useApiErrorMessage();
  const status = usePushStatus();
  const browser = useThisBrowserPush(status.data);
  const remove = useRemovePushSubscription();
  const test = useTestPush();
  const data = status.data;
  const thisRow = data?.subscriptions.find((s) => s.endpoint === browser.endpoint);
  const on = Boolean(browser.endpoint && thisRow);
  const failure = browser.enable.error ?? browser.disable.error ?? remove.error ?? test.error;
  const failureText =
    failure instanceof PushBrowserError ? t(failure.problem) : failure ? apiErrorMessage(failure) : null;
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" });
  const busy = browser.enable.isPending || browser.disable.isPending;

  return (
    <Card aria-labelledby="push-heading" className="p-5 sm:p-6" data-testid="push-card">
      <h2 id="push-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-500">{t("intro")}</p>
      {status.isPending ? (
        <p className="mt-4 text-sm text-slate-500" aria-busy="true">
          {t("loading")}
        </p>
      ) : status.isError || !data ? (
        <Notice tone="error" className="mt-4">
          {t("loadError")}
        </Notice>
      ) : !data.enabled ? (
        <p className="mt-4 text-sm text-slate-500" data-testid="push-disabled-site">
          {t("disabledSite")}
        </p>
      ) : (
        <>
          <div
            className="mt-4 flex flex-wrap items-center gap-3"
            data-testid="push-this-browser"
            data-state={!browser.supported ? "unsupported" : on ? "on" : "off"}
            data-worker={browser.worker}
          >
            <span className="text-sm font-medium text-slate-900">{t("thisBrowser")}</span>
            <span
              className={
                on
                  ? "rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200"
                  : "rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200"
              }
            >
              {on ? t("on") : t("off")}
            </span>
            {browser.supported ? (
              on ? (
                <Button
                  variant="secondary"
                  size="sm"
                  data-testid="push-disable"
                  disabled={busy}
                  onClick={() => browser.disable.mutate()}
                >
                  {browser.disable.isPending ? t("disabling") : t("disable")}
                </Button>
              ) : (
                <Button size="sm" data-testid="push-enable" disabled={busy} onClick={() => browser.enable.mutate()}>
                  {browser.enable.isPending ? t("enabling") : t("enable")}
                </Button>
              )
            ) : null}
            <Button
              variant="ghost"
              size="sm"
              data-testid="push-test"
              disabled={test.isPending || data.subscriptions.length === 0}
              onClick={() => test.mutate()}
            >
              {test.isPending ? t("testing") : t("test")}
            </Button>
          </div>
          {!browser.supported ? (
            <Notice tone="warning" className="mt-3" data-testid="push-problem">
              {t("unsupported")}
            </Notice>
          ) : browser.worker === "failed" ? (
            <Notice tone="warning" className="mt-3" data-testid="push-problem">
              {t("workerFailed")}
            </Notice>
          ) : null}
          {failureText ? (
            <Notice tone="error" className="mt-3" data-testid="push-error">
              {failureText}
            </Notice>
          ) : null}
          {test.data ? (
            <Notice tone={test.data.sent > 0 ? "success" : "warning"} className="mt-3" data-testid="push-test-result">
              {test.data.sent + test.data.failed + test.data.removed === 0
                ? t("testNone")
                : [
                    test.data.sent > 0 ? t("testSent", { count: test.data.sent }) : null,
                    test.data.failed + test.data.removed > 0
                      ? t("testFailed", { count: test.data.failed + test.data.removed })
                      : null,
                  ]
                    .filter(Boolean)
                    .join(" ")}
            </Notice>
          ) : null}
          <h3 className="mt-5 text-sm font-medium text-slate-700">{t("browsers")}</h3>
          {data.subscriptions.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500" data-testid="push-empty">
              {t("empty")}
            </p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100" data-testid="push-browsers">
              {data.subscriptions.map((row) => {
                const label = row.label || t("unknownBrowser");
                const removing = remove.isPending && remove.variables === row.id;
                return (
                  <li key={row.id} className="flex flex-wrap items-center gap-3 py-3" data-testid="push-browser">
                    <div className="min-w-0 flex-1">
                      <p className="font-medium text-slate-900">
                        {label}
                        {row.endpoint === browser.endpoint ? (
                          <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">
                            {t("thisBrowser")}
                          </span>
                        ) : null}
                      </p>
                      <p className="text-sm text-slate-500" suppressHydrationWarning>
                        {[
                          t("since", { date: when(row.createdAt) }),
                          row.lastSuccessAt ? t("lastSuccess", { date: when(row.lastSuccessAt) }) : null,
                          row.failures > 0 ? t("failing", { count: row.failures }) : null,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </p>
                    </div>
                    {row.endpoint === browser.endpoint ? null : (
                      <Button
                        variant="danger-outline"
                        size="sm"
                        aria-label={t("removeLabel", { browser: label })}
                        disabled={removing}
                        onClick={() => remove.mutate(row.id)}
                      >
                        {removing ? t("removing") : t("remove")}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

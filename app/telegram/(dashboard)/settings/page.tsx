import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";

import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { ProblemCard } from "@/components/dashboard/problem-card";
import { AccountActions, SessionsCard } from "@/components/dashboard/settings-actions";
import { RateBucketsCard } from "@/components/dashboard/settings/rate-buckets-card";
import { NotificationsCard } from "@/components/dashboard/settings/notifications-card";
import { PushCard } from "@/components/dashboard/settings/push-card";
import { requireUser } from "@/lib/auth/session";
import {
  findActiveAccount,
  getLinkedAccount,
  getLoginAttempts,
  getRateBuckets,
  getSessions,
  outcomeOf,
} from "@/lib/telegram";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.settings");
  return { title: t("title") };
}

const STATUSES = ["started", "qr", "phone", "code", "password", "succeeded", "failed", "expired", "cancelled"] as const;
type AttemptStatus = (typeof STATUSES)[number];

export default async function SettingsPage() {
  const user = await requireUser("/telegram/settings");
  const [t, format, linked, active, attempts] = await Promise.all([
    getTranslations("dashboard.settings"),
    getFormatter(),
    getLinkedAccount(user.id),
    findActiveAccount(user.id),
    getLoginAttempts(user.id),
  ]);
  const sessions = active ? await outcomeOf(() => getSessions(user.id)) : null;
  const revoked = sessions && !sessions.ok && sessions.problem.code === "revoked";
  const live = active && !revoked ? active : null;
  const accountLabel = linked ? `${linked.name}${linked.username ? ` (@${linked.username})` : ""}` : "";
  const own = sessions?.ok ? sessions.data.find((session) => session.current) : undefined;
  const sessionLabel = own ? [...new Set([own.device, own.app, own.platform].filter(Boolean))].join(" · ") : "";
  const when = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t("account.never");

  return (
    <DashboardShell>
      <h1 className="sr-only">{t("title")}</h1>
      <section
        aria-labelledby="account-heading"
        className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6"
        data-testid="linked-account"
      >
        <h2 id="account-heading" className="text-base font-semibold">
          {t("account.title")}
        </h2>
        {linked ? (
          <dl className="mt-4 grid grid-cols-1 gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <div>
              <dt className="text-slate-500">{linked.username ? `@${linked.username}` : t("account.telegramId")}</dt>
              <dd className="font-medium text-slate-900">{linked.name}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("account.status")}</dt>
              <dd data-testid="account-status" data-status={revoked ? "revoked" : linked.status}>
                {linked.status === "unreadable" ? (
                  <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200">
                    {t("account.unreadable")}
                  </span>
                ) : revoked || linked.status === "revoked" ? (
                  <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200">
                    {t("account.revoked")}
                  </span>
                ) : (
                  <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">
                    {t("account.active")}
                  </span>
                )}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("account.linkedAt")}</dt>
              <dd className="font-medium text-slate-900" suppressHydrationWarning>
                {when(linked.linkedAt)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("account.lastUsedAt")}</dt>
              <dd className="font-medium text-slate-900" suppressHydrationWarning>
                {when(linked.lastUsedAt)}
              </dd>
            </div>
          </dl>
        ) : (
          <div className="mt-3 flex flex-wrap items-center gap-4">
            <p className="text-sm text-slate-500" data-testid="no-account">
              {t("account.none")}
            </p>
            <Link
              href="/telegram"
              className="rounded-lg bg-brand-500 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-600"
            >
              {t("linkAgain")}
            </Link>
          </div>
        )}
      </section>

      {sessions && !sessions.ok ? <ProblemCard problem={sessions.problem} /> : null}
      {/* The server's session key cannot open the stored session (a changed TELEGRAM_SESSION_KEY):
          not ended by Telegram, so it says what to do rather than "session ended". */}
      {linked?.status === "unreadable" && !active ? (
        <ProblemCard problem={{ code: "session_unreadable", seconds: null }} />
      ) : null}
      {live && sessions?.ok ? (
        <SessionsCard accountId={live.id} accountLabel={accountLabel} initialSessions={sessions.data} />
      ) : null}
      {live ? <RateBucketsCard {...await getRateBuckets(user.id)} /> : null}
      <NotificationsCard />
      <PushCard />
      <AccountActions linked={Boolean(live)} accountLabel={accountLabel} sessionLabel={sessionLabel} />

      <section
        aria-labelledby="attempts-heading"
        className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6"
      >
        <h2 id="attempts-heading" className="text-base font-semibold">
          {t("attempts.title")}
        </h2>
        {attempts.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">{t("attempts.empty")}</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="login-attempts">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">{t("attempts.started")}</th>
                  <th className="py-2 pr-4 font-medium">{t("attempts.method")}</th>
                  <th className="py-2 font-medium">{t("attempts.result")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {attempts.map((attempt) => {
                  const known = (STATUSES as readonly string[]).includes(attempt.status)
                    ? (attempt.status as AttemptStatus)
                    : "failed";
                  // "Linked" only while the account still is; unlinked or logged out since, it says so.
                  const status = known === "succeeded" && !attempt.account?.active ? "ended" : known;
                  const method = attempt.method === "phone" ? "phone" : "qr";
                  return (
                    <tr key={attempt.id}>
                      <td className="py-2 pr-4 text-slate-700" suppressHydrationWarning>
                        {when(attempt.startedAt)}
                      </td>
                      <td className="py-2 pr-4 text-slate-700">{t(`attempts.methods.${method}`)}</td>
                      <td className="py-2">
                        <span
                          className={
                            status === "succeeded"
                              ? "text-emerald-700"
                              : status === "failed"
                                ? "text-rose-700"
                                : "text-slate-700"
                          }
                        >
                          {status === "ended" && attempt.label
                            ? t("attempts.statuses.endedAs", { account: attempt.label })
                            : t(`attempts.statuses.${status}`)}
                        </span>
                        {status !== "ended" && attempt.label ? (
                          <span className="ml-2 text-slate-600" data-testid="attempt-account">
                            {attempt.label}
                          </span>
                        ) : null}
                        {attempt.errorCode ? (
                          <code className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                            {attempt.errorCode}
                          </code>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </DashboardShell>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ApiTokens } from "@/components/profile/api-tokens";
import { Webhooks } from "@/components/profile/webhooks";
import { panelClass } from "@/components/ui/card";
import { LanguageForm, NameForm, PasswordForm, SignOutEverywhereButton } from "@/components/profile/profile-forms";
import { requireUser } from "@/lib/auth/session";
import { listOpenSessions } from "@/lib/auth/site-sessions";
import { db } from "@/lib/db";
import { listApiTokens } from "@/lib/api/tokens";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("profile"))("title") };
}

export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  const user = await requireUser("/profile");
  const [t, tr, format, sessions, tokens, webhooks, { required }] = await Promise.all([
    getTranslations("profile"),
    getTranslations("admin.roles"),
    getFormatter(),
    listOpenSessions(db, user.id),
    listApiTokens(db, user.id),
    listWebhookEndpoints(db, user.id),
    searchParams,
  ]);
  const mustChange = user.mustChangePassword || required === "password";

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-500">
          {user.email} · {t("role", { role: tr(user.role) })}
        </p>
      </div>
      {mustChange ? (
        <p
          role="alert"
          data-testid="must-change-password"
          className="rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          {t("required")}
        </p>
      ) : null}
      <section className={panelClass} aria-labelledby="password-heading">
        <h2 id="password-heading" className="mb-4 text-base font-semibold">
          {t("password.title")}
        </h2>
        <PasswordForm redirectTo={mustChange ? "/telegram" : null} />
      </section>
      {!mustChange ? (
        <>
          <section className={panelClass} aria-labelledby="name-heading">
            <h2 id="name-heading" className="mb-4 text-base font-semibold">
              {t("name.title")}
            </h2>
            <NameForm initialName={user.name} />
          </section>
          <section className={panelClass} aria-labelledby="language-heading">
            <h2 id="language-heading" className="mb-4 text-base font-semibold">
              {t("language.title")}
            </h2>
            <LanguageForm initial={user.locale === "en" || user.locale === "ru" ? user.locale : ""} />
          </section>
          <section className={panelClass} aria-labelledby="api-tokens-heading" data-testid="api-tokens-section">
            <h2 id="api-tokens-heading" className="text-base font-semibold">
              {t("apiTokens.title")}
            </h2>
            <p className="mt-1 mb-4 text-sm text-slate-500">
              {t.rich("apiTokens.body", {
                docs: (chunks) => (
                  <Link href="/api-docs" className="text-brand-700 underline">
                    {chunks}
                  </Link>
                ),
              })}
            </p>
            <ApiTokens tokens={tokens} />
          </section>
          <section className={panelClass} aria-labelledby="webhooks-heading" data-testid="webhooks-section">
            <h2 id="webhooks-heading" className="text-base font-semibold">
              {t("webhooks.title")}
            </h2>
            <p className="mt-1 mb-4 text-sm text-slate-500">{t("webhooks.body")}</p>
            <Webhooks endpoints={webhooks} />
          </section>
        </>
      ) : null}
      <section className={panelClass} aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-base font-semibold">
          {t("sessions.title")}
        </h2>
        <p className="mt-1 text-sm text-slate-500">{t("sessions.body")}</p>
        <ul className="my-4 divide-y divide-slate-100 text-sm" data-testid="site-sessions">
          {sessions.map((session) => (
            <li key={session.id} className="py-2">
              <span className="font-medium text-slate-900">{session.userAgent ?? "—"}</span>
              {session.id === user.sessionId ? (
                <span className="ml-2 text-xs text-emerald-700">({t("sessions.current")})</span>
              ) : null}
              <span className="block text-xs text-slate-500" suppressHydrationWarning>
                {session.ip ?? "—"} ·{" "}
                {t("sessions.since", {
                  time: format.dateTime(session.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                })}
              </span>
            </li>
          ))}
        </ul>
        <SignOutEverywhereButton email={user.email} />
      </section>
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import { useLogout, useUnlink } from "@/lib/client/hooks/use-account";
import { useSessions, useTerminateSession } from "@/lib/client/hooks/use-sessions";
import type { SessionDto } from "@/lib/telegram/dto";
import { useWording } from "./use-wording";

const cardPadding = "p-5 sm:p-6";

/** Active sessions with "terminate" for every other device. */
export function SessionsCard({
  accountId,
  accountLabel,
  initialSessions,
}: {
  accountId: string;
  /** How the confirmation names the account: "Alice Liddell (@alice)". */
  accountLabel: string;
  initialSessions: SessionDto[] | null;
}) {
  const t = useTranslations("dashboard.settings.sessions");
  const tc = useTranslations("dashboard.settings");
  const [asking, setAsking] = useState<SessionDto | null>(null);
  const wording = useWording();
  const apiErrorMessage = useApiErrorMessage();
  const sessions = useSessions(accountId, initialSessions);
  const terminate = useTerminateSession(accountId);

  return (
    <Card aria-labelledby="sessions-heading" className={cardPadding}>
      <h2 id="sessions-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-500">{t("body")}</p>
      {sessions.isError && !sessions.data ? (
        <p className="mt-4 text-sm text-rose-700">{t("error")}</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-100" data-testid="session-list">
          {(sessions.data ?? []).map((session) => {
            const ending = terminate.isPending && terminate.variables === session.hash;
            return (
              <li
                key={session.hash}
                className="flex flex-wrap items-center gap-3 py-3"
                data-testid="session-row"
                data-current={session.current}
                data-hash={session.hash}
              >
                <div
                  className="flex size-10 items-center justify-center rounded-xl bg-slate-100 text-slate-500"
                  aria-hidden="true"
                >
                  <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-5">
                    <rect x="3" y="4" width="18" height="12" rx="2" />
                    <path d="M8 20h8M12 16v4" strokeLinecap="round" />
                  </svg>
                </div>
                <div className="min-w-0 flex-1">
                  <p className="break-words font-medium text-slate-900">
                    {session.device}
                    {session.current ? (
                      <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">
                        {t("current")}
                      </span>
                    ) : null}
                  </p>
                  <p className="break-words text-sm text-slate-500" suppressHydrationWarning>
                    {[session.app, session.platform, session.location || session.ip].filter(Boolean).join(" · ")}
                    {session.activeAt ? ` · ${t("lastActive", { time: wording.relative(session.activeAt) })}` : null}
                  </p>
                  {/* Two sessions of the same app look alike; when each began tells them apart. */}
                  {session.createdAt ? (
                    <p className="text-xs text-slate-500" data-testid="session-created" suppressHydrationWarning>
                      {t("created", { date: wording.dateTime(session.createdAt) })}
                    </p>
                  ) : null}
                </div>
                {!session.current ? (
                  <Button
                    variant="danger-outline"
                    size="sm"
                    data-testid="terminate-session"
                    disabled={ending}
                    onClick={() => setAsking(session)}
                  >
                    {ending ? t("terminating") : t("terminate")}
                  </Button>
                ) : null}
              </li>
            );
          })}
          {sessions.data && sessions.data.every((session) => session.current) ? (
            <li className="py-3 text-sm text-slate-500">{t("empty")}</li>
          ) : null}
        </ul>
      )}
      <ConfirmDialog
        open={asking !== null}
        testId="confirm-terminate"
        title={t("confirmTerminate", { device: asking?.device ?? "" })}
        confirmLabel={t("terminate")}
        cancelLabel={tc("cancel")}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking) terminate.mutate(asking.hash);
          setAsking(null);
        }}
      >
        {asking
          ? t("confirmTerminateBody", {
              account: accountLabel,
              device: asking.device,
              details: [asking.app, asking.platform, asking.location || asking.ip].filter(Boolean).join(" · "),
            })
          : null}
      </ConfirmDialog>
      {terminate.error ? (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {apiErrorMessage(terminate.error)}
        </p>
      ) : null}
    </Card>
  );
}

/**
 * "Log out of Telegram" and "Unlink": both end with the stored session wiped. Stays
 * mounted once the account is gone (`linked` false) so the outcome stays on screen: the
 * live stream's "revoked" event refreshes the page, often before the response arrives.
 */
export function AccountActions({
  linked = true,
  accountLabel = "",
  sessionLabel = "",
}: {
  linked?: boolean;
  /** Named in the confirmation: "Alice Liddell (@alice)". */
  accountLabel?: string;
  /** This site's own Telegram session, the one that ends: "tgdesk 0.1.0 · Node.js". */
  sessionLabel?: string;
}) {
  const t = useTranslations("dashboard.settings");
  const router = useRouter();
  const apiErrorMessage = useApiErrorMessage();
  const [result, setResult] = useState<string | null>(null);
  const logout = useLogout();
  const unlink = useUnlink();
  const [asking, setAsking] = useState<"logout" | "unlink" | null>(null);

  const finish = (message: string) => {
    setResult(message);
    router.refresh();
  };
  const busy = logout.isPending || unlink.isPending;
  const error = logout.error ?? unlink.error;
  const outcome =
    result || error ? (
      <Notice
        tone={error ? "error" : "success"}
        role="status"
        data-testid="account-action-result"
        className="md:col-span-2"
      >
        {error ? apiErrorMessage(error) : result}
      </Notice>
    ) : null;

  if (!linked) return outcome ? <Card className={cardPadding}>{outcome}</Card> : null;
  return (
    <Card className={`${cardPadding} grid gap-5 md:grid-cols-2`}>
      <div>
        <h2 className="text-base font-semibold">{t("logout.title")}</h2>
        <p className="mt-1 text-sm text-slate-500">{t("logout.body")}</p>
        <Button
          variant="danger"
          className="mt-4"
          disabled={busy}
          data-testid="logout"
          onClick={() => setAsking("logout")}
        >
          {logout.isPending ? t("logout.working") : t("logout.button")}
        </Button>
      </div>
      <div>
        <h2 className="text-base font-semibold">{t("unlink.title")}</h2>
        <p className="mt-1 text-sm text-slate-500">{t("unlink.body")}</p>
        <Button
          variant="secondary"
          className="mt-4"
          disabled={busy}
          data-testid="unlink"
          onClick={() => setAsking("unlink")}
        >
          {unlink.isPending ? t("unlink.working") : t("unlink.button")}
        </Button>
      </div>
      {outcome}
      <ConfirmDialog
        open={asking !== null}
        testId={`confirm-${asking ?? "none"}`}
        title={asking ? t(`${asking}.confirm`, { account: accountLabel }) : ""}
        confirmLabel={asking ? t(`${asking}.button`) : ""}
        cancelLabel={t("cancel")}
        variant={asking === "unlink" ? "primary" : "danger"}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (asking === "logout")
            logout.mutate(undefined, {
              onSuccess: ({ confirmed }) => finish(confirmed ? t("logout.confirmed") : t("logout.unconfirmed")),
            });
          if (asking === "unlink") unlink.mutate(undefined, { onSuccess: () => finish(t("unlink.done")) });
          setAsking(null);
        }}
      >
        {asking ? t(`${asking}.confirmBody`, { session: sessionLabel }) : null}
      </ConfirmDialog>
    </Card>
  );
}

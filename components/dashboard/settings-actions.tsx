"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { ApiRequestError, apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import type { SessionDto } from "@/lib/telegram/dto";
import { useWording } from "./use-wording";

const card = "rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6";

/** Active sessions with "terminate" for every other device. */
export function SessionsCard({ accountId, initialSessions }: { accountId: string; initialSessions: SessionDto[] | null }) {
  const t = useTranslations("dashboard.settings.sessions");
  const wording = useWording();
  const queryClient = useQueryClient();
  const key = queryKeys.sessions(accountId);
  const sessions = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => apiFetch<{ sessions: SessionDto[] }>("/api/telegram/sessions", { signal }).then((body) => body.sessions),
    initialData: initialSessions ?? undefined,
    staleTime: 10_000,
  });
  const terminate = useMutation({
    mutationFn: (hash: string) => apiFetch(`/api/telegram/sessions/${encodeURIComponent(hash)}`, { method: "DELETE" }),
    onSuccess: (_data, hash) => {
      queryClient.setQueryData<SessionDto[]>(key, (list) => list?.filter((session) => session.hash !== hash));
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  return (
    <section aria-labelledby="sessions-heading" className={card}>
      <h2 id="sessions-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-500">{t("body")}</p>
      {sessions.isError && !sessions.data ? (
        <p className="mt-4 text-sm text-rose-700">{t("error")}</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-100" data-testid="session-list">
          {(sessions.data ?? []).map((session) => (
            <li key={session.hash} className="flex flex-wrap items-center gap-3 py-3" data-testid="session-row" data-current={session.current} data-hash={session.hash}>
              <div className="flex size-10 items-center justify-center rounded-xl bg-slate-100 text-slate-500" aria-hidden="true">
                <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-5">
                  <rect x="3" y="4" width="18" height="12" rx="2" />
                  <path d="M8 20h8M12 16v4" strokeLinecap="round" />
                </svg>
              </div>
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-slate-900">
                  {session.device}
                  {session.current ? (
                    <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">{t("current")}</span>
                  ) : null}
                </p>
                <p className="truncate text-sm text-slate-500" suppressHydrationWarning>
                  {[session.app, session.platform, session.location || session.ip].filter(Boolean).join(" · ")}
                  {session.activeAt ? ` · ${t("lastActive", { time: wording.relative(session.activeAt) })}` : null}
                </p>
              </div>
              {!session.current ? (
                <button
                  type="button"
                  data-testid="terminate-session"
                  disabled={terminate.isPending && terminate.variables === session.hash}
                  onClick={() => {
                    if (window.confirm(t("confirmTerminate", { device: session.device }))) terminate.mutate(session.hash);
                  }}
                  className="rounded-lg px-3 py-1.5 text-sm font-medium text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50 disabled:opacity-60"
                >
                  {terminate.isPending && terminate.variables === session.hash ? t("terminating") : t("terminate")}
                </button>
              ) : null}
            </li>
          ))}
          {sessions.data && sessions.data.every((session) => session.current) ? (
            <li className="py-3 text-sm text-slate-500">{t("empty")}</li>
          ) : null}
        </ul>
      )}
      {terminate.error ? <p className="mt-2 text-sm text-rose-700">{(terminate.error as ApiRequestError).message}</p> : null}
    </section>
  );
}

/**
 * "Log out of Telegram" and "Unlink": both end with the stored session wiped. Stays
 * mounted once the account is gone (`linked` false) so the outcome stays on screen: the
 * live stream's "revoked" event refreshes the page, often before the response arrives.
 */
export function AccountActions({ linked = true }: { linked?: boolean }) {
  const t = useTranslations("dashboard.settings");
  const router = useRouter();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<string | null>(null);

  const finish = (message: string) => {
    setResult(message);
    void queryClient.invalidateQueries({ queryKey: queryKeys.telegram });
    router.refresh();
  };
  const logout = useMutation({
    mutationFn: () => apiFetch<{ confirmed: boolean }>("/api/telegram/account/logout", { method: "POST" }),
    onSuccess: ({ confirmed }) => finish(confirmed ? t("logout.confirmed") : t("logout.unconfirmed")),
  });
  const unlink = useMutation({
    mutationFn: () => apiFetch<{ ok: true }>("/api/telegram/account", { method: "DELETE" }),
    onSuccess: () => finish(t("unlink.done")),
  });
  const busy = logout.isPending || unlink.isPending;
  const error = (logout.error ?? unlink.error) as ApiRequestError | null;
  const outcome =
    result || error ? (
      <p role="status" data-testid="account-action-result" className={`md:col-span-2 rounded-lg px-3 py-2 text-sm ${error ? "bg-rose-50 text-rose-800" : "bg-emerald-50 text-emerald-800"}`}>
        {error ? error.message : result}
      </p>
    ) : null;

  if (!linked) return outcome ? <section className={card}>{outcome}</section> : null;
  return (
    <section className={`${card} grid gap-5 md:grid-cols-2`}>
      <div>
        <h2 className="text-base font-semibold">{t("logout.title")}</h2>
        <p className="mt-1 text-sm text-slate-500">{t("logout.body")}</p>
        <button
          type="button"
          disabled={busy}
          data-testid="logout"
          onClick={() => {
            if (window.confirm(t("logout.confirm"))) logout.mutate();
          }}
          className="mt-4 rounded-lg bg-rose-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-rose-700 disabled:bg-slate-300"
        >
          {logout.isPending ? t("logout.working") : t("logout.button")}
        </button>
      </div>
      <div>
        <h2 className="text-base font-semibold">{t("unlink.title")}</h2>
        <p className="mt-1 text-sm text-slate-500">{t("unlink.body")}</p>
        <button
          type="button"
          disabled={busy}
          data-testid="unlink"
          onClick={() => {
            if (window.confirm(t("unlink.confirm"))) unlink.mutate();
          }}
          className="mt-4 rounded-lg px-4 py-2 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        >
          {unlink.isPending ? t("unlink.working") : t("unlink.button")}
        </button>
      </div>
      {outcome}
    </section>
  );
}

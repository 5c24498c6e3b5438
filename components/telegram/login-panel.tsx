"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { ApiRequestError, apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import { isFinal, type LoginState } from "@/lib/telegram/login/types";
import { QrCode } from "./qr-code";

const LOGIN_URL = "/api/telegram/login";

interface Props {
  initialState: LoginState;
  /** Present only in sandbox mode: demo users a person can "scan" as, without a phone. */
  sandboxUsers?: ReadonlyArray<{ username: string; label: string }>;
}

/**
 * The whole QR → (2FA) → linked flow. The server owns the state; this component only
 * shows it. While the state can still change it long-polls (`?after=<version>` answers
 * as soon as anything changes), so a scan shows up in a round trip, not a polling period.
 */
export function LoginPanel({ initialState, sandboxUsers }: Props) {
  const t = useTranslations("login");
  const router = useRouter();
  const queryClient = useQueryClient();
  const key = queryKeys.login();

  const { data: state = initialState, error: pollError } = useQuery({
    queryKey: key,
    initialData: initialState,
    queryFn: ({ signal }) => {
      const current = queryClient.getQueryData<LoginState>(key) ?? initialState;
      const wait = isFinal(current) ? "" : `?after=${current.version}`;
      return apiFetch<LoginState>(`${LOGIN_URL}${wait}`, { signal });
    },
    // Each answer of the long poll immediately opens the next; a final state ends it.
    refetchInterval: (query) => {
      const data = query.state.data;
      if (data && isFinal(data)) return false;
      return query.state.status === "error" ? 2_000 : 50;
    },
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
    retry: 2,
    retryDelay: 1_000,
  });

  const start = useLoginAction(() => apiFetch<LoginState>(LOGIN_URL, { method: "POST", json: { restart: true } }));
  const cancel = useLoginAction(() => apiFetch<LoginState>(LOGIN_URL, { method: "DELETE" }));
  const submitPassword = useLoginAction((password: string) =>
    apiFetch<LoginState>(`${LOGIN_URL}/password`, { method: "POST", json: { password } }),
  );
  const scan = useMutation({
    mutationFn: (username: string) =>
      apiFetch<{ ok: true }>("/api/telegram/sandbox/scan", { method: "POST", json: { as: username } }),
  });

  useEffect(() => {
    if (state.status !== "success") return;
    const timer = setTimeout(() => router.replace("/telegram/dashboard"), 600);
    return () => clearTimeout(timer);
  }, [state.status, router]);

  const busy = start.isPending || cancel.isPending;
  const actionError = start.error ?? cancel.error ?? scan.error;

  return (
    <section
      aria-label={t("intro.title")}
      data-login-status={state.status}
      className="mx-auto w-full max-w-xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8"
    >
      {/* One short sentence per stage for screen readers, instead of a live region around
          the whole panel that would re-read buttons and the renewing QR code. */}
      <p role="status" className="sr-only">
        {t(`announce.${state.status}`)}
      </p>
      {state.status === "none" && (
        <Intro title={t("intro.title")} body={t("intro.body")}>
          <PrimaryButton onClick={() => start.mutate()} pending={start.isPending} autoFocus>
            {start.isPending ? t("actions.creating") : t("actions.create")}
          </PrimaryButton>
        </Intro>
      )}

      {state.status === "starting" && (
        <div className="flex flex-col items-center">
          <Working label={t("starting")} />
          <SecondaryButton onClick={() => cancel.mutate()} disabled={busy}>
            {t("actions.cancel")}
          </SecondaryButton>
        </div>
      )}

      {state.status === "qr" && (
        <QrStep
          state={state}
          onCancel={() => cancel.mutate()}
          onRenew={() => start.mutate()}
          busy={busy}
          sandboxUsers={sandboxUsers}
          onScanAs={(username) => scan.mutate(username)}
          scanning={scan.isPending}
        />
      )}

      {state.status === "password" && (
        <PasswordStep
          state={state}
          pending={submitPassword.isPending}
          requestError={submitPassword.error}
          onSubmit={(password) => submitPassword.mutate(password)}
          onCancel={() => cancel.mutate()}
          onRestart={() => start.mutate()}
          busy={busy}
        />
      )}

      {state.status === "success" && (
        <div className="flex flex-col items-center gap-3 py-6 text-center" role="status">
          <span className="flex h-12 w-12 items-center justify-center rounded-full bg-emerald-100 text-2xl text-emerald-700">
            ✓
          </span>
          <p className="text-lg font-semibold text-slate-900" data-testid="login-success">
            {t("success", { name: state.account.name })}
          </p>
          <p className="text-sm text-slate-500">{t("redirecting")}</p>
        </div>
      )}

      {(state.status === "expired" || state.status === "cancelled" || state.status === "failed") && (
        <Ended state={state} onStart={() => start.mutate()} pending={start.isPending} />
      )}

      {pollError && !isFinal(state) && (
        <p className="mt-4 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800" role="alert">
          {t("errors.polling")}
        </p>
      )}
      {actionError && (
        <p className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
          {describeRequestError(t, actionError)}
        </p>
      )}
    </section>
  );
}

/** A mutation whose answer is the new login state. */
function useLoginAction<V = void>(request: (variables: V) => Promise<LoginState>) {
  const queryClient = useQueryClient();
  const key = queryKeys.login();
  return useMutation({
    mutationFn: request,
    // A long poll still in flight would answer with the state from before this action.
    onMutate: () => queryClient.cancelQueries({ queryKey: key }),
    onSuccess: (next) => queryClient.setQueryData(key, next),
  });
}

type Translate = ReturnType<typeof useTranslations<"login">>;

function describeRequestError(t: Translate, error: Error): string {
  if (error instanceof ApiRequestError) {
    if (error.code === "network") return t("errors.network");
    if (error.code === "no_attempt" || error.code === "not_awaiting_password") return t("errors.noAttempt");
    if (error.status === 401) return t("errors.signedOut");
  }
  return t("errors.generic");
}

function Intro({ title, body, children }: { title: string; body: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-4 py-4 text-center">
      <h2 className="text-xl font-semibold text-slate-900">{title}</h2>
      <p className="max-w-sm text-sm text-slate-600">{body}</p>
      {children}
    </div>
  );
}

function Working({ label }: { label: string }) {
  return (
    <div className="flex flex-col items-center gap-3 py-10 text-slate-600" role="status">
      <span className="h-8 w-8 animate-spin rounded-full border-2 border-slate-200 border-t-brand-500" aria-hidden />
      <p className="text-sm">{label}</p>
    </div>
  );
}

function QrStep({
  state,
  onCancel,
  onRenew,
  busy,
  sandboxUsers,
  onScanAs,
  scanning,
}: {
  state: Extract<LoginState, { status: "qr" }>;
  onCancel: () => void;
  onRenew: () => void;
  busy: boolean;
  sandboxUsers?: Props["sandboxUsers"];
  onScanAs: (username: string) => void;
  scanning: boolean;
}) {
  const t = useTranslations("login");
  const now = useNow(250);
  const { issuedAt, expiresAt } = state.qr;
  const left = Math.max(0, expiresAt - now);
  const fraction = Math.min(1, left / Math.max(1, expiresAt - issuedAt));
  const [scanAs, setScanAs] = useState(sandboxUsers?.[0]?.username ?? "");

  return (
    <div className="grid gap-6 sm:grid-cols-[auto_1fr] sm:items-start">
      <div className="flex flex-col items-center gap-2">
        <div className="rounded-xl border border-slate-200 bg-white p-3">
          <QrCode value={state.qr.url} label={t("qr.alt")} className="h-56 w-56" />
        </div>
        <div
          className="h-1 w-56 overflow-hidden rounded-full bg-slate-100"
          role="progressbar"
          aria-label={t("qr.renewsIn")}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
        >
          <div className="h-full bg-brand-500 transition-[width] duration-200" style={{ width: `${fraction * 100}%` }} />
        </div>
        <p className="text-xs text-slate-500">{t("qr.renewsAutomatically")}</p>
      </div>
      <div className="flex flex-col gap-4">
        <h2 className="text-lg font-semibold text-slate-900">{t("qr.title")}</h2>
        <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
          <li>{t("qr.step1")}</li>
          <li>{t("qr.step2")}</li>
          <li>{t("qr.step3")}</li>
        </ol>
        <div className="flex flex-wrap gap-2">
          <RestartAndCancel onRestart={onRenew} onCancel={onCancel} disabled={busy} />
        </div>
        {sandboxUsers && sandboxUsers.length > 0 && (
          <form
            className="mt-2 flex w-full flex-col gap-2 rounded-lg border border-dashed border-amber-300 bg-amber-50 p-3 text-sm"
            onSubmit={(event) => {
              event.preventDefault();
              if (scanAs) onScanAs(scanAs);
            }}
          >
            <label htmlFor="scan-as" className="text-amber-900">
              {t("sandbox.scanAs")}
            </label>
            <div className="flex gap-2">
              <select
                id="scan-as"
                value={scanAs}
                onChange={(event) => setScanAs(event.target.value)}
                className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-2 py-1"
              >
                {sandboxUsers.map((user) => (
                  <option key={user.username} value={user.username}>
                    {user.label}
                  </option>
                ))}
              </select>
              <button
                type="submit"
                disabled={scanning}
                className="rounded-md bg-amber-500 px-3 py-1 font-medium text-white hover:bg-amber-600 disabled:opacity-60"
              >
                {scanning ? t("sandbox.scanning") : t("sandbox.scan")}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

function PasswordStep({
  state,
  pending,
  requestError,
  onSubmit,
  onCancel,
  onRestart,
  busy,
}: {
  state: Extract<LoginState, { status: "password" }>;
  pending: boolean;
  requestError: Error | null;
  onSubmit: (password: string) => void;
  onCancel: () => void;
  onRestart: () => void;
  busy: boolean;
}) {
  const t = useTranslations("login");
  const [password, setPassword] = useState("");
  const [visible, setVisible] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const now = useNow(state.retryAt ? 500 : null);
  const waitSeconds = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;
  const checking = pending || state.checking;

  // Focus arrives with the step, and comes back after each rejected try.
  useEffect(() => {
    if (!checking) input.current?.focus();
  }, [checking, state.version]);

  const error =
    waitSeconds > 0
      ? t("password.errors.floodWait", { time: formatWait(t, waitSeconds) })
      : state.error && state.error !== "flood_wait"
        ? t(`password.errors.${state.error}`)
        : requestError
          ? describeRequestError(t, requestError)
          : null;

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (password && !checking && waitSeconds === 0) onSubmit(password);
      }}
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{t("password.title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("password.body")}</p>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="cloud-password" className="text-sm font-medium text-slate-700">
          {t("password.label")}
        </label>
        <div className="flex rounded-lg border border-slate-300 focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-100">
          <input
            ref={input}
            id="cloud-password"
            name="password"
            type={visible ? "text" : "password"}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "cloud-password-error" : state.hint ? "cloud-password-hint" : undefined}
            className="min-w-0 flex-1 rounded-l-lg bg-transparent px-3 py-2 outline-none"
            maxLength={256}
          />
          <button
            type="button"
            onClick={() => setVisible((shown) => !shown)}
            aria-pressed={visible}
            className="rounded-r-lg px-3 text-sm text-slate-600 hover:text-slate-900"
          >
            {visible ? t("password.hide") : t("password.show")}
          </button>
        </div>
        {state.hint && (
          <p id="cloud-password-hint" className="text-sm text-slate-500">
            {t("password.hint", { hint: state.hint })}
          </p>
        )}
        {error && (
          <p id="cloud-password-error" className="text-sm text-red-600" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <PrimaryButton type="submit" pending={checking} disabled={!password || waitSeconds > 0}>
          {checking ? t("password.checking") : t("password.submit")}
        </PrimaryButton>
        <RestartAndCancel onRestart={onRestart} onCancel={onCancel} disabled={busy} />
      </div>
    </form>
  );
}

/** "New QR code" and "Cancel": offered at every live stage of a login. */
function RestartAndCancel({
  onRestart,
  onCancel,
  disabled,
}: {
  onRestart: () => void;
  onCancel: () => void;
  disabled: boolean;
}) {
  const t = useTranslations("login");
  return (
    <>
      <SecondaryButton onClick={onRestart} disabled={disabled}>
        {t("actions.newCode")}
      </SecondaryButton>
      <SecondaryButton onClick={onCancel} disabled={disabled}>
        {t("actions.cancel")}
      </SecondaryButton>
    </>
  );
}

function Ended({
  state,
  onStart,
  pending,
}: {
  state: Extract<LoginState, { status: "expired" | "cancelled" | "failed" }>;
  onStart: () => void;
  pending: boolean;
}) {
  const t = useTranslations("login");
  const now = useNow(state.status === "failed" && state.retryAt ? 500 : null);
  const waitSeconds =
    state.status === "failed" && state.retryAt ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;
  const message =
    state.status === "failed"
      ? t(`failed.${state.code}`, { time: formatWait(t, waitSeconds) })
      : t(state.status === "expired" ? "expired" : "cancelled");
  return (
    <Intro title={t(state.status === "failed" ? "failed.title" : "ended")} body={message}>
      <PrimaryButton onClick={onStart} pending={pending} disabled={waitSeconds > 0} autoFocus>
        {pending ? t("actions.creating") : t("actions.createNew")}
      </PrimaryButton>
    </Intro>
  );
}

function formatWait(t: Translate, seconds: number): string {
  if (seconds >= 120) return t("time.minutes", { count: Math.ceil(seconds / 60) });
  return t("time.seconds", { count: seconds });
}

/** The current time, re-read every `intervalMs` (or never, when null). */
function useNow(intervalMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (intervalMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function PrimaryButton({
  pending,
  children,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { pending?: boolean }) {
  return (
    <button
      type="button"
      {...props}
      disabled={props.disabled || pending}
      aria-busy={pending || undefined}
      className="inline-flex items-center justify-center gap-2 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60"
    >
      {pending && <span className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden />}
      {children}
    </button>
  );
}

function SecondaryButton(props: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      {...props}
      className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60"
    />
  );
}

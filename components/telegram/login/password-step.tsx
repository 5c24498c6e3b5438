import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { Field, fieldDescription } from "@/components/ui/field";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import { MAX_PASSWORD_LENGTH } from "@/lib/telegram/limits";
import type { LoginState } from "@/lib/telegram/login/types";
import { formatPhone } from "./format-phone";
import { RestartAndCancel } from "./restart-and-cancel";
import { useFormatWait, useSecondsUntil } from "./use-now";

/** Two-step verification: the cloud password, checked on the server (SRP). */
export function PasswordStep({
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
  const t = useTranslations("login.password");
  const apiErrorMessage = useApiErrorMessage();
  const formatWait = useFormatWait();
  const [password, setPassword] = useState("");
  const [visible, setVisible] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const waitSeconds = useSecondsUntil(state.retryAt);
  const checking = pending || state.checking;

  // A wrong password is cleared, so the next try is typed afresh instead of appended to the
  // wrong one. Done while rendering the new state (React's way to adjust state to a prop).
  const [seenVersion, setSeenVersion] = useState(state.version);
  if (state.version !== seenVersion) {
    setSeenVersion(state.version);
    if (state.error === "wrong_password") setPassword("");
  }
  // Focus arrives with the step, and comes back after each rejected try.
  useEffect(() => {
    if (!checking) input.current?.focus();
  }, [checking, state.error, state.version]);

  const error =
    waitSeconds > 0
      ? t("errors.floodWait", { time: formatWait(waitSeconds) })
      : state.error && state.error !== "flood_wait"
        ? t(`errors.${state.error}`)
        : requestError
          ? apiErrorMessage(requestError)
          : null;
  const hint = state.hint ? t("hint", { hint: state.hint }) : null;

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (password && !checking && waitSeconds === 0) onSubmit(password);
      }}
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{t("title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("body")}</p>
        {/* Which account: after a QR scan Telegram reveals none until the password is
            right (account.getPassword carries only the hint), so the page says so. */}
        <p className="mt-1 text-sm text-slate-600" data-testid="password-account">
          {state.phone ? t("accountPhone", { phone: formatPhone(state.phone) }) : t("accountQr")}
        </p>
      </div>
      <Field id="cloud-password" label={t("label")} hint={hint} error={error}>
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
            aria-describedby={fieldDescription("cloud-password", { hint, error })}
            className="min-w-0 flex-1 rounded-l-lg bg-transparent px-3 py-2 outline-none"
            maxLength={MAX_PASSWORD_LENGTH}
          />
          <button
            type="button"
            onClick={() => setVisible((shown) => !shown)}
            aria-pressed={visible}
            className="rounded-r-lg px-3 text-sm text-slate-600 hover:text-slate-900"
          >
            {visible ? t("hide") : t("show")}
          </button>
        </div>
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={checking} disabled={!password || waitSeconds > 0}>
          {checking ? t("checking") : t("submit")}
        </Button>
        <RestartAndCancel onRestart={onRestart} onCancel={onCancel} disabled={busy} />
      </div>
    </form>
  );
}

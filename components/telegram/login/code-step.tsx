import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { Field, fieldDescription } from "@/components/ui/field";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import type { LoginState } from "@/lib/telegram/login/types";
import { formatPhone } from "./format-phone";
import { useFormatWait, useSecondsUntil } from "./use-now";

/** The code Telegram sent: how it was sent, the field, a resend when allowed, a way back to the number. */
export function CodeStep({
  state,
  pending,
  requestError,
  onSubmit,
  onResend,
  onChangePhone,
  onCancel,
  busy,
}: {
  state: Extract<LoginState, { status: "code" }>;
  pending: boolean;
  requestError: Error | null;
  onSubmit: (code: string) => void;
  onResend: () => void;
  onChangePhone: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  const t = useTranslations("login.code");
  const tl = useTranslations("login");
  const apiErrorMessage = useApiErrorMessage();
  const formatWait = useFormatWait();
  const [code, setCode] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const waitSeconds = useSecondsUntil(state.retryAt);
  const resendSeconds = useSecondsUntil(state.resendAt);
  const checking = pending || state.checking;

  // A refused code is cleared, so the next try is typed afresh rather than edited. Done
  // while rendering the new state (React's way to adjust state to a prop), not in an effect.
  const [seenVersion, setSeenVersion] = useState(state.version);
  if (state.version !== seenVersion) {
    setSeenVersion(state.version);
    if (state.error === "code_invalid" || state.error === "code_expired") setCode("");
  }
  // Focus comes with the step and back after each refusal.
  useEffect(() => {
    if (!state.checking) input.current?.focus();
  }, [state.checking, state.error, state.version]);

  const error =
    waitSeconds > 0
      ? t("errors.floodWait", { time: formatWait(waitSeconds) })
      : state.error && state.error !== "flood_wait"
        ? t(`errors.${state.error}`)
        : requestError
          ? apiErrorMessage(requestError)
          : null;
  const hint = state.length ? t("length", { count: state.length }) : null;
  const canResend = state.nextDelivery !== null || state.error === "code_expired";

  return (
    <form
      className="flex min-w-0 flex-col gap-4"
      data-testid="code-step"
      data-delivery={state.delivery}
      onSubmit={(event) => {
        event.preventDefault();
        if (code && !checking && waitSeconds === 0) onSubmit(code);
      }}
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{t("title")}</h2>
        <p className="mt-1 text-sm break-words text-slate-600" data-testid="code-sent">
          {t("sent", { delivery: state.delivery, phone: formatPhone(state.phone) })}
        </p>
      </div>
      <Field id="login-code" label={t("label")} hint={hint} error={error}>
        <input
          ref={input}
          id="login-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          value={code}
          maxLength={state.length ?? 10}
          onChange={(event) => setCode(event.target.value.replace(/\D/g, ""))}
          aria-invalid={error ? true : undefined}
          aria-describedby={fieldDescription("login-code", { hint, error })}
          className="w-full min-w-0 rounded-lg border border-slate-300 px-3 py-2 text-lg tracking-[0.3em] tabular-nums outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100 sm:w-48"
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={checking} disabled={!code || waitSeconds > 0}>
          {checking ? t("checking") : t("submit")}
        </Button>
        <Button variant="secondary" onClick={onChangePhone} disabled={busy || checking}>
          {t("changePhone")}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          {tl("actions.cancel")}
        </Button>
      </div>
      {canResend ? (
        resendSeconds > 0 ? (
          <p className="text-sm text-slate-500" data-testid="resend-wait">
            {t("resendIn", { time: formatWait(resendSeconds) })}
          </p>
        ) : (
          <Button
            variant="ghost"
            size="sm"
            className="self-start"
            onClick={onResend}
            disabled={busy || checking}
            data-testid="resend-code"
          >
            {t("resend", { delivery: state.nextDelivery ?? "other" })}
          </Button>
        )
      ) : null}
    </form>
  );
}

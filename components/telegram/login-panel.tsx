"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import { useLoginActions, useLoginState, useSandboxScan } from "@/lib/client/hooks/use-login";
import { isFinal, type LoginState } from "@/lib/telegram/login/types";
import { EndedStep, SuccessStep } from "./login/finished-steps";
import { Intro, Working } from "./login/intro";
import { CodeStep } from "./login/code-step";
import { PasswordStep } from "./login/password-step";
import { PhoneStep } from "./login/phone-step";
import { QrStep } from "./login/qr-step";
import type { SandboxUser } from "./login/sandbox-scan";

interface Props {
  initialState: LoginState;
  /** Present only in sandbox mode: demo users a person can "scan" as, without a phone. */
  sandboxUsers?: ReadonlyArray<SandboxUser>;
}

/**
 * The whole QR → (2FA) → linked flow. The server owns the state (useLoginState
 * long-polls it); this component picks the step that shows it.
 */
export function LoginPanel({ initialState, sandboxUsers }: Props) {
  const t = useTranslations("login");
  const router = useRouter();
  const apiErrorMessage = useApiErrorMessage();
  const { state, pollError } = useLoginState(initialState);
  const { start, cancel, submitPassword, phoneStep } = useLoginActions();
  const method = state.status === "none" ? "qr" : (state.method ?? "qr");
  const scan = useSandboxScan();

  useEffect(() => {
    if (state.status !== "success") return;
    const timer = setTimeout(() => router.replace("/telegram/dashboard"), 600);
    return () => clearTimeout(timer);
  }, [state.status, router]);

  const busy = start.isPending || cancel.isPending;
  const actionError = start.error ?? cancel.error ?? scan.error;
  const phoneError = phoneStep.error;

  return (
    <Card
      aria-label={t("intro.title")}
      data-login-status={state.status}
      className="mx-auto w-full min-w-0 max-w-2xl p-5 sm:p-8"
    >
      {/* One short sentence per stage for screen readers, instead of a live region around
          the whole panel that would re-read buttons and the renewing QR code. */}
      <p role="status" className="sr-only">
        {t(`announce.${state.status}`)}
      </p>
      {state.status === "none" && (
        <Intro title={t("intro.title")} body={t("intro.body")}>
          <div className="flex flex-wrap justify-center gap-2">
            <Button
              onClick={() => start.mutate("qr")}
              pending={start.isPending && start.variables !== "phone"}
              disabled={busy}
              autoFocus
            >
              {start.isPending && start.variables !== "phone" ? t("actions.creating") : t("actions.create")}
            </Button>
            {/* A QR code cannot be scanned by the phone showing it: the number is the way in there. */}
            <Button
              variant="secondary"
              onClick={() => start.mutate("phone")}
              pending={start.isPending && start.variables === "phone"}
              disabled={busy}
            >
              {t("actions.phone")}
            </Button>
          </div>
        </Intro>
      )}

      {state.status === "starting" && (
        <div className="flex flex-col items-center">
          <Working label={t("starting")} />
          <Button variant="secondary" size="sm" className="py-2" onClick={() => cancel.mutate()} disabled={busy}>
            {t("actions.cancel")}
          </Button>
        </div>
      )}

      {state.status === "qr" && (
        <QrStep
          state={state}
          onCancel={() => cancel.mutate()}
          onRenew={() => start.mutate("qr")}
          onUsePhone={() => start.mutate("phone")}
          busy={busy}
          sandboxUsers={sandboxUsers}
          onScanAs={(username) => scan.mutate(username)}
          scanning={scan.isPending}
        />
      )}

      {state.status === "phone" && (
        <PhoneStep
          state={state}
          pending={phoneStep.isPending}
          requestError={phoneError}
          onSubmit={(phone) => phoneStep.mutate({ phone })}
          onCancel={() => cancel.mutate()}
          onUseQr={() => start.mutate("qr")}
          busy={busy}
        />
      )}

      {state.status === "code" && (
        <CodeStep
          state={state}
          pending={phoneStep.isPending}
          requestError={phoneError}
          onSubmit={(code) => phoneStep.mutate({ code })}
          onResend={() => phoneStep.mutate({ resend: true })}
          onChangePhone={() => phoneStep.mutate({ changePhone: true })}
          onCancel={() => cancel.mutate()}
          busy={busy}
        />
      )}

      {state.status === "password" && (
        <PasswordStep
          state={state}
          pending={submitPassword.isPending}
          requestError={submitPassword.error}
          onSubmit={(password) => submitPassword.mutate(password)}
          onCancel={() => cancel.mutate()}
          onRestart={() => start.mutate(method)}
          busy={busy}
        />
      )}

      {state.status === "success" && <SuccessStep name={state.account.name} />}

      {(state.status === "expired" || state.status === "cancelled" || state.status === "failed") && (
        <EndedStep state={state} onStart={() => start.mutate(method)} pending={start.isPending} />
      )}

      {pollError && !isFinal(state) && (
        <Notice tone="warning" role="alert" className="mt-4">
          {t("errors.polling")}
        </Notice>
      )}
      {actionError && (
        <Notice tone="error" className="mt-4">
          {apiErrorMessage(actionError)}
        </Notice>
      )}
    </Card>
  );
}

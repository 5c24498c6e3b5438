import { useTranslations } from "next-intl";

import { Button } from "@/components/ui/button";
import type { LoginState } from "@/lib/telegram/login/types";
import { Intro } from "./intro";
import { useFormatWait, useSecondsUntil } from "./use-now";

/** Linked: a moment of confirmation before the panel opens the dashboard. */
export function SuccessStep({ name }: { name: string }) {
  const t = useTranslations("login");
  return (
    <div className="flex flex-col items-center gap-3 py-6 text-center" role="status">
      <span className="flex h-12 w-12 items-center justify-center rounded-full bg-emerald-100 text-2xl text-emerald-700">
        ✓
      </span>
      <p className="text-lg font-semibold text-slate-900" data-testid="login-success">
        {t("success", { name })}
      </p>
      <p className="text-sm text-slate-500">{t("redirecting")}</p>
    </div>
  );
}

/** Expired, cancelled or failed: why, and a fresh start (after a flood wait, if any). */
export function EndedStep({
  state,
  onStart,
  pending,
}: {
  state: Extract<LoginState, { status: "expired" | "cancelled" | "failed" }>;
  onStart: () => void;
  pending: boolean;
}) {
  const t = useTranslations("login");
  const formatWait = useFormatWait();
  const waitSeconds = useSecondsUntil(state.status === "failed" ? state.retryAt : null);
  const message =
    state.status === "failed"
      ? t(`failed.${state.code}`, { time: formatWait(waitSeconds) })
      : t(state.status === "expired" ? "expired" : "cancelled");
  return (
    <Intro title={t(state.status === "failed" ? "failed.title" : "ended")} body={message}>
      <Button onClick={onStart} pending={pending} disabled={waitSeconds > 0} autoFocus>
        {pending ? t("actions.creating") : t("actions.createNew")}
      </Button>
    </Intro>
  );
}

import { useTranslations } from "next-intl";

import type { LoginState } from "@/lib/telegram/login/types";
import { Button } from "@/components/ui/button";
import { QrCode } from "../qr-code";
import { RestartAndCancel } from "./restart-and-cancel";
import { SandboxScan, type SandboxUser } from "./sandbox-scan";
import { useNow } from "./use-now";

/** The code to scan, how long until it renews, and how to scan it. */
export function QrStep({
  state,
  onCancel,
  onRenew,
  onUsePhone,
  busy,
  sandboxUsers,
  onScanAs,
  scanning,
}: {
  state: Extract<LoginState, { status: "qr" }>;
  onCancel: () => void;
  onRenew: () => void;
  onUsePhone: () => void;
  busy: boolean;
  sandboxUsers?: ReadonlyArray<SandboxUser>;
  onScanAs: (username: string) => void;
  scanning: boolean;
}) {
  const t = useTranslations("login.qr");
  const tl = useTranslations("login");
  return (
    // minmax(0, 1fr), not 1fr: a plain fr track grows to its widest content (a long demo
    // user's name, a Russian step) and pushes past the card instead of wrapping.
    <div className="grid grid-cols-1 gap-6 md:grid-cols-[auto_minmax(0,1fr)] md:items-start" data-testid="qr-step">
      <div className="flex flex-col items-center gap-2">
        <div className="rounded-xl border border-slate-200 bg-white p-3" data-testid="qr-frame">
          <QrCode value={state.qr.url} label={t("alt")} className="size-52 sm:size-56" />
        </div>
        <RenewalBar issuedAt={state.qr.issuedAt} expiresAt={state.qr.expiresAt} />
        <p className="text-xs text-slate-500">{t("renewsAutomatically")}</p>
      </div>
      <div className="flex min-w-0 flex-col gap-4 break-words">
        <h2 className="text-lg font-semibold text-slate-900">{t("title")}</h2>
        <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
          <li>{t("step1")}</li>
          <li>{t("step2")}</li>
          <li>{t("step3")}</li>
        </ol>
        <div className="flex flex-wrap gap-2">
          <RestartAndCancel onRestart={onRenew} onCancel={onCancel} disabled={busy} />
        </div>
        <Button variant="ghost" size="sm" className="self-start" onClick={onUsePhone} disabled={busy}>
          {tl("actions.phone")}
        </Button>
        {sandboxUsers && sandboxUsers.length > 0 && (
          <SandboxScan users={sandboxUsers} onScanAs={onScanAs} scanning={scanning} />
        )}
      </div>
    </div>
  );
}

/** Time left on this code; the server renews it before it runs out. */
function RenewalBar({ issuedAt, expiresAt }: { issuedAt: number; expiresAt: number }) {
  const t = useTranslations("login.qr");
  const now = useNow(250);
  const left = Math.max(0, expiresAt - now);
  const fraction = Math.min(1, left / Math.max(1, expiresAt - issuedAt));
  return (
    <div
      className="h-1 w-52 overflow-hidden sm:w-56 rounded-full bg-slate-100"
      role="progressbar"
      aria-label={t("renewsIn")}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
    >
      <div className="h-full bg-brand-500 transition-[width] duration-200" style={{ width: `${fraction * 100}%` }} />
    </div>
  );
}

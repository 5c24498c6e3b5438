import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";

import { LoginPanel } from "@/components/telegram/login-panel";
import { SandboxBanner } from "@/components/telegram/sandbox-banner";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getLoginState, sandboxDemoUsers } from "@/lib/telegram";
import type { LoginState } from "@/lib/telegram/login/types";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("telegramHome");
  return { title: t("title") };
}

export default async function TelegramPage() {
  const user = await requireUser("/telegram");
  const linked = await db.telegramAccount.findFirst({
    where: { userId: user.id, status: "active" },
    select: { id: true },
  });
  if (linked) redirect("/telegram/dashboard");

  const [t, lastState, demoUsers] = await Promise.all([
    getTranslations("telegramHome"),
    getLoginState(user.id),
    sandboxDemoUsers(),
  ]);
  // A login that succeeded but left no active account (unlinked, logged out or revoked
  // since) is history: showing it would send the person straight back to the dashboard.
  const state: LoginState = lastState.status === "success" ? { status: "none", version: 0 } : lastState;

  return (
    <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-10 sm:px-6 sm:py-14">
      {demoUsers && <SandboxBanner reachable={demoUsers.length > 0} />}
      <header className="text-center">
        <h1 className="text-2xl font-semibold tracking-tight" data-testid="telegram-welcome">
          {t("welcome", { name: user.name })}
        </h1>
        <p className="mt-2 text-slate-600">{t("intro")}</p>
      </header>
      <LoginPanel initialState={state} sandboxUsers={demoUsers ?? undefined} />
    </div>
  );
}

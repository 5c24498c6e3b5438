import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { GlobalSearch } from "@/components/dashboard/find/global-search";
import { NewChatCard } from "@/components/dashboard/find/new-chat-card";
import { ProblemCard } from "@/components/dashboard/problem-card";
import { requireUser } from "@/lib/auth/session";
import { findActiveAccount } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.search");
  return { title: t("pageTitle") };
}

// Find: write to someone new, and search every chat. Nothing here asks Telegram until
// the person types (no request on page load).
export default async function FindPage() {
  const user = await requireUser("/telegram/search");
  const [account, t] = await Promise.all([findActiveAccount(user.id), getTranslations("dashboard.search")]);
  return (
    <DashboardShell>
      <h1 className="sr-only">{t("pageTitle")}</h1>
      {account ? (
        <>
          <NewChatCard />
          <GlobalSearch accountId={account.id} />
        </>
      ) : (
        <ProblemCard problem={{ code: "no_account", seconds: null }} />
      )}
    </DashboardShell>
  );
}

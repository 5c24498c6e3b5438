import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { ChatList } from "@/components/dashboard/chat-list";
import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { ProblemCard } from "@/components/dashboard/problem-card";
import { ProfileCard } from "@/components/dashboard/profile-card";
import { requireUser } from "@/lib/auth/session";
import { findActiveAccount, getDashboard, outcomeOf } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.chats");
  return { title: t("title") };
}

export default async function DashboardPage() {
  const user = await requireUser("/telegram/dashboard");
  const account = await findActiveAccount(user.id);
  // No account: say so with a link to /telegram rather than redirect there. /telegram
  // sends a user whose login just succeeded to this page, so a redirect back could loop.
  const outcome = await outcomeOf(() => getDashboard(user.id));

  return (
    <DashboardShell wide>
      {outcome.ok ? (
        <div className="flex flex-col gap-5 lg:flex-row lg:items-start">
          <aside className="lg:sticky lg:top-24 lg:w-72 lg:shrink-0">
            <ProfileCard profile={outcome.data.profile} />
          </aside>
          <ChatList accountId={account?.id ?? "unlinked"} initialPage={outcome.data.chats} />
        </div>
      ) : (
        <ProblemCard problem={outcome.problem} />
      )}
    </DashboardShell>
  );
}

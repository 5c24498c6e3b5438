import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";

import { ChatView } from "@/components/dashboard/chat-view";
import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { ProblemCard } from "@/components/dashboard/problem-card";
import { requireUser } from "@/lib/auth/session";
import { findActiveAccount, getChat, outcomeOf } from "@/lib/telegram";
import { parsePeerId } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ peer: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.nav");
  return { title: t("chats") };
}

export default async function ChatPage({ params }: Props) {
  const { peer: raw } = await params;
  const user = await requireUser(`/telegram/chats/${raw}`);
  const peerId = parsePeerId(raw);
  if (!peerId) notFound();
  const account = await findActiveAccount(user.id);
  // Opening a chat is one messages.getHistory; readHistory only when something is unread.
  const outcome = await outcomeOf(() => getChat(user.id, peerId, { markRead: true }));
  if (!outcome.ok) {
    if (outcome.problem.code === "not_found") notFound();
  }

  return (
    <div className="flex h-[calc(100dvh-4rem)] flex-col overflow-hidden">
      <DashboardShell fill>
        {outcome.ok ? (
          <ChatView accountId={account?.id ?? "unlinked"} initialPage={outcome.data} />
        ) : (
          <ProblemCard problem={outcome.problem} />
        )}
      </DashboardShell>
    </div>
  );
}

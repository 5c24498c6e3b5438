import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";

import { ChatView } from "@/components/dashboard/chat-view";
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

// Rendered in the chats layout's chat pane, beside the list on a wide screen.
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

  return outcome.ok ? (
    <ChatView key={peerId} accountId={account?.id ?? "unlinked"} initialPage={outcome.data} />
  ) : (
    <ProblemCard problem={outcome.problem} />
  );
}

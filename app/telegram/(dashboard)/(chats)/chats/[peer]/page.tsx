import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { Suspense } from "react";

import { ChatView } from "@/components/dashboard/chat-view";
import { ProblemCard } from "@/components/dashboard/problem-card";
import { ChatHistorySkeleton } from "@/components/dashboard/skeletons";
import { requireUser } from "@/lib/auth/session";
import { findActiveAccount, getChat, getChatPeer, outcomeOf, type PeerId } from "@/lib/telegram";
import { parsePeerId } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ peer: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.nav");
  return { title: t("chats") };
}

// Rendered in the chats layout's chat pane, beside the list on a wide screen. Two steps, so
// a slow Telegram does not hold the page: whose chat this is is settled before anything is
// sent (usually from cached peers), so an unknown or foreign chat is answered with a real
// 404 — once streaming has begun the status is fixed at 200, which is why this route has no
// loading.tsx. The history (one messages.getHistory, which may wait on Telegram) then
// streams in behind the chat's header and a skeleton.
export default async function ChatPage({ params }: Props) {
  const { peer: raw } = await params;
  const user = await requireUser(`/telegram/chats/${raw}`);
  const peerId = parsePeerId(raw);
  if (!peerId) notFound();
  const account = await findActiveAccount(user.id);
  const peer = await outcomeOf(() => getChatPeer(user.id, peerId));
  if (!peer.ok && peer.problem.code === "not_found") notFound();

  return peer.ok ? (
    <Suspense key={peerId} fallback={<ChatHistorySkeleton peer={peer.data} />}>
      <ChatHistory userId={user.id} accountId={account?.id ?? "unlinked"} peerId={peerId} />
    </Suspense>
  ) : (
    <ProblemCard problem={peer.problem} />
  );
}

async function ChatHistory({ userId, accountId, peerId }: { userId: string; accountId: string; peerId: PeerId }) {
  // Opening a chat is one messages.getHistory; readHistory only when something is unread.
  const outcome = await outcomeOf(() => getChat(userId, peerId, { markRead: true }));
  // Past the ownership check a not_found (the chat went away meanwhile) can no longer
  // change the status, so it is shown like every other problem.
  if (!outcome.ok) return <ProblemCard problem={outcome.problem} />;
  return <ChatView key={peerId} accountId={accountId} initialPage={outcome.data} />;
}

import { Suspense, type ReactNode } from "react";

import { ChatList } from "@/components/dashboard/chat-list";
import { ChatsSplit } from "@/components/dashboard/chats-split";
import { ListProblem } from "@/components/dashboard/list-problem";
import { NotificationsBanner } from "@/components/dashboard/notifications/notifications-banner";
import { ProfileCard } from "@/components/dashboard/profile-card";
import { ChatListSkeleton, ProfileSkeleton } from "@/components/dashboard/skeletons";
import { requireUser } from "@/lib/auth/session";
import { findActiveAccount, getDashboard, outcomeOf } from "@/lib/telegram";

// The chat list lives in this layout, not in a page: moving between chats keeps it mounted
// (its scroll position, search text and cache) and does not ask Telegram for it again.
export default function ChatsLayout({ children }: { children: ReactNode }) {
  return (
    <ChatsSplit
      list={
        <>
          <NotificationsBanner />
          <Suspense
            fallback={
              <>
                <ProfileSkeleton />
                <ChatListSkeleton />
              </>
            }
          >
            <ListPane />
          </Suspense>
        </>
      }
    >
      {children}
    </ChatsSplit>
  );
}

async function ListPane() {
  const user = await requireUser("/telegram/dashboard");
  const account = await findActiveAccount(user.id);
  // No account: say so with a link to /telegram rather than redirect there. /telegram
  // sends a user whose login just succeeded to this page, so a redirect back could loop.
  const outcome = await outcomeOf(() => getDashboard(user.id));
  if (!outcome.ok) return <ListProblem problem={outcome.problem} />;
  return (
    <>
      <ProfileCard profile={outcome.data.profile} />
      <ChatList accountId={account?.id ?? "unlinked"} initialPage={outcome.data.chats} />
    </>
  );
}

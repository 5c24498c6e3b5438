import type { ReactNode } from "react";

import { LiveUpdates } from "@/components/dashboard/live-updates";
import { ServiceWorkerRegistration } from "@/components/dashboard/service-worker-registration";
import { TabNotifications } from "@/components/dashboard/notifications/tab-notifications";
import { UnreadTitle } from "@/components/dashboard/unread-title";
import { requireUser } from "@/lib/auth/session";
import { findActiveAccount } from "@/lib/telegram";

// The dashboard's pages share one live-update stream: it lives in this layout, so moving
// between chats, contacts and settings keeps the connection (and misses no message).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const account = await findActiveAccount(user.id);
  return (
    <>
      {account ? <LiveUpdates accountId={account.id} /> : null}
      {account ? <UnreadTitle accountId={account.id} /> : null}
      {account ? <TabNotifications accountId={account.id} /> : null}
      <ServiceWorkerRegistration />
      {children}
    </>
  );
}

import type { ReactNode } from "react";

import { DashboardNav } from "./dashboard-nav";
import { LiveUpdates } from "./live-updates";

/**
 * The frame of every dashboard page: section tabs and, when an account is connected, the
 * live-update stream that keeps open lists and chats current.
 */
export function DashboardShell({ accountId, children, wide = false }: { accountId: string | null; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`mx-auto flex w-full flex-1 flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8 ${wide ? "max-w-6xl" : "max-w-5xl"}`}>
      <DashboardNav />
      {accountId ? <LiveUpdates accountId={accountId} /> : null}
      {children}
    </div>
  );
}

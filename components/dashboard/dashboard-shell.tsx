import type { ReactNode } from "react";

import { DashboardNav } from "./dashboard-nav";

/**
 * The frame of every dashboard page: the section tabs. Every tab has the same width and
 * the same padding above the tabs, so switching tabs does not move them. (The live-update
 * stream lives in app/telegram/(dashboard)/layout.tsx, so it survives moving between pages.)
 */
export function DashboardShell({
  children,
  fill = false,
}: {
  children: ReactNode;
  /** Fill the viewport and let the child scroll inside (the chats), instead of the page. */
  fill?: boolean;
}) {
  return (
    <div
      className={`mx-auto flex w-full max-w-6xl flex-1 flex-col gap-4 px-3 py-4 sm:px-6 sm:py-6 ${fill ? "min-h-0" : ""}`}
    >
      <DashboardNav />
      {children}
    </div>
  );
}

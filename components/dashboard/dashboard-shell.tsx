import type { ReactNode } from "react";

import { DashboardNav } from "./dashboard-nav";

/**
 * The frame of every dashboard page: the section tabs. (The live-update stream lives in
 * app/telegram/(dashboard)/layout.tsx, so it survives moving between pages.)
 */
export function DashboardShell({
  children,
  wide = false,
  fill = false,
}: {
  children: ReactNode;
  wide?: boolean;
  /** Fill the viewport and let the child scroll inside (the chat), instead of the page. */
  fill?: boolean;
}) {
  return (
    <div
      className={`mx-auto flex w-full flex-1 flex-col gap-4 px-3 sm:px-6 ${wide ? "max-w-6xl" : "max-w-5xl"} ${
        fill ? "min-h-0 py-3 sm:py-5" : "gap-5 py-5 sm:py-8"
      }`}
    >
      <DashboardNav />
      {children}
    </div>
  );
}

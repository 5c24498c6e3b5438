"use client";

import { useSelectedLayoutSegment } from "next/navigation";
import type { ReactNode } from "react";

import { DashboardShell } from "./dashboard-shell";

/**
 * The chats section's frame. On a wide screen (lg, 1024 px) the list and the open chat sit
 * side by side and each scrolls inside the viewport; on a narrow one only one of them is
 * shown: the list at /telegram/dashboard, the chat at /telegram/chats/[peer]. The list is
 * rendered by the layout, so it stays mounted (scroll, search, cache) while chats change.
 */
export function ChatsSplit({ list, children }: { list: ReactNode; children: ReactNode }) {
  const chatOpen = useSelectedLayoutSegment() === "chats";
  return (
    <div
      className={`flex flex-col lg:h-[calc(100dvh-4rem)] lg:overflow-hidden ${
        chatOpen ? "h-[calc(100dvh-4rem)] overflow-hidden" : ""
      }`}
    >
      <DashboardShell fill>
        <div className="flex min-h-0 flex-1 flex-col gap-4 lg:flex-row">
          <div
            data-testid="chat-list-pane"
            className={`min-h-0 min-w-0 flex-col gap-3 lg:flex lg:w-[22rem] lg:shrink-0 xl:w-96 ${
              chatOpen ? "hidden" : "flex"
            }`}
          >
            {list}
          </div>
          <div
            data-testid="chat-pane"
            className={`min-h-0 min-w-0 flex-1 flex-col lg:flex ${chatOpen ? "flex" : "hidden"}`}
          >
            {children}
          </div>
        </div>
      </DashboardShell>
    </div>
  );
}

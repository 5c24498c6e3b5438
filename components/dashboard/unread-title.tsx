"use client";

import { useUnreadTitle } from "@/lib/client/hooks/use-chat-summary";

/** Keeps the unread total in the browser tab's title; renders nothing. */
export function UnreadTitle({ accountId }: { accountId: string }) {
  useUnreadTitle(accountId);
  return null;
}

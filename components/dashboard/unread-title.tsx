"use client";

import { useUnreadTitle } from "@/lib/client/hooks/use-chat-summary";
import { useFaviconBadge } from "@/lib/client/hooks/use-favicon-badge";

/** Keeps the unread total in the browser tab's title and on its icon; renders nothing. */
export function UnreadTitle({ accountId }: { accountId: string }) {
  const total = useUnreadTitle(accountId);
  useFaviconBadge(total);
  return null;
}

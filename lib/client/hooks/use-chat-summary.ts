import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";

import type { DialogDto } from "@/lib/telegram/dto";
import type { ChatsData } from "../cache-updates";
import { queryKeys } from "../query-keys";

/**
 * Reads (never fetches) the chat list cache: the list and the live stream keep it
 * current, so whatever renders from here follows them without a request of its own.
 */
function useChatsCache<T>(accountId: string, pick: (data: ChatsData | undefined) => T, fallback: T): T {
  const queryClient = useQueryClient();
  return useSyncExternalStore(
    (onChange) => queryClient.getQueryCache().subscribe(onChange),
    () => pick(queryClient.getQueryData<ChatsData>(queryKeys.chats(accountId))),
    () => fallback,
  );
}

/**
 * Unread messages across the loaded chats, counted as Telegram's own badge does by
 * default: muted chats do not add to it.
 */
export function unreadTotal(data: ChatsData | undefined): number {
  if (!data) return 0;
  const seen = new Map<string, number>();
  for (const page of data.pages) {
    for (const dialog of page.dialogs) {
      if (!seen.has(dialog.peerId)) seen.set(dialog.peerId, dialog.muted ? 0 : dialog.unreadCount);
    }
  }
  let total = 0;
  for (const count of seen.values()) total += count;
  return total;
}

const COUNT_PREFIX = /^\(\d+\) /;

/** "(3) Chats · tgdesk": the browser tab shows the unread total, live, on every dashboard page. */
export function useUnreadTitle(accountId: string): number {
  const total = useChatsCache(accountId, unreadTotal, 0);
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(COUNT_PREFIX, "");
      const wanted = total > 0 ? `(${total}) ${base}` : base;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    // Next sets the page's own title on every navigation; put the count back in front.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(COUNT_PREFIX, "");
    };
  }, [total]);
  return total;
}

/** The list's copy of one dialog (kept live), or null when the list has not loaded it. */
export function useCachedDialog(accountId: string, peerId: string): DialogDto | null {
  return useChatsCache(
    accountId,
    (data) => {
      for (const page of data?.pages ?? []) {
        const found = page.dialogs.find((dialog) => dialog.peerId === peerId);
        if (found) return found;
      }
      return null;
    },
    null,
  );
}

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";

import type { HistoryPage, MessageDto } from "@/lib/telegram/dto";
import { chatsApi } from "../api";
import { appendMessage, patchDialog, type ChatsData, type HistoryData } from "../cache-updates";
import { queryKeys } from "../query-keys";

/**
 * One chat's history, newest page first in the cache, messages oldest first for
 * rendering. Live events and sent messages are written into the cache, so it is never
 * refetched as a whole.
 */
export function useHistory(accountId: string, initialPage: HistoryPage) {
  const queryClient = useQueryClient();
  const peerId = initialPage.peer.peerId;
  const key = queryKeys.history(accountId, peerId);

  const history = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => chatsApi.history(peerId, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    initialData: { pages: [initialPage], pageParams: [undefined] },
    // Live events keep this current; refetching would re-read every loaded page.
    staleTime: Infinity,
    refetchOnMount: false,
  });

  // A revisit renders fresh history on the server while the cache still holds the last
  // visit's: fold in what arrived meanwhile (no live stream was open between pages).
  useEffect(() => {
    queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, peerId), (data) =>
      initialPage.messages.reduce((acc, message) => appendMessage(acc, message), data),
    );
  }, [accountId, peerId, initialPage, queryClient]);

  // The server marked the chat read while rendering; show that in the list at once.
  useEffect(() => {
    queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) =>
      patchDialog(data, peerId, (dialog) => ({ ...dialog, unreadCount: 0 })),
    );
  }, [accountId, peerId, queryClient]);

  const messages = useMemo(() => {
    const all = history.data.pages.flatMap((page) => page.messages);
    const unique = new Map(all.map((message) => [message.id, message]));
    return [...unique.values()].sort((a, b) => a.id - b.id);
  }, [history.data]);

  useReadOnArrival(peerId, messages, newestIncoming(initialPage.messages));

  return { history, messages };
}

function newestIncoming(messages: MessageDto[]): number {
  return messages.reduce((max, message) => (!message.out && message.id > max ? message.id : max), 0);
}

/**
 * A message that arrives while the chat is open is read: tell Telegram (debounced, and
 * only while the page is visible). Watches the history cache rather than the live
 * stream, so whoever writes a new incoming message into it needs no second channel.
 * `alreadyRead` is what the server marked read when it rendered the page.
 */
function useReadOnArrival(peerId: string, messages: MessageDto[], alreadyRead: number) {
  const newest = useMemo(() => newestIncoming(messages), [messages]);
  const seen = useRef<number | null>(null);
  useEffect(() => {
    const before = Math.max(seen.current ?? newest, alreadyRead);
    seen.current = Math.max(before, newest);
    if (newest <= before) return;
    const timer = setTimeout(() => {
      if (document.visibilityState !== "visible") return;
      void chatsApi.markRead(peerId, newest).catch(() => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [peerId, newest, alreadyRead]);
}

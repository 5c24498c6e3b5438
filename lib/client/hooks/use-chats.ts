import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import type { DialogPage } from "@/lib/telegram/dto";
import { CHAT_PAGE_SIZE, CHAT_SEARCH_LIMIT } from "@/lib/telegram/limits";
import { chatsApi } from "../api";
import type { ChatsData } from "../cache-updates";
import { queryKeys } from "../query-keys";

/**
 * Accounts whose list changed live before the list was in the cache (events that came while
 * the page was still hydrating): the server-rendered page the list then starts from is older
 * than what the server knows, so the list asks for it again once it mounts.
 */
const changedBeforeList = new Set<string>();

/** Called by the live stream for a list change it could not write into a list not cached yet. */
export function noteListChangeBeforeMount(accountId: string): void {
  changedBeforeList.add(accountId);
}

/**
 * The chat list: the server-rendered first page, then further pages through the API.
 * Live events write into the same cache (see useLiveUpdates).
 */
export function useChatList(accountId: string, initialPage: DialogPage) {
  const key = queryKeys.chats(accountId);
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => chatsApi.page(pageParam, CHAT_PAGE_SIZE, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.nextCursor ? Number(last.nextCursor) : undefined),
    initialData: { pages: [initialPage], pageParams: [0] },
    // The server keeps the list fresh for 30 s and pushes changes; no need to poll.
    staleTime: 30_000,
  });

  // Each server render brings a fresh first page; the cache may be older than it (live
  // events are not received between pages), so the server's page replaces the cached one.
  const queryClient = useQueryClient();
  useEffect(() => {
    queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) =>
      data ? { ...data, pages: [initialPage, ...data.pages.slice(1)] } : data,
    );
    if (changedBeforeList.delete(accountId)) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats(accountId) }).catch(() => undefined);
    }
  }, [accountId, initialPage, queryClient]);

  return list;
}

/** The first page of chats on its own (not the list's cache); idle unless `enabled`. */
export function useFirstChats(accountId: string, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.firstChats(accountId),
    queryFn: ({ signal }) => chatsApi.page(0, limit, signal),
    enabled,
    staleTime: 30_000,
  });
}

/** Chats whose title matches `query`; idle while the query is empty. */
export function useChatSearch(accountId: string, query: string) {
  return useQuery({
    queryKey: queryKeys.chatSearch(accountId, query),
    queryFn: ({ signal }) => chatsApi.search(query, CHAT_SEARCH_LIMIT, signal),
    enabled: query.length > 0,
    staleTime: 15_000,
  });
}

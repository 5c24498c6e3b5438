import { useInfiniteQuery } from "@tanstack/react-query";

import type { ChatSearchPage, GlobalSearchPage, HistoryPage, HistoryWindow } from "@/lib/telegram/dto";
import { chatsApi, searchApi } from "../api";
import { queryKeys } from "../query-keys";

/**
 * Search in one chat. The caller passes the debounced text; a new text is a new query,
 * and react-query aborts the one it replaces (its signal reaches the server, which stops
 * too). Nothing is fetched for an empty text.
 */
export function useChatSearch(accountId: string, peerId: string, query: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.messageSearch(accountId, peerId, query),
    queryFn: ({ pageParam, signal }) => searchApi.inChat(peerId, query, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: ChatSearchPage) => last.nextOffsetId ?? undefined,
    enabled: query.length > 0,
    staleTime: 30_000,
    retry: false,
  });
}

export function useGlobalSearch(accountId: string, query: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.globalSearch(accountId, query),
    queryFn: ({ pageParam, signal }) => searchApi.everywhere(query, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: GlobalSearchPage) => last.nextCursor ?? undefined,
    enabled: query.length > 0,
    staleTime: 30_000,
    retry: false,
  });
}

type WindowParam = { around: number } | { before: number } | { after: number };
type WindowPage = HistoryWindow | HistoryPage;

/**
 * The history around a found message, growing both ways: "next" pages are older
 * (appended), "previous" pages newer (prepended), as react-query's two directions.
 */
export function useHistoryAround(accountId: string, peerId: string, messageId: number) {
  return useInfiniteQuery({
    queryKey: queryKeys.historyAround(accountId, peerId, messageId),
    queryFn: ({ pageParam, signal }): Promise<WindowPage> =>
      "around" in pageParam
        ? searchApi.around(peerId, pageParam.around, signal)
        : "before" in pageParam
          ? chatsApi.history(peerId, pageParam.before, signal)
          : searchApi.after(peerId, pageParam.after, signal),
    initialPageParam: { around: messageId },
    getNextPageParam: (last: WindowPage): WindowParam | undefined =>
      last.nextBefore ? { before: last.nextBefore } : undefined,
    getPreviousPageParam: (first: WindowPage): WindowParam | undefined =>
      first.nextAfter ? { after: first.nextAfter } : undefined,
    staleTime: Infinity,
    retry: false,
  });
}

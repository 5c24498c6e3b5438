"use client";

import { useTranslations } from "next-intl";
import Link, { useLinkStatus } from "next/link";
import { useParams } from "next/navigation";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { Card, CardToolbar } from "@/components/ui/card";
import { orderDialogs } from "@/lib/client/cache-updates";
import { useChatList, useChatSearch } from "@/lib/client/hooks/use-chats";
import type { DialogDto, DialogPage } from "@/lib/telegram/dto";
import { CHAT_PAGE_SIZE } from "@/lib/telegram/limits";
import { Avatar } from "./avatar";
import { SearchField } from "./search-field";
import { useWording } from "./use-wording";

/**
 * The chat list: server-rendered first page, then "load more" / infinite scroll through
 * the API, live-updated by useLiveUpdates writing into the same query cache.
 */
export function ChatList({ accountId, initialPage }: { accountId: string; initialPage: DialogPage }) {
  const t = useTranslations("dashboard.chats");
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query.trim());
  const [debounced, setDebounced] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(deferred), 250);
    return () => clearTimeout(timer);
  }, [deferred]);

  const list = useChatList(accountId, initialPage);
  const search = useChatSearch(accountId, debounced);

  const dialogs = useMemo(() => orderDialogs(list.data.pages.flatMap((page) => page.dialogs)), [list.data]);
  const searching = debounced.length > 0;
  const shown = searching ? (search.data?.dialogs ?? []) : dialogs;

  // Infinite scroll: fetch the next page when the sentinel nears the viewport. The
  // button below does the same for keyboards and screen readers.
  const sentinel = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || searching || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      // Beside a chat the list scrolls in its own pane: watch that, not the page.
      { root: paneScroller(scroller.current), rootMargin: "400px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [searching, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const total = list.data.pages[0]?.total;
  // The open chat (when the list sits beside it) is marked as the current page.
  const params = useParams<{ peer?: string }>();
  const openPeer = params.peer ? decodeURIComponent(params.peer) : null;

  return (
    <Card aria-labelledby="chats-heading" className="flex min-w-0 flex-col lg:min-h-0 lg:flex-1">
      <CardToolbar className="lg:flex-col lg:items-stretch">
        <div className="flex items-baseline gap-2">
          <h2 id="chats-heading" className="text-lg font-semibold tracking-tight">
            {t("title")}
          </h2>
          {typeof total === "number" ? (
            <span className="text-sm text-slate-500" data-testid="chat-total">
              {t("count", { count: total })}
            </span>
          ) : null}
        </div>
        <SearchField
          value={query}
          onChange={setQuery}
          label={t("searchLabel")}
          placeholder={t("searchPlaceholder")}
          testId="chat-search"
          className="w-full sm:w-72 lg:w-full"
        />
      </CardToolbar>

      {/* Beside a chat the list scrolls in its own pane; the position survives switching chats. */}
      <div ref={scroller} className="lg:min-h-0 lg:flex-1 lg:overflow-y-auto" data-testid="chat-list-scroller">
        {shown.length === 0 ? (
          <div className="px-6 py-16 text-center text-sm text-slate-500" data-testid="chat-list-empty">
            {searching ? (search.isFetching ? t("loading") : t("noMatches", { query: debounced })) : t("empty")}
          </div>
        ) : (
          <ul
            className="divide-y divide-slate-100"
            data-testid="chat-list"
            aria-busy={list.isFetching || search.isFetching}
          >
            {shown.map((dialog) => (
              <ChatRow key={dialog.peerId} dialog={dialog} current={dialog.peerId === openPeer} />
            ))}
          </ul>
        )}

        {!searching && (
          <div className="border-t border-slate-100 p-3 text-center">
            <div ref={sentinel} aria-hidden="true" />
            {hasNextPage ? (
              <Button
                variant="ghost"
                onClick={() => void fetchNextPage()}
                disabled={isFetchingNextPage}
                data-testid="chat-load-more"
              >
                {isFetchingNextPage ? t("loading") : t("loadMore")}
              </Button>
            ) : dialogs.length > CHAT_PAGE_SIZE ? (
              <p className="py-2 text-xs text-slate-400">{t("end")}</p>
            ) : null}
          </div>
        )}
      </div>
    </Card>
  );
}

function paneScroller(node: HTMLElement | null): HTMLElement | null {
  return node && getComputedStyle(node).overflowY !== "visible" ? node : null;
}

function ChatRow({ dialog, current }: { dialog: DialogDto; current: boolean }) {
  const t = useTranslations("dashboard.chats");
  const wording = useWording();
  const last = dialog.lastMessage;
  const sender =
    last && !last.service ? (last.out ? t("you") : dialog.kind === "group" ? last.senderName : null) : null;
  return (
    <li>
      <Link
        href={`/telegram/chats/${encodeURIComponent(dialog.peerId)}`}
        data-testid="chat-row"
        data-peer={dialog.peerId}
        data-unread={dialog.unreadCount}
        aria-current={current ? "page" : undefined}
        className={`relative flex items-center gap-3 px-4 py-3 transition sm:px-5 ${
          current ? "bg-brand-50 hover:bg-brand-50" : "hover:bg-slate-50 focus-visible:bg-slate-50"
        }`}
      >
        <OpeningIndicator />
        <Avatar src={dialog.avatarUrl} initials={dialog.initials} seed={dialog.peerId} />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <span className="truncate font-medium text-slate-900" data-testid="chat-title">
              {dialog.title}
            </span>
            {dialog.kind !== "user" ? (
              <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-[10px] font-medium uppercase tracking-wide text-slate-500">
                {t(`kind.${dialog.kind}`)}
              </span>
            ) : null}
            {dialog.muted ? (
              <svg
                role="img"
                aria-label={t("muted")}
                viewBox="0 0 20 20"
                fill="currentColor"
                className="size-3.5 shrink-0 text-slate-400"
                data-testid="chat-muted"
              >
                <title>{t("muted")}</title>
                <path d="M9.5 3.2a.75.75 0 0 1 1.25.56v12.48a.75.75 0 0 1-1.25.56L5.8 13.5H3.75A.75.75 0 0 1 3 12.75v-5.5a.75.75 0 0 1 .75-.75H5.8l3.7-3.3ZM13.22 7.22a.75.75 0 0 1 1.06 0L15.5 8.44l1.22-1.22a.75.75 0 1 1 1.06 1.06L16.56 9.5l1.22 1.22a.75.75 0 1 1-1.06 1.06L15.5 10.56l-1.22 1.22a.75.75 0 0 1-1.06-1.06l1.22-1.22-1.22-1.22a.75.75 0 0 1 0-1.06Z" />
              </svg>
            ) : null}
            <span className="ml-auto shrink-0 text-xs text-slate-500" suppressHydrationWarning>
              {dialog.date ? wording.listTime(dialog.date) : ""}
            </span>
          </div>
          <div className="mt-0.5 flex items-center gap-2">
            <p className="min-w-0 flex-1 truncate text-sm text-slate-500" data-testid="chat-preview">
              {sender ? <span className="text-slate-700">{sender}: </span> : null}
              {wording.preview(last)}
            </p>
            {dialog.pinned && dialog.unreadCount === 0 ? (
              <svg
                role="img"
                aria-label={t("pinned")}
                viewBox="0 0 20 20"
                fill="currentColor"
                className="size-3.5 shrink-0 rotate-45 text-slate-400"
                data-testid="chat-pinned"
              >
                <title>{t("pinned")}</title>
                <path d="M10.75 2a.75.75 0 0 0-1.5 0v.5H6.5a.75.75 0 0 0 0 1.5h.75v4.19l-2.03 2.03A.75.75 0 0 0 5.75 11.5h3.5V17a.75.75 0 0 0 1.5 0v-5.5h3.5a.75.75 0 0 0 .53-1.28L12.75 8.2V4h.75a.75.75 0 0 0 0-1.5h-2.75V2Z" />
              </svg>
            ) : null}
            {dialog.unreadCount > 0 ? (
              <span
                className={`inline-flex min-w-5 shrink-0 items-center justify-center rounded-full px-1.5 text-xs font-semibold leading-5 text-white ${
                  dialog.muted ? "bg-slate-400" : "bg-brand-500"
                }`}
                data-testid="chat-unread"
                aria-label={t("unread", { count: dialog.unreadCount })}
              >
                {dialog.unreadCount}
              </span>
            ) : null}
          </div>
        </div>
      </Link>
    </li>
  );
}

/** A chat page renders on the server (with no loading.tsx, so a foreign id can answer 404); show that it is on its way. */
function OpeningIndicator() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span aria-hidden="true" className="absolute inset-x-0 top-0 h-0.5 animate-pulse bg-brand-500" />
  ) : null;
}

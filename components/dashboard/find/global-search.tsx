"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import { useGlobalSearch } from "@/lib/client/hooks/use-message-search";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Avatar } from "../avatar";
import { HighlightedText } from "../chat/search/highlighted-text";
import { useDebounced } from "../chat/search/use-debounced";
import { useWording } from "../use-wording";

/** Search every chat of the account (messages.searchGlobal): hits grouped by chat, paged. */
export function GlobalSearch({ accountId }: { accountId: string }) {
  const t = useTranslations("dashboard.search");
  const wording = useWording();
  const apiErrorMessage = useApiErrorMessage();
  const [text, setText] = useState("");
  const query = useDebounced(text.replace(/\s+/g, " ").trim(), 300);
  const search = useGlobalSearch(accountId, query);
  const pages = search.data?.pages ?? [];
  // A chat can reach over a page boundary: its hits stay under one heading.
  const groups = new Map<
    string,
    {
      chat: (typeof pages)[number]["groups"][number]["chat"];
      ids: Set<number>;
      messages: (typeof pages)[number]["groups"][number]["messages"];
    }
  >();
  for (const page of pages)
    for (const group of page.groups) {
      const existing = groups.get(group.chat.peerId) ?? { chat: group.chat, ids: new Set<number>(), messages: [] };
      for (const message of group.messages)
        if (!existing.ids.has(message.id)) {
          existing.ids.add(message.id);
          existing.messages.push(message);
        }
      groups.set(group.chat.peerId, existing);
    }
  const total = pages[0]?.total ?? 0;

  return (
    <Card className="p-5 sm:p-6" aria-labelledby="global-search-heading" data-testid="global-search">
      <h2 id="global-search-heading" className="text-base font-semibold">
        {t("globalTitle")}
      </h2>
      <input
        type="search"
        value={text}
        maxLength={100}
        onChange={(event) => setText(event.target.value)}
        placeholder={t("globalPlaceholder")}
        aria-label={t("globalTitle")}
        className={`${inputClass} mt-3 sm:w-full`}
        data-testid="global-search-input"
      />
      <div className="mt-3" aria-live="polite">
        {!query ? (
          <p className="text-sm text-slate-500">{t("globalHint")}</p>
        ) : search.isPending ? (
          <p className="flex items-center gap-2 text-sm text-slate-500">
            <Spinner className="size-4 border-slate-300 border-t-brand-500" /> {t("searching")}
          </p>
        ) : search.isError ? (
          <p role="alert" className="text-sm text-rose-700" data-testid="global-search-error">
            {apiErrorMessage(search.error)}
          </p>
        ) : groups.size === 0 ? (
          <p className="text-sm text-slate-500" data-testid="global-search-empty">
            {t("none", { query })}
          </p>
        ) : (
          <>
            <p className="text-xs text-slate-500" data-testid="global-search-count">
              {t("count", { count: total })}
            </p>
            <ul className="mt-2 space-y-4" aria-label={t("results")}>
              {[...groups.values()].map(({ chat, messages }) => (
                <li key={chat.peerId} data-testid="global-search-group" data-peer={chat.peerId}>
                  <div className="flex items-center gap-2">
                    <Avatar src={chat.avatarUrl} initials={chat.initials} seed={chat.peerId} size="sm" />
                    <h3 className="truncate text-sm font-semibold text-slate-900">{chat.title}</h3>
                  </div>
                  <ul className="mt-1 divide-y divide-slate-100">
                    {messages.map((message) => (
                      <li key={message.id}>
                        <Link
                          href={`/telegram/chats/${encodeURIComponent(chat.peerId)}?around=${message.id}`}
                          className="flex items-baseline gap-3 rounded-lg px-2 py-1.5 text-sm hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
                          data-testid="global-search-result"
                          data-message-id={message.id}
                        >
                          <span className="min-w-0 flex-1 truncate text-slate-800">
                            <HighlightedText text={message.text} query={query} />
                          </span>
                          <span className="shrink-0 text-xs text-slate-400" suppressHydrationWarning>
                            {wording.listTime(message.date)}
                          </span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
            {search.hasNextPage ? (
              <button
                type="button"
                onClick={() => void search.fetchNextPage()}
                disabled={search.isFetchingNextPage}
                className="mt-3 text-sm font-medium text-brand-700 hover:underline disabled:text-slate-400"
                data-testid="global-search-more"
              >
                {search.isFetchingNextPage ? t("loadingMore") : t("more")}
              </button>
            ) : null}
          </>
        )}
      </div>
    </Card>
  );
}

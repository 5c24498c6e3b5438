"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import { useChatSearch } from "@/lib/client/hooks/use-message-search";
import type { MessageDto } from "@/lib/telegram/dto";
import { inputClass } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useWording } from "../../use-wording";
import { HighlightedText } from "./highlighted-text";
import { useDebounced } from "./use-debounced";

const DEBOUNCE_MS = 300;

/**
 * Search in the open chat: a box under the header, results newest first with the
 * matched words marked; choosing one shows the history around it. Escape closes.
 */
export function ChatSearchPanel({
  accountId,
  peerId,
  onPick,
  onClose,
}: {
  accountId: string;
  peerId: string;
  onPick: (message: MessageDto, query: string) => void;
  onClose: () => void;
}) {
  const t = useTranslations("dashboard.search");
  const wording = useWording();
  const apiErrorMessage = useApiErrorMessage();
  const [text, setText] = useState("");
  const query = useDebounced(text.replace(/\s+/g, " ").trim(), DEBOUNCE_MS);
  const search = useChatSearch(accountId, peerId, query);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const results = search.data?.pages.flatMap((page) => page.messages) ?? [];
  const total = search.data?.pages[0]?.total ?? 0;

  return (
    <div id="chat-search" className="border-b border-slate-100 bg-white px-3 py-2 sm:px-4" data-testid="chat-search">
      <input
        ref={input}
        type="search"
        value={text}
        maxLength={100}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onClose();
        }}
        placeholder={t("placeholder")}
        aria-label={t("label")}
        className={`${inputClass} sm:w-full`}
        data-testid="chat-search-input"
      />
      <div className="mt-2 max-h-64 overflow-y-auto" aria-live="polite">
        {!query ? (
          <p className="text-xs text-slate-500">{t("hint")}</p>
        ) : search.isPending ? (
          <p className="flex items-center gap-2 text-xs text-slate-500" data-testid="chat-search-loading">
            <Spinner className="size-3" /> {t("searching")}
          </p>
        ) : search.isError ? (
          <p role="alert" className="text-xs text-rose-700" data-testid="chat-search-error">
            {apiErrorMessage(search.error)}
          </p>
        ) : results.length === 0 ? (
          <p className="text-xs text-slate-500" data-testid="chat-search-empty">
            {t("none", { query })}
          </p>
        ) : (
          <>
            <p className="mb-1 text-xs text-slate-500" data-testid="chat-search-count">
              {t("count", { count: total })}
            </p>
            <ul aria-label={t("results")} className="divide-y divide-slate-100">
              {results.map((message) => (
                <li key={message.id}>
                  <button
                    type="button"
                    onClick={() => onPick(message, query)}
                    className="flex w-full items-baseline gap-3 rounded-lg px-2 py-1.5 text-left text-sm hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
                    data-testid="chat-search-result"
                    data-message-id={message.id}
                  >
                    <span className="min-w-0 flex-1 truncate text-slate-800">
                      <HighlightedText text={message.text} query={query} />
                    </span>
                    <span className="shrink-0 text-xs text-slate-400" suppressHydrationWarning>
                      {wording.listTime(message.date)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {search.hasNextPage ? (
              <button
                type="button"
                onClick={() => void search.fetchNextPage()}
                disabled={search.isFetchingNextPage}
                className="mt-1 text-xs font-medium text-brand-700 hover:underline disabled:text-slate-400"
                data-testid="chat-search-more"
              >
                {search.isFetchingNextPage ? t("loadingMore") : t("more")}
              </button>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}

"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";

import { ApiRequestError, apiFetch } from "@/lib/client/api-fetch";
import { queryKeys } from "@/lib/client/query-keys";
import type { DialogDto, HistoryPage, LiveEvent, MessageDto } from "@/lib/telegram/dto";
import { Avatar } from "./avatar";
import { appendMessage, patchDialog, upsertDialog, type ChatsData, type HistoryData } from "./cache-updates";
import { dayKey, useWording } from "./use-wording";

const MAX_LENGTH = 4096;

interface Pending {
  randomId: string;
  text: string;
  date: number;
  status: "sending" | "failed";
  error: string | null;
}

/** A random non-zero signed 64-bit integer, as Telegram's random_id wants. */
function newRandomId(): string {
  const value = new BigInt64Array(1);
  do crypto.getRandomValues(value);
  while (value[0] === 0n);
  return value[0]!.toString();
}

export function ChatView({ accountId, initialPage }: { accountId: string; initialPage: HistoryPage }) {
  const t = useTranslations("dashboard.chat");
  const wording = useWording();
  const queryClient = useQueryClient();
  const peer = initialPage.peer;
  const key = queryKeys.history(accountId, peer.peerId);

  const history = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<HistoryPage>(`/api/telegram/chats/${encodeURIComponent(peer.peerId)}/messages${pageParam ? `?before=${pageParam}` : ""}`, { signal }),
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
    queryClient.setQueryData<HistoryData>(key, (data) => initialPage.messages.reduce((acc, message) => appendMessage(acc, message), data));
    // key is derived from these two; initialPage changes on every server render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialPage, queryClient]);

  // The server marked the chat read while rendering; show that in the list at once.
  useEffect(() => {
    queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) => patchDialog(data, peer.peerId, (dialog) => ({ ...dialog, unreadCount: 0 })));
  }, [accountId, peer.peerId, queryClient]);

  const messages = useMemo(() => {
    const all = history.data.pages.flatMap((page) => page.messages);
    const unique = new Map(all.map((message) => [message.id, message]));
    return [...unique.values()].sort((a, b) => a.id - b.id);
  }, [history.data]);

  const [pending, setPending] = useState<Pending[]>([]);

  // Scrolling: start at the newest message, follow new ones when already at the bottom,
  // and keep the reading position when older messages are put above.
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node) return;
    if (heightBeforeOlder.current !== null) {
      node.scrollTop += node.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      node.scrollTop = node.scrollHeight;
    }
  }, [messages, pending]);

  const loadOlder = useCallback(() => {
    if (!history.hasNextPage || history.isFetchingNextPage) return;
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    void history.fetchNextPage();
  }, [history]);

  // A message that arrives while the chat is open is read: tell Telegram (debounced).
  const readTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    const onMessage = (event: Event) => {
      const live = (event as CustomEvent<LiveEvent>).detail;
      if (live.type !== "message" || live.peerId !== peer.peerId || live.message.out) return;
      clearTimeout(readTimer.current);
      readTimer.current = setTimeout(() => {
        if (document.visibilityState !== "visible") return;
        void apiFetch(`/api/telegram/chats/${encodeURIComponent(peer.peerId)}/read`, { method: "POST", json: { maxId: live.message.id } }).catch(() => undefined);
      }, 300);
    };
    window.addEventListener("tgdesk:message", onMessage);
    return () => {
      window.removeEventListener("tgdesk:message", onMessage);
      clearTimeout(readTimer.current);
    };
  }, [peer.peerId]);

  const send = useCallback(
    async (item: Pending) => {
      setPending((list) => list.map((p) => (p.randomId === item.randomId ? { ...p, status: "sending", error: null } : p)));
      try {
        const { message } = await apiFetch<{ message: MessageDto }>(`/api/telegram/chats/${encodeURIComponent(peer.peerId)}/messages`, {
          method: "POST",
          // The same random_id on every retry: Telegram delivers the message at most once.
          json: { text: item.text, randomId: item.randomId },
        });
        queryClient.setQueryData<HistoryData>(key, (data) => appendMessage(data, message));
        queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) => {
          const existing = data?.pages.flatMap((page) => page.dialogs).find((dialog) => dialog.peerId === peer.peerId);
          const base: DialogDto = existing ?? { ...peer };
          return upsertDialog(data, { ...base, lastMessage: message, date: message.date, unreadCount: 0 });
        });
        setPending((list) => list.filter((p) => p.randomId !== item.randomId));
      } catch (error) {
        const reason = error instanceof ApiRequestError ? error.message : null;
        setPending((list) => list.map((p) => (p.randomId === item.randomId ? { ...p, status: "failed", error: reason } : p)));
      }
    },
    [accountId, key, peer, queryClient],
  );

  const submit = (text: string) => {
    const item: Pending = { randomId: newRandomId(), text, date: Math.floor(Date.now() / 1000), status: "sending", error: null };
    atBottom.current = true;
    setPending((list) => [...list, item]);
    void send(item);
  };

  return (
    <section className="flex min-h-0 flex-1 flex-col overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" aria-labelledby="chat-title">
      <header className="flex items-center gap-3 border-b border-slate-100 px-3 py-2.5 sm:px-4">
        <Link
          href="/telegram/dashboard"
          className="inline-flex size-9 items-center justify-center rounded-full text-slate-500 hover:bg-slate-100 hover:text-slate-900"
          aria-label={t("back")}
          title={t("back")}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
            <path fillRule="evenodd" d="M12.8 4.2a.75.75 0 0 1 0 1.06L8.06 10l4.74 4.74a.75.75 0 1 1-1.06 1.06l-5.27-5.27a.75.75 0 0 1 0-1.06l5.27-5.27a.75.75 0 0 1 1.06 0Z" clipRule="evenodd" />
          </svg>
        </Link>
        <Avatar src={peer.avatarUrl} initials={peer.initials} seed={peer.peerId} size="sm" />
        <div className="min-w-0">
          <h1 id="chat-title" className="truncate font-semibold text-slate-900" data-testid="chat-header-title">
            {peer.title}
          </h1>
          {peer.username ? <p className="truncate text-xs text-slate-500">@{peer.username}</p> : null}
        </div>
      </header>

      <div
        ref={scroller}
        onScroll={(event) => {
          const node = event.currentTarget;
          atBottom.current = node.scrollHeight - node.scrollTop - node.clientHeight < 80;
          if (node.scrollTop < 120) loadOlder();
        }}
        className="min-h-0 flex-1 overflow-y-auto bg-slate-50/70 px-3 py-4 sm:px-6"
        data-testid="chat-scroller"
        // Focusable so the history scrolls with the keyboard (PageUp/PageDown, arrows).
        tabIndex={0}
        aria-label={peer.title}
        role="log"
        aria-live="polite"
        aria-relevant="additions"
      >
        {/* min-h-full + justify-end: a short chat sits at the bottom, by the composer. */}
        <div className="mx-auto flex min-h-full max-w-3xl flex-col justify-end gap-1.5">
          <div className="pb-2 text-center">
            {history.hasNextPage ? (
              <button
                type="button"
                onClick={loadOlder}
                disabled={history.isFetchingNextPage}
                data-testid="load-older"
                className="rounded-full bg-white px-4 py-1.5 text-xs font-medium text-brand-700 shadow-sm ring-1 ring-slate-200 hover:bg-brand-50 disabled:text-slate-400"
              >
                {history.isFetchingNextPage ? t("loadingOlder") : t("loadOlder")}
              </button>
            ) : null}
            {history.isFetchNextPageError && history.error ? (
              <p role="alert" className="mt-2 text-xs text-rose-700" data-testid="load-older-error">
                {history.error.message}
              </p>
            ) : null}
            {!history.hasNextPage && messages.length > 0 ? (
              <p className="text-xs text-slate-400" data-testid="history-start">
                {t("beginning")}
              </p>
            ) : null}
          </div>
          {messages.length === 0 && pending.length === 0 ? (
            <p className="py-16 text-center text-sm text-slate-500" data-testid="chat-empty">
              {t("empty")}
            </p>
          ) : null}
          {messages.map((message, index) => {
            const previous = messages[index - 1];
            const newDay = !previous || dayKey(previous.date) !== dayKey(message.date);
            const showSender = peer.kind === "group" && !message.out && !message.service && (newDay || previous?.senderId !== message.senderId || !!previous?.service);
            return (
              <Fragment key={message.id}>
                {newDay ? <DaySeparator label={wording.day(message.date)} /> : null}
                <MessageBubble message={message} showSender={showSender} />
              </Fragment>
            );
          })}
          {pending.map((item) => (
            <PendingBubble key={item.randomId} item={item} onRetry={() => void send(item)} />
          ))}
        </div>
      </div>

      <Composer onSend={submit} />
    </section>
  );
}

function DaySeparator({ label }: { label: string }) {
  return (
    <div className="sticky top-0 z-10 my-2 flex justify-center" data-testid="day-separator">
      <span className="rounded-full bg-white/90 px-3 py-1 text-xs font-medium text-slate-600 shadow-sm ring-1 ring-slate-200 backdrop-blur" suppressHydrationWarning>
        {label}
      </span>
    </div>
  );
}

function MessageBubble({ message, showSender }: { message: MessageDto; showSender: boolean }) {
  const t = useTranslations("dashboard.chat");
  const wording = useWording();
  if (message.service) {
    return (
      <div className="my-1 flex justify-center" data-testid="service-message">
        <span className="rounded-full bg-slate-200/70 px-3 py-1 text-xs text-slate-700">{wording.service(message)}</span>
      </div>
    );
  }
  return (
    <div className={`flex ${message.out ? "justify-end" : "justify-start"}`} data-testid="message" data-id={message.id} data-out={message.out}>
      <div
        className={`max-w-[85%] rounded-2xl px-3.5 py-2 text-[15px] leading-snug shadow-sm sm:max-w-[70%] ${
          message.out ? "rounded-br-md bg-brand-500 text-white" : "rounded-bl-md bg-white text-slate-900 ring-1 ring-slate-200"
        }`}
      >
        {showSender && message.senderName ? <p className="mb-0.5 text-xs font-semibold text-brand-700" data-testid="message-sender">{message.senderName}</p> : null}
        {message.media ? (
          <p
            className={`mb-1 inline-flex items-center gap-1.5 rounded-lg px-2 py-1 text-xs font-medium ${message.out ? "bg-white/15" : "bg-slate-100 text-slate-700"}`}
            data-testid="message-media"
          >
            <MediaIcon />
            {wording.media(message.media)}
          </p>
        ) : null}
        {message.text ? <p className="whitespace-pre-wrap break-words" data-testid="message-text">{message.text}</p> : null}
        <p className={`mt-0.5 flex items-center justify-end gap-1 text-[11px] ${message.out ? "text-white/75" : "text-slate-400"}`}>
          {message.editDate ? <span>{t("edited")}</span> : null}
          <time dateTime={new Date(message.date * 1000).toISOString()} suppressHydrationWarning>
            {wording.clock(message.date)}
          </time>
          {message.out ? <Ticks read={Boolean(message.read)} label={message.read ? t("read") : t("sent")} /> : null}
        </p>
      </div>
    </div>
  );
}

function PendingBubble({ item, onRetry }: { item: Pending; onRetry: () => void }) {
  const t = useTranslations("dashboard.chat");
  const failed = item.status === "failed";
  return (
    <div className="flex flex-col items-end" data-testid="pending-message" data-status={item.status}>
      <div className={`max-w-[85%] rounded-2xl rounded-br-md px-3.5 py-2 text-[15px] leading-snug shadow-sm sm:max-w-[70%] ${failed ? "bg-rose-50 text-rose-900 ring-1 ring-rose-200" : "bg-brand-500/70 text-white"}`}>
        <p className="whitespace-pre-wrap break-words">{item.text}</p>
        <p className="mt-0.5 text-right text-[11px] opacity-75">{failed ? t("failed") : t("sending")}</p>
      </div>
      {failed ? (
        <div className="mt-1 flex items-center gap-2 text-xs text-rose-700">
          {item.error ? <span>{item.error}</span> : null}
          <button type="button" onClick={onRetry} className="rounded-md px-2 py-0.5 font-semibold underline-offset-2 hover:underline" data-testid="retry-send">
            {t("retry")}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Ticks({ read, label }: { read: boolean; label: string }) {
  return (
    <svg role="img" aria-label={label} viewBox="0 0 20 12" fill="none" stroke="currentColor" strokeWidth="1.8" className="h-3 w-4" data-testid={read ? "tick-read" : "tick-sent"}>
      <title>{label}</title>
      <path d="M1 6.5 4.5 10 11 2" strokeLinecap="round" strokeLinejoin="round" />
      {read ? <path d="M8 9.5 8.5 10 15 2" strokeLinecap="round" strokeLinejoin="round" /> : null}
    </svg>
  );
}

function MediaIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-3.5">
      <path d="M15.6 2.9a3.5 3.5 0 0 0-4.95 0L4.4 9.15a5 5 0 0 0 7.07 7.07l4.6-4.6a.75.75 0 1 0-1.06-1.06l-4.6 4.6a3.5 3.5 0 0 1-4.95-4.95l6.25-6.25a2 2 0 0 1 2.83 2.83l-6.26 6.25a.5.5 0 0 1-.7-.7l5.72-5.73a.75.75 0 0 0-1.06-1.06L6.5 11.28a2 2 0 0 0 2.83 2.83l6.26-6.26a3.5 3.5 0 0 0 0-4.95Z" />
    </svg>
  );
}

function Composer({ onSend }: { onSend: (text: string) => void }) {
  const t = useTranslations("dashboard.chat");
  const [text, setText] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const tooLong = text.length > MAX_LENGTH;

  // Grow with the text up to a few lines.
  useLayoutEffect(() => {
    const node = area.current;
    if (!node) return;
    node.style.height = "auto";
    node.style.height = `${Math.min(node.scrollHeight, 160)}px`;
  }, [text]);

  const submit = () => {
    if (!text.trim() || tooLong) return;
    onSend(text);
    setText("");
    area.current?.focus();
  };

  return (
    <form
      className="border-t border-slate-100 bg-white px-3 py-3 sm:px-4"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="mx-auto flex max-w-3xl items-end gap-2">
        <label className="min-w-0 flex-1">
          <span className="sr-only">{t("composerLabel")}</span>
          <textarea
            ref={area}
            rows={1}
            value={text}
            autoFocus
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              // Enter sends; Shift+Enter is a new line; an IME composing text keeps Enter.
              if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
            placeholder={t("composerPlaceholder")}
            aria-describedby="composer-hint"
            aria-invalid={tooLong}
            data-testid="composer"
            className="block max-h-40 w-full resize-none rounded-xl border-0 bg-slate-100 px-4 py-2.5 text-[15px] text-slate-900 placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-brand-500"
          />
        </label>
        <button
          type="submit"
          disabled={!text.trim() || tooLong}
          data-testid="send"
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-full bg-brand-500 text-white shadow-sm hover:bg-brand-600 disabled:bg-slate-300"
          aria-label={t("send")}
          title={t("send")}
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-5">
            <path d="M3.1 2.3a.75.75 0 0 0-1 .9l1.9 6.05H11a.75.75 0 0 1 0 1.5H4l-1.9 6.05a.75.75 0 0 0 1 .9l15-7.25a.75.75 0 0 0 0-1.35l-15-6.8Z" />
          </svg>
        </button>
      </div>
      <p id="composer-hint" className={`mx-auto mt-1.5 max-w-3xl px-1 text-xs ${tooLong ? "text-rose-600" : "text-slate-400"}`}>
        {tooLong ? t("tooLong", { max: MAX_LENGTH }) : t("composerHint")}
      </p>
    </form>
  );
}

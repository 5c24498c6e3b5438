import { useTranslations } from "next-intl";
import { Fragment, useCallback, useLayoutEffect, useMemo, useRef, type ReactNode } from "react";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import type { PendingMessage } from "@/lib/client/hooks/use-send-message";
import type { DialogDto, MessageDto } from "@/lib/telegram/dto";
import { dayKey, useWording } from "../use-wording";
import { ChatPhotosProvider } from "./media/chat-photos";
import { DaySeparator, MessageBubble } from "./message-bubble";
import type { MessageActionHandlers } from "./message-menu";
import { PendingBubble } from "./pending-bubble";

interface Older {
  hasMore: boolean;
  loading: boolean;
  /** Why the last "load older" failed, if it did. */
  error: unknown;
  load: () => void;
}

/**
 * The scrolling history: starts at the newest message, follows new ones while at the
 * bottom (and always after one's own send), keeps the reading position when older
 * messages are put above, and loads those when scrolled near the top.
 */
export function MessageList({
  peer,
  messages,
  pending,
  older,
  onRetry,
  onDiscard,
  uploads = [],
  actions,
  onQuote,
}: {
  peer: DialogDto;
  messages: MessageDto[];
  pending: PendingMessage[];
  older: Older;
  onRetry: (item: PendingMessage) => void;
  onDiscard: (item: PendingMessage) => void;
  /** Files on their way (components/dashboard/chat/attach), shown after the pending texts. */
  uploads?: ReactNode[];
  /** Each message's menu (reply, edit, forward, delete). */
  actions?: MessageActionHandlers;
  /** A reply's quote was chosen: show the quoted message. */
  onQuote?: (id: number) => void;
}) {
  const t = useTranslations("dashboard.chat");
  const wording = useWording();
  const apiErrorMessage = useApiErrorMessage();

  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const pendingCount = useRef(pending.length + uploads.length);
  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node) return;
    // A message one just sent brings the view down to it, wherever one was reading.
    if (pending.length + uploads.length > pendingCount.current) atBottom.current = true;
    pendingCount.current = pending.length + uploads.length;
    if (heightBeforeOlder.current !== null) {
      node.scrollTop += node.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (atBottom.current) {
      node.scrollTop = node.scrollHeight;
    }
  }, [messages, pending, uploads.length]);

  const byId = useMemo(() => new Map(messages.map((message) => [message.id, message])), [messages]);

  const { hasMore, loading, load } = older;
  const loadOlder = useCallback(() => {
    if (!hasMore || loading) return;
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    load();
  }, [hasMore, loading, load]);

  return (
    <ChatPhotosProvider messages={messages}>
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
            {hasMore ? (
              <button
                type="button"
                onClick={loadOlder}
                disabled={loading}
                data-testid="load-older"
                className="rounded-full bg-white px-4 py-1.5 text-xs font-medium text-brand-700 shadow-sm ring-1 ring-slate-200 hover:bg-brand-50 disabled:text-slate-400"
              >
                {loading ? t("loadingOlder") : t("loadOlder")}
              </button>
            ) : null}
            {older.error ? (
              <p role="alert" className="mt-2 text-xs text-rose-700" data-testid="load-older-error">
                {apiErrorMessage(older.error)}
              </p>
            ) : null}
            {!hasMore && messages.length > 0 ? (
              <p className="text-xs text-slate-400" data-testid="history-start">
                {t("beginning")}
              </p>
            ) : null}
          </div>
          {messages.length === 0 && pending.length === 0 && uploads.length === 0 ? (
            <p className="py-16 text-center text-sm text-slate-500" data-testid="chat-empty">
              {t("empty")}
            </p>
          ) : null}
          {messages.map((message, index) => {
            const previous = messages[index - 1];
            const newDay = !previous || dayKey(previous.date) !== dayKey(message.date);
            const showSender =
              peer.kind === "group" &&
              !message.out &&
              !message.service &&
              (newDay || previous?.senderId !== message.senderId || !!previous?.service);
            return (
              <Fragment key={message.id}>
                {newDay ? <DaySeparator label={wording.day(message.date)} /> : null}
                <MessageBubble
                  message={message}
                  showSender={showSender}
                  actions={actions}
                  quoted={message.replyTo ? byId.get(message.replyTo.id) : undefined}
                  onQuote={onQuote}
                />
              </Fragment>
            );
          })}
          {pending.map((item) => (
            <PendingBubble
              key={item.randomId}
              item={item}
              onRetry={() => onRetry(item)}
              onDiscard={() => onDiscard(item)}
            />
          ))}
          {uploads}
        </div>
      </div>
    </ChatPhotosProvider>
  );
}

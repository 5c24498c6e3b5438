"use client";

import { useTranslations } from "next-intl";
import { Fragment, useLayoutEffect, useMemo, useRef } from "react";

import { useApiErrorMessage } from "@/lib/client/api-errors";
import { useHistoryAround } from "@/lib/client/hooks/use-message-search";
import type { DialogDto, MessageDto } from "@/lib/telegram/dto";
import { Spinner } from "@/components/ui/spinner";
import { dayKey, useWording } from "../../use-wording";
import { DaySeparator, MessageBubble } from "../message-bubble";

const pagerClass =
  "rounded-full bg-white px-4 py-1.5 text-xs font-medium text-brand-700 shadow-sm ring-1 ring-slate-200 hover:bg-brand-50 disabled:text-slate-400";

/**
 * The chat's history around a found message: the message highlighted and scrolled into
 * view, "load older" above and "load newer" below, and a way back to the latest messages.
 */
export function AroundView({
  accountId,
  peer,
  messageId,
  onBack,
}: {
  accountId: string;
  peer: DialogDto;
  messageId: number;
  onBack: () => void;
}) {
  const t = useTranslations("dashboard");
  const wording = useWording();
  const apiErrorMessage = useApiErrorMessage();
  const around = useHistoryAround(accountId, peer.peerId, messageId);
  const messages = useMemo(() => {
    const all = around.data?.pages.flatMap((page) => page.messages) ?? [];
    return [...new Map(all.map((message) => [message.id, message])).values()].sort((a, b) => a.id - b.id);
  }, [around.data]);

  const scroller = useRef<HTMLDivElement>(null);
  const found = useRef<HTMLDivElement>(null);
  const centred = useRef(false);
  const heightBeforeOlder = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (!centred.current && found.current) {
      found.current.scrollIntoView({ block: "center" });
      centred.current = true;
    } else if (heightBeforeOlder.current !== null && scroller.current) {
      // Older messages went in above: keep what was on screen where it was.
      scroller.current.scrollTop += scroller.current.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    }
  }, [messages]);

  const loadOlder = () => {
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    void around.fetchNextPage();
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="around-view" data-around={messageId}>
      <div className="flex justify-center border-b border-slate-100 bg-amber-50/60 px-3 py-1.5">
        <button type="button" onClick={onBack} className={pagerClass} data-testid="around-back">
          {t("search.back")}
        </button>
      </div>
      <div
        ref={scroller}
        className="min-h-0 flex-1 overflow-y-auto bg-slate-50/70 px-3 py-4 sm:px-6"
        tabIndex={0}
        role="log"
        aria-label={peer.title}
        data-testid="around-scroller"
      >
        <div className="mx-auto flex max-w-3xl flex-col gap-1.5">
          {around.isPending ? (
            <p className="flex items-center justify-center gap-2 py-16 text-sm text-slate-500">
              <Spinner className="size-4 border-slate-300 border-t-brand-500" /> {t("search.searching")}
            </p>
          ) : around.isError && messages.length === 0 ? (
            <p role="alert" className="py-16 text-center text-sm text-rose-700" data-testid="around-error">
              {apiErrorMessage(around.error)}
            </p>
          ) : (
            <>
              <div className="pb-2 text-center">
                {around.hasNextPage ? (
                  <button
                    type="button"
                    onClick={loadOlder}
                    disabled={around.isFetchingNextPage}
                    className={pagerClass}
                    data-testid="around-older"
                  >
                    {around.isFetchingNextPage ? t("chat.loadingOlder") : t("chat.loadOlder")}
                  </button>
                ) : (
                  <p className="text-xs text-slate-400">{t("chat.beginning")}</p>
                )}
              </div>
              {messages.map((message: MessageDto, index) => {
                const previous = messages[index - 1];
                const newDay = !previous || dayKey(previous.date) !== dayKey(message.date);
                const isFound = message.id === messageId;
                return (
                  <Fragment key={message.id}>
                    {newDay ? <DaySeparator label={wording.day(message.date)} /> : null}
                    {isFound ? (
                      <div
                        ref={found}
                        className="rounded-2xl bg-amber-100/80 p-1 ring-2 ring-amber-400"
                        aria-label={t("search.found")}
                        data-testid="found-message"
                        data-message-id={message.id}
                      >
                        <MessageBubble message={message} showSender={peer.kind === "group" && !message.out} />
                      </div>
                    ) : (
                      <MessageBubble
                        message={message}
                        showSender={peer.kind === "group" && !message.out && previous?.senderId !== message.senderId}
                      />
                    )}
                  </Fragment>
                );
              })}
              <div className="pt-2 text-center">
                {around.hasPreviousPage ? (
                  <button
                    type="button"
                    onClick={() => void around.fetchPreviousPage()}
                    disabled={around.isFetchingPreviousPage}
                    className={pagerClass}
                    data-testid="around-newer"
                  >
                    {around.isFetchingPreviousPage ? t("search.loadingNewer") : t("search.loadNewer")}
                  </button>
                ) : null}
              </div>
              {around.isError ? (
                <p role="alert" className="text-center text-xs text-rose-700">
                  {apiErrorMessage(around.error)}
                </p>
              ) : null}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";

import type { DialogDto } from "@/lib/telegram/dto";
import { chatsApi } from "../api";
import { appendMessage, upsertDialog, type ChatsData, type HistoryData } from "../cache-updates";
import { queryKeys } from "../query-keys";

/** A message on its way (or failed), shown below the history until the server has it. */
export interface PendingMessage {
  randomId: string;
  text: string;
  date: number;
  status: "sending" | "failed";
  /** Why the last try failed; worded by code where it is shown. */
  error: unknown;
  /** The message (of this chat) it replies to. */
  replyTo?: number;
}

/** A random non-zero signed 64-bit integer, as Telegram's random_id wants. */
export function newRandomId(): string {
  const value = new BigInt64Array(1);
  do crypto.getRandomValues(value);
  while (value[0] === 0n);
  return value[0]!.toString();
}

/**
 * Where a chat's unsent messages wait across reloads (this browser only): they stay until
 * the server has them or the person discards them, each with its random_id, so a retry
 * after a reload is still recognised by Telegram and never delivered twice.
 */
const storageKey = (accountId: string, peerId: string) => `tgdesk.unsent.${accountId}.${peerId}`;

function loadUnsent(accountId: string, peerId: string): PendingMessage[] {
  try {
    const raw = window.localStorage.getItem(storageKey(accountId, peerId));
    const list: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(list)) return [];
    return (
      list
        .filter((item): item is { randomId: string; text: string; date: number; replyTo?: number } => {
          const i = item as Record<string, unknown>;
          return (
            typeof i.randomId === "string" &&
            /^-?\d+$/.test(i.randomId) &&
            typeof i.text === "string" &&
            typeof i.date === "number"
          );
        })
        // Whether one in flight at the reload arrived is unknown: it shows as not sent, and
        // its retry (same random_id) is safe either way.
        .map((item) => ({
          randomId: item.randomId,
          text: item.text,
          date: item.date,
          status: "failed" as const,
          error: null,
          ...(typeof item.replyTo === "number" && item.replyTo > 0 ? { replyTo: item.replyTo } : {}),
        }))
    );
  } catch {
    return [];
  }
}

function saveUnsent(accountId: string, peerId: string, list: PendingMessage[]): void {
  try {
    const key = storageKey(accountId, peerId);
    if (list.length === 0) window.localStorage.removeItem(key);
    else
      window.localStorage.setItem(
        key,
        JSON.stringify(list.map(({ randomId, text, date, replyTo }) => ({ randomId, text, date, replyTo }))),
      );
  } catch {
    // Storage full or disabled: the messages still show until the tab closes.
  }
}

/** Forgets every chat's unsent messages in this browser (the account is gone). */
export function forgetUnsentMessages(): void {
  try {
    for (const key of Object.keys(window.localStorage))
      if (key.startsWith("tgdesk.unsent.")) window.localStorage.removeItem(key);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/**
 * Sending to one chat: pending bubbles while in flight, the sent message written into
 * the history and the chat list caches, and retries that reuse the random_id.
 */
export function useSendMessage(accountId: string, peer: DialogDto) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<PendingMessage[]>([]);
  const [restored, setRestored] = useState(false);

  // Read after hydration: the server render has no storage, and both must agree.
  useEffect(() => {
    const unsent = loadUnsent(accountId, peer.peerId);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage is an external store read once after hydration, so the server render and the first client render agree
    setPending((list) => [...unsent.filter((item) => !list.some((p) => p.randomId === item.randomId)), ...list]);
    setRestored(true);
  }, [accountId, peer.peerId]);

  useEffect(() => {
    if (restored) saveUnsent(accountId, peer.peerId, pending);
  }, [accountId, peer.peerId, pending, restored]);

  const send = useCallback(
    async (item: PendingMessage) => {
      const update = (patch: Partial<PendingMessage>) =>
        setPending((list) => list.map((p) => (p.randomId === item.randomId ? { ...p, ...patch } : p)));
      update({ status: "sending", error: null });
      try {
        // The same random_id on every retry: Telegram delivers the message at most once.
        const { message } = await chatsApi.send(peer.peerId, {
          text: item.text,
          randomId: item.randomId,
          ...(item.replyTo ? { replyTo: item.replyTo } : {}),
        });
        queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, peer.peerId), (data) =>
          appendMessage(data, message),
        );
        queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) => {
          const existing = data?.pages.flatMap((page) => page.dialogs).find((dialog) => dialog.peerId === peer.peerId);
          const base: DialogDto = existing ?? { ...peer };
          return upsertDialog(data, { ...base, lastMessage: message, date: message.date, unreadCount: 0 });
        });
        setPending((list) => list.filter((p) => p.randomId !== item.randomId));
      } catch (error) {
        update({ status: "failed", error });
      }
    },
    [accountId, peer, queryClient],
  );

  const submit = useCallback(
    (text: string, replyTo?: number) => {
      const item: PendingMessage = {
        randomId: newRandomId(),
        text,
        date: Math.floor(Date.now() / 1000),
        status: "sending",
        error: null,
        ...(replyTo ? { replyTo } : {}),
      };
      setPending((list) => [...list, item]);
      void send(item);
    },
    [send],
  );

  const retry = useCallback((item: PendingMessage) => void send(item), [send]);

  const discard = useCallback(
    (item: PendingMessage) => setPending((list) => list.filter((p) => p.randomId !== item.randomId)),
    [],
  );

  return { pending, submit, retry, discard };
}

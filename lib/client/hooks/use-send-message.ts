import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";

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
}

/** A random non-zero signed 64-bit integer, as Telegram's random_id wants. */
function newRandomId(): string {
  const value = new BigInt64Array(1);
  do crypto.getRandomValues(value);
  while (value[0] === 0n);
  return value[0]!.toString();
}

/**
 * Sending to one chat: pending bubbles while in flight, the sent message written into
 * the history and the chat list caches, and retries that reuse the random_id.
 */
export function useSendMessage(accountId: string, peer: DialogDto) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<PendingMessage[]>([]);

  const send = useCallback(
    async (item: PendingMessage) => {
      const update = (patch: Partial<PendingMessage>) =>
        setPending((list) => list.map((p) => (p.randomId === item.randomId ? { ...p, ...patch } : p)));
      update({ status: "sending", error: null });
      try {
        // The same random_id on every retry: Telegram delivers the message at most once.
        const { message } = await chatsApi.send(peer.peerId, { text: item.text, randomId: item.randomId });
        queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, peer.peerId), (data) => appendMessage(data, message));
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
    (text: string) => {
      const item: PendingMessage = { randomId: newRandomId(), text, date: Math.floor(Date.now() / 1000), status: "sending", error: null };
      setPending((list) => [...list, item]);
      void send(item);
    },
    [send],
  );

  const retry = useCallback((item: PendingMessage) => void send(item), [send]);

  return { pending, submit, retry };
}

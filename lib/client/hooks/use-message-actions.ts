import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

import type { MessageDto } from "@/lib/telegram/dto";
import { messagesApi } from "../api";
import { ApiRequestError } from "../api-fetch";
import { removeMessages, replaceMessage, type HistoryData } from "../cache-updates";
import { queryKeys } from "../query-keys";
import { newRandomId } from "./use-send-message";

/**
 * Editing, deleting and forwarding messages of one chat. What succeeds is written into the
 * caches at once (the live stream says the same moments later, and writing it twice
 * changes nothing). Failures are thrown for the caller to word.
 */
export function useMessageActions(accountId: string, peerId: string) {
  const queryClient = useQueryClient();
  const historyKey = queryKeys.history(accountId, peerId);

  const edit = useCallback(
    async (message: MessageDto, text: string): Promise<void> => {
      try {
        const { message: edited } = await messagesApi.edit(peerId, message.id, text);
        queryClient.setQueryData<HistoryData>(historyKey, (data) => replaceMessage(data, edited));
      } catch (error) {
        // A repeat of an edit that went through (a retry, another tab): already done.
        if (error instanceof ApiRequestError && error.code === "message_not_modified") return;
        throw error;
      }
    },
    [peerId, queryClient, historyKey],
  );

  const remove = useCallback(
    async (message: MessageDto, revoke: boolean): Promise<void> => {
      await messagesApi.remove(peerId, [message.id], revoke);
      queryClient.setQueryData<HistoryData>(historyKey, (data) => removeMessages(data, [message.id]));
    },
    [peerId, queryClient, historyKey],
  );

  const forward = useCallback(
    (message: MessageDto, to: string, randomId: string = newRandomId()) =>
      messagesApi.forward(peerId, { ids: [message.id], to, randomIds: [randomId] }),
    [peerId],
  );

  return { edit, remove, forward };
}

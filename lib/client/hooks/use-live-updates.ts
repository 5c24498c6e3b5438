import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import type { LiveEvent } from "@/lib/telegram/dto";
import { apiPaths } from "../api";
import { appendMessage, markOutboxRead, patchDialog, upsertDialog, type ChatsData, type HistoryData } from "../cache-updates";
import { queryKeys } from "../query-keys";

/**
 * Listens to the live stream (Server-Sent Events) and writes what arrives into the
 * react-query caches the chat list and the open chat render from; they react to the
 * cache, so nothing else needs telling. EventSource reconnects by itself; a revoked
 * session refreshes the page, which then offers to link again. Answers whether the
 * stream has been down for a while.
 */
export function useLiveUpdates(accountId: string): { offline: boolean } {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    const source = new EventSource(apiPaths.events);
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => {
      clearTimeout(offlineTimer);
      setOffline(false);
      document.documentElement.dataset.live = "connected";
    };
    source.onerror = () => {
      document.documentElement.dataset.live = "reconnecting";
      // A blip while reconnecting is normal; only say so when it lasts.
      clearTimeout(offlineTimer);
      offlineTimer = setTimeout(() => setOffline(true), 4_000);
    };
    source.onmessage = (message) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data as string) as LiveEvent;
      } catch {
        return;
      }
      const chats = queryKeys.chats(accountId);
      switch (event.type) {
        case "message": {
          queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, event.peerId), (data) => appendMessage(data, event.message));
          if (event.dialog) {
            const dialog = event.dialog;
            queryClient.setQueryData<ChatsData>(chats, (data) => upsertDialog(data, dialog));
          } else {
            void queryClient.invalidateQueries({ queryKey: chats });
          }
          break;
        }
        case "read":
          queryClient.setQueryData<ChatsData>(chats, (data) =>
            patchDialog(data, event.peerId, (dialog) => ({ ...dialog, unreadCount: event.unreadCount })),
          );
          break;
        case "outboxRead":
          queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, event.peerId), (data) => markOutboxRead(data, event.maxId));
          queryClient.setQueryData<ChatsData>(chats, (data) =>
            patchDialog(data, event.peerId, (dialog) =>
              dialog.lastMessage?.out && dialog.lastMessage.id <= event.maxId ? { ...dialog, lastMessage: { ...dialog.lastMessage, read: true } } : dialog,
            ),
          );
          break;
        case "dialogs":
          void queryClient.invalidateQueries({ queryKey: chats });
          break;
        case "revoked":
          source.close();
          router.refresh();
          break;
      }
    };
    return () => {
      clearTimeout(offlineTimer);
      source.close();
      delete document.documentElement.dataset.live;
    };
  }, [accountId, queryClient, router]);

  return { offline };
}

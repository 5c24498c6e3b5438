import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import type { DialogDto, LiveEvent } from "@/lib/telegram/dto";
import { apiPaths } from "../api";
import {
  appendMessage,
  deletionReaches,
  markOutboxRead,
  patchDialog,
  removeMessages,
  replaceMessage,
  upsertDialog,
  type ChatsData,
  type HistoryData,
} from "../cache-updates";
import { queryKeys } from "../query-keys";
import { noteListChangeBeforeMount } from "./use-chats";
import { emitLiveSignal } from "../live-listeners";

/** Every dialog of the cached chat list (the pages flattened). */
function cachedDialogs(data: ChatsData | undefined): DialogDto[] {
  return data?.pages.flatMap((page) => page.dialogs) ?? [];
}

/** Delay before opening the stream again after the server refused it (503 mid-outage). */
function reopenDelayMs(attempt: number): number {
  const ceiling = Math.min(3_000, 750 * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * After a break in the stream or the link to Telegram, which of the account's queries are
 * read again: everything but chat histories (see catchUp in useLiveUpdates).
 */
export function refetchedOnCatchUp(queryKey: readonly unknown[]): boolean {
  return queryKey[3] !== "history";
}

export interface LiveStatus {
  /** The stream to the server has been down for a while. */
  offline: boolean;
  /** The server lost its link to Telegram and is reconnecting (or the stream cannot open). */
  reconnecting: boolean;
}

/**
 * Listens to the live stream (Server-Sent Events) and writes what arrives into the
 * react-query caches the chat list and the open chat render from; they react to the
 * cache, so nothing else needs telling. EventSource reconnects by itself after a drop,
 * but not after an error answer (a 503 while Telegram is down), so that case is reopened
 * here with backoff. A revoked session refreshes the page, which then offers to link
 * again. When the link to Telegram comes back, or the stream after a break, what the page
 * shows is fetched again: updates from the gap were never pushed (a full getDifference
 * replay is a later issue).
 */
export function useLiveUpdates(accountId: string): LiveStatus {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [offline, setOffline] = useState(false);
  const [reconnecting, setReconnecting] = useState(false);

  useEffect(() => {
    let source: EventSource;
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenAttempt = 0;
    let missedSomething = false;
    let disposed = false;
    const root = document.documentElement;

    const telegramState = (state: "online" | "reconnecting") => {
      root.dataset.telegram = state;
      setReconnecting(state === "reconnecting");
    };
    const catchUp = () => {
      if (!missedSomething) return;
      missedSomething = false;
      // In-tab notifications learn what was missed from the unread counts before and after.
      const before = cachedDialogs(queryClient.getQueryData<ChatsData>(queryKeys.chats(accountId)));
      emitLiveSignal({ type: "catchUpStarted", accountId });
      // Not the chat histories: a refetch replaces the cached pages, so a message the stream
      // delivered while it was in flight vanished until something else brought it back
      // (seconds, once the chat had the list beside it). The open chat's newest page comes
      // with the server render below instead, and useHistory adds it to what is cached.
      void queryClient
        .invalidateQueries({
          queryKey: [...queryKeys.telegram, "account", accountId],
          predicate: (query) => refetchedOnCatchUp(query.queryKey),
        })
        .catch(() => undefined)
        .then(() => {
          const after = cachedDialogs(queryClient.getQueryData<ChatsData>(queryKeys.chats(accountId)));
          emitLiveSignal({ type: "catchUpDone", accountId, before, after });
        });
      // Server-rendered parts (a "reconnecting" card in place of a chat) render again.
      router.refresh();
    };

    const open = () => {
      source = new EventSource(apiPaths.events);
      source.onopen = () => {
        clearTimeout(offlineTimer);
        reopenAttempt = 0;
        setOffline(false);
        root.dataset.live = "connected";
      };
      source.onerror = () => {
        root.dataset.live = "reconnecting";
        missedSomething = true;
        // A blip while reconnecting is normal; only say so when it lasts.
        clearTimeout(offlineTimer);
        offlineTimer = setTimeout(() => setOffline(true), 4_000);
        if (source.readyState === EventSource.CLOSED && !disposed) {
          // Refused (not dropped): EventSource gives up here, we do not.
          telegramState("reconnecting");
          clearTimeout(reopenTimer);
          reopenTimer = setTimeout(open, reopenDelayMs(reopenAttempt++));
        }
      };
      source.onmessage = onMessage;
    };

    const onMessage = (message: MessageEvent) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data as string) as LiveEvent;
      } catch {
        return;
      }
      const chats = queryKeys.chats(accountId);
      emitLiveSignal({ type: "event", accountId, event });
      switch (event.type) {
        case "message": {
          queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, event.peerId), (data) =>
            appendMessage(data, event.message),
          );
          if (!queryClient.getQueryData<ChatsData>(chats)) {
            noteListChangeBeforeMount(accountId);
          } else if (event.dialog) {
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
          queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, event.peerId), (data) =>
            markOutboxRead(data, event.maxId),
          );
          queryClient.setQueryData<ChatsData>(chats, (data) =>
            patchDialog(data, event.peerId, (dialog) =>
              dialog.lastMessage?.out && dialog.lastMessage.id <= event.maxId
                ? { ...dialog, lastMessage: { ...dialog.lastMessage, read: true } }
                : dialog,
            ),
          );
          break;
        case "dialogs":
          if (!queryClient.getQueryData<ChatsData>(chats)) noteListChangeBeforeMount(accountId);
          void queryClient.invalidateQueries({ queryKey: chats });
          break;
        case "edited": {
          const message = event.message;
          queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, event.peerId), (data) =>
            replaceMessage(data, message),
          );
          // The window around a found message shows it too.
          queryClient.setQueriesData<HistoryData>(
            { queryKey: [...queryKeys.telegram, "account", accountId, "history-around", event.peerId] },
            (data) => replaceMessage(data, message),
          );
          if (event.dialog) {
            const dialog = event.dialog;
            queryClient.setQueryData<ChatsData>(chats, (data) => patchDialog(data, dialog.peerId, () => dialog));
          }
          break;
        }
        case "deleted": {
          const { ids, peerId } = event;
          for (const kind of ["history", "history-around"]) {
            queryClient.setQueriesData<HistoryData>(
              {
                queryKey: [...queryKeys.telegram, "account", accountId, kind],
                predicate: (query) => deletionReaches(String(query.queryKey[4]), peerId),
              },
              (data) => removeMessages(data, ids),
            );
          }
          break;
        }
        case "status":
          queryClient.setQueryData<ChatsData>(chats, (data) =>
            patchDialog(data, event.peerId, (dialog) => ({ ...dialog, status: event.status })),
          );
          break;
        case "revoked":
          source.close();
          router.refresh();
          break;
        case "resync":
          missedSomething = true;
          catchUp();
          break;
        case "connection":
          telegramState(event.state);
          if (event.state === "reconnecting") missedSomething = true;
          else catchUp();
          break;
      }
    };

    open();
    return () => {
      disposed = true;
      clearTimeout(offlineTimer);
      clearTimeout(reopenTimer);
      source.close();
      delete root.dataset.live;
      delete root.dataset.telegram;
    };
  }, [accountId, queryClient, router]);

  return { offline, reconnecting };
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { queryKeys } from "@/lib/client/query-keys";
import type { LiveEvent } from "@/lib/telegram/dto";
import { appendMessage, markOutboxRead, patchDialog, upsertDialog, type ChatsData, type HistoryData } from "./cache-updates";

/**
 * Listens to /api/telegram/events (Server-Sent Events) and writes what arrives into the
 * react-query caches the chat list and the open chat render from. EventSource reconnects
 * by itself; a revoked session refreshes the page, which then offers to link again.
 */
export function LiveUpdates({ accountId }: { accountId: string }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const t = useTranslations("dashboard.live");
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    const source = new EventSource("/api/telegram/events");
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
      switch (event.type) {
        case "message": {
          queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, event.peerId), (data) => appendMessage(data, event.message));
          if (event.dialog) {
            const dialog = event.dialog;
            queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) => upsertDialog(data, dialog));
          } else {
            void queryClient.invalidateQueries({ queryKey: queryKeys.chats(accountId) });
          }
          window.dispatchEvent(new CustomEvent("tgdesk:message", { detail: event }));
          break;
        }
        case "read":
          queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) =>
            patchDialog(data, event.peerId, (dialog) => ({ ...dialog, unreadCount: event.unreadCount })),
          );
          break;
        case "outboxRead":
          queryClient.setQueryData<HistoryData>(queryKeys.history(accountId, event.peerId), (data) => markOutboxRead(data, event.maxId));
          queryClient.setQueryData<ChatsData>(queryKeys.chats(accountId), (data) =>
            patchDialog(data, event.peerId, (dialog) =>
              dialog.lastMessage?.out && dialog.lastMessage.id <= event.maxId ? { ...dialog, lastMessage: { ...dialog.lastMessage, read: true } } : dialog,
            ),
          );
          break;
        case "dialogs":
          void queryClient.invalidateQueries({ queryKey: queryKeys.chats(accountId) });
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

  if (!offline) return null;
  return (
    <p role="status" className="fixed bottom-4 left-1/2 z-40 -translate-x-1/2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 shadow-lg ring-1 ring-amber-200">
      {t("offline")}
    </p>
  );
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import type { ChatsData } from "@/lib/client/cache-updates";
import { addLiveListener } from "@/lib/client/live-listeners";
import { notificationPermission, readNotificationPrefs } from "@/lib/client/notification-prefs";
import { playNotificationSound, unlockNotificationSound } from "@/lib/client/notification-sound";
import { queryKeys } from "@/lib/client/query-keys";
import { NotificationBatcher } from "@/lib/notifications/batcher";
import {
  chatNotification,
  MEDIA_KINDS,
  shouldNotify,
  shouldNotifyInTab,
  unreadIncreases,
  type NotificationWords,
} from "@/lib/notifications/should-notify";
import type { DialogDto, MediaKind, PeerId } from "@/lib/telegram/dto";

const CHAT_PATH = /^\/telegram\/chats\/([^/]+)/;

function openPeerId(): PeerId | null {
  const match = CHAT_PATH.exec(window.location.pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/**
 * In-tab notifications (the browser's Notifications API) for incoming messages while the
 * dashboard is open: one per chat (tagged, so a newer one replaces it), with the sender and
 * a preview; a click brings the tab forward on that chat. Messages missed during a break
 * notify once per chat ("3 new messages"). NotificationsBanner offers to turn them on.
 */
export function TabNotifications({ accountId }: { accountId: string }) {
  const t = useTranslations("dashboard.tabNotifications");
  const media = useTranslations("dashboard.media");
  const router = useRouter();
  const queryClient = useQueryClient();

  const words = useRef<NotificationWords | null>(null);
  useEffect(() => {
    words.current = {
      media: Object.fromEntries(MEDIA_KINDS.map((kind) => [kind, media(kind)])) as Record<MediaKind, string>,
      newMessages: (count) => t("newMessages", { count }),
      unknownChat: t("unknownChat"),
    };
  }, [t, media]);

  useEffect(() => {
    const cachedDialog = (peerId: PeerId): DialogDto | null => {
      const data = queryClient.getQueryData<ChatsData>(queryKeys.chats(accountId));
      for (const page of data?.pages ?? []) {
        const found = page.dialogs.find((dialog) => dialog.peerId === peerId);
        if (found) return found;
      }
      return null;
    };
    const batcher = new NotificationBatcher((batches) => {
      const current = readNotificationPrefs();
      if (!current.enabled || notificationPermission() !== "granted" || !words.current) return;
      const tab = { openPeerId: openPeerId(), visible: document.visibilityState === "visible" };
      let shown = false;
      for (const batch of batches) {
        // Muted since it arrived, or opened meanwhile: the list's copy is the newest word.
        const dialog = cachedDialog(batch.peerId) ?? batch.dialog;
        if (!shouldNotifyInTab(batch.latest, dialog, tab)) continue;
        const content = chatNotification(batch.latest, dialog, batch.count, words.current);
        try {
          const notification = new Notification(content.title, {
            body: content.body,
            tag: content.tag,
            icon: "/icon-192.png",
            // The sound is ours (switchable); the system's would double it.
            silent: true,
          });
          notification.addEventListener("click", () => {
            window.focus();
            router.push(`/telegram/chats/${encodeURIComponent(content.peerId)}`);
            notification.close();
          });
          shown = true;
        } catch {
          // Android Chrome allows notifications only from a service worker (Web Push's part).
        }
      }
      if (shown && current.sound) playNotificationSound();
    });
    const unsubscribe = addLiveListener((signal) => {
      if (signal.accountId !== accountId) return;
      if (signal.type === "catchUpStarted") batcher.catchUpStarted();
      else if (signal.type === "catchUpDone") batcher.catchUpDone(unreadIncreases(signal.before, signal.after));
      else if (signal.event.type === "message") {
        const { message } = signal.event;
        const dialog = signal.event.dialog ?? cachedDialog(message.peerId);
        if (shouldNotify(message, dialog)) batcher.message({ message, dialog });
      }
    });
    const unlock = () => {
      if (readNotificationPrefs().sound) unlockNotificationSound();
    };
    window.addEventListener("pointerdown", unlock, { once: true });
    window.addEventListener("keydown", unlock, { once: true });
    return () => {
      unsubscribe();
      batcher.dispose();
      window.removeEventListener("pointerdown", unlock);
      window.removeEventListener("keydown", unlock);
    };
  }, [accountId, queryClient, router]);

  return null;
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/button";
import type { ChatsData } from "@/lib/client/cache-updates";
import { addLiveListener } from "@/lib/client/live-listeners";
import {
  notificationPermission,
  readNotificationPrefs,
  useNotificationPermission,
  useNotificationPrefs,
} from "@/lib/client/notification-prefs";
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
 * notify once per chat ("3 new messages"). Also offers, once, to turn notifications on.
 */
export function TabNotifications({ accountId }: { accountId: string }) {
  const t = useTranslations("dashboard.tabNotifications");
  const media = useTranslations("dashboard.media");
  const router = useRouter();
  const queryClient = useQueryClient();
  const [prefs, setPrefs] = useNotificationPrefs();
  const { permission, request } = useNotificationPermission();

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

  if (permission !== "default" || !prefs.enabled || prefs.bannerDismissed) return null;
  // Wide screens only, bottom left over the chat list rather than over the composer's send
  // button. On a phone it would cover the composer, and phone browsers mostly refuse page
  // notifications anyway; Settings still offers the switch.
  return (
    <div
      role="region"
      aria-label={t("title")}
      data-testid="notifications-banner"
      className="fixed bottom-4 left-4 z-40 hidden max-w-sm flex-col gap-3 rounded-xl bg-white p-4 text-sm text-slate-700 shadow-lg ring-1 ring-slate-200 sm:flex"
    >
      <p>{t("banner.text")}</p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => void request()} data-testid="notifications-allow">
          {t("banner.allow")}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setPrefs({ bannerDismissed: true })}
          data-testid="notifications-dismiss"
        >
          {t("banner.dismiss")}
        </Button>
      </div>
    </div>
  );
}

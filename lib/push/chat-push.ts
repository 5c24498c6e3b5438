import "server-only";

import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import type { Locale } from "@/lib/i18n/config";
import { chatNotification, MEDIA_KINDS, type NotificationWords } from "@/lib/notifications/should-notify";
import type { DialogDto, MediaKind, MessageDto } from "@/lib/telegram/dto";
import type { PushPayload } from "./types";

const catalogues = { en, ru } as const;

function translator(locale: Locale) {
  return createTranslator({ locale, messages: catalogues[locale] });
}

/** The in-tab notifications' words (same catalogue keys), so a push reads like the tab's notification. */
export function notificationWords(locale: Locale): NotificationWords {
  const t = createTranslator({ locale, messages: catalogues[locale], namespace: "dashboard.tabNotifications" });
  const media = createTranslator({ locale, messages: catalogues[locale], namespace: "dashboard.media" });
  return {
    media: Object.fromEntries(MEDIA_KINDS.map((kind) => [kind, media(kind)])) as Record<MediaKind, string>,
    newMessages: (count) => t("newMessages", { count }),
    unknownChat: t("unknownChat"),
  };
}

/** What a chat's notification is made of; never the session, only what is shown. */
export interface ChatPushItem {
  userId: string;
  peerId: string;
  /** The newest message of the chat. */
  message: Pick<MessageDto, "id" | "peerId" | "text" | "senderName" | "media">;
  /** The chat as the list knows it (its title names the notification), null when unknown. */
  dialog: Pick<DialogDto, "title" | "kind"> | null;
  /** Messages folded into this notification. */
  count: number;
}

/** The notification for the newest message of a chat, in `locale`: worded as the in-tab one. */
export function chatPushPayload(item: ChatPushItem, locale: Locale): PushPayload {
  const { title, body, tag } = chatNotification(item.message, item.dialog, item.count, notificationWords(locale));
  return {
    v: 1,
    kind: "message",
    peerId: item.peerId,
    title,
    body,
    tag,
    url: `/telegram/chats/${encodeURIComponent(item.peerId)}`,
    count: item.count,
  };
}

export function testPushPayload(locale: Locale): PushPayload {
  const t = translator(locale);
  return {
    v: 1,
    kind: "test",
    title: t("push.test.title"),
    body: t("push.test.body"),
    tag: "tgdesk-test",
    url: "/telegram/settings",
    count: 1,
  };
}

/** The Web Push Topic of a chat: ≤ 32 base64url characters, stable per chat. */
export function chatTopic(peerId: string): string {
  return `c${peerId.replace(/^-/, "m")}`.slice(0, 32);
}

/**
 * Folds a burst of messages per (person, chat) into one notification: the first message
 * waits `gatherMs` for company, and messages arriving while a send is under way go out
 * together after it. A restart's catch-up of 300 messages in five chats is five pushes.
 */
export class ChatPushQueue {
  private readonly pending = new Map<string, ChatPushItem>();
  private readonly busy = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly send: (item: ChatPushItem) => Promise<void>,
    private readonly gatherMs = 300,
  ) {}

  add(item: Omit<ChatPushItem, "count">): void {
    const key = `${item.userId}\u0000${item.peerId}`;
    const before = this.pending.get(key);
    this.pending.set(key, { ...item, count: (before?.count ?? 0) + 1 });
    if (!this.busy.has(key) && !this.timers.has(key)) this.schedule(key);
  }

  /** Items waiting (tests and diagnostics). */
  get size(): number {
    return this.pending.size;
  }

  private schedule(key: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.flush(key);
    }, this.gatherMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  private async flush(key: string): Promise<void> {
    const item = this.pending.get(key);
    if (!item) return;
    this.pending.delete(key);
    this.busy.add(key);
    try {
      await this.send(item);
    } finally {
      this.busy.delete(key);
      if (this.pending.has(key)) this.schedule(key);
    }
  }
}

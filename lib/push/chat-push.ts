import "server-only";

import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import type { Locale } from "@/lib/i18n/config";
import type { DialogDto, MessageDto } from "@/lib/telegram/dto";
import { chatNotificationTag, PUSH_PREVIEW_CHARS, type PushPayload } from "./types";

const catalogues = { en, ru } as const;

function translator(locale: Locale) {
  return createTranslator({ locale, messages: catalogues[locale] });
}

/** What a chat's notification is made of; never the session, only what is shown. */
export interface ChatPushItem {
  userId: string;
  peerId: string;
  message: Pick<MessageDto, "id" | "text" | "senderName" | "media" | "service">;
  /** The chat's title when it is a group or channel (shown beside the sender). */
  chatTitle: string | null;
  /** Messages folded into this notification. */
  count: number;
}

/** The notification for the newest message of a chat, in `locale`. */
export function chatPushPayload(item: ChatPushItem, locale: Locale): PushPayload {
  const t = translator(locale);
  const sender = item.message.senderName ?? item.chatTitle ?? "";
  const title =
    item.chatTitle && item.chatTitle !== sender
      ? t("push.message.inGroup", { sender, chat: item.chatTitle })
      : sender || t("push.message.empty");
  const text = item.message.text.replace(/\s+/g, " ").trim();
  const shown = text
    ? text.length > PUSH_PREVIEW_CHARS
      ? `${text.slice(0, PUSH_PREVIEW_CHARS - 1)}…`
      : text
    : item.message.media
      ? t(`dashboard.media.${item.message.media.kind}`)
      : t("push.message.empty");
  const body = item.count > 1 ? `${shown}\n${t("push.message.more", { count: item.count })}` : shown;
  return {
    v: 1,
    kind: "message",
    peerId: item.peerId,
    title,
    body,
    tag: chatNotificationTag(item.peerId),
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

/** The chat title a notification names beside the sender: groups and channels only. */
export function chatTitleOf(dialog: DialogDto | null): string | null {
  return dialog && dialog.kind !== "user" ? dialog.title : null;
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

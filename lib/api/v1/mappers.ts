import "server-only";

// The app's Telegram DTOs (lib/telegram/dto) in API v1's shapes: ids as strings, ISO dates.
import type { z } from "zod";
import { ApiError } from "@/lib/http/errors";
import type { ContactDto, DialogDto, LinkedAccountDto, MessageDto } from "@/lib/telegram";
import type { accountSchema, chatSchema, contactSchema, messageSchema } from "./schemas";

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

export function toApiMessage(message: MessageDto): z.output<typeof messageSchema> {
  return {
    id: String(message.id),
    chatId: message.peerId,
    date: iso(message.date),
    editedAt: message.editDate ? iso(message.editDate) : null,
    out: message.out,
    senderId: message.senderId,
    senderName: message.senderName,
    text: message.text,
    media: message.media ? { ...message.media } : null,
    service: message.service?.type ?? null,
  };
}

export function toApiChat(dialog: DialogDto): z.output<typeof chatSchema> {
  return {
    id: dialog.peerId,
    kind: dialog.kind,
    title: dialog.title,
    username: dialog.username,
    pinned: dialog.pinned,
    muted: dialog.muted,
    unreadCount: dialog.unreadCount,
    lastMessage: dialog.lastMessage ? toApiMessage(dialog.lastMessage) : null,
    lastMessageAt: dialog.date > 0 ? iso(dialog.date) : null,
  };
}

export function toApiContact(contact: ContactDto): z.output<typeof contactSchema> {
  return {
    id: contact.peerId,
    name: contact.name,
    firstName: contact.firstName,
    lastName: contact.lastName,
    username: contact.username,
    phone: contact.phone,
  };
}

export function toApiAccount(account: LinkedAccountDto): z.output<typeof accountSchema> {
  return {
    id: account.id,
    telegramUserId: account.telegramUserId,
    name: account.name,
    username: account.username,
    phone: account.phone,
    status: account.status,
    linkedAt: account.linkedAt,
    lastUsedAt: account.lastUsedAt,
  };
}

/** Cursors are opaque to clients: base64url of the offset, so the scheme can change later. */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

export function decodeOffsetCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const value = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o?: unknown }).o;
    if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 100_000) return value;
  } catch {
    // answered below
  }
  throw new ApiError("invalid_request", "The cursor is not valid.", { fieldErrors: { cursor: ["not a cursor"] } });
}

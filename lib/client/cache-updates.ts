import type { InfiniteData } from "@tanstack/react-query";

import type { DialogDto, DialogPage, HistoryPage, MessageDto } from "@/lib/telegram/dto";

// Pure edits of the react-query caches, applied for live events and sent messages.

export type ChatsData = InfiniteData<DialogPage, number>;
export type HistoryData = InfiniteData<HistoryPage, number | undefined>;

/** Pinned first (in the order they came), then newest first; one row per peer. */
export function orderDialogs(dialogs: DialogDto[]): DialogDto[] {
  const seen = new Set<string>();
  const unique = dialogs.filter((dialog) => (seen.has(dialog.peerId) ? false : (seen.add(dialog.peerId), true)));
  const pinned = unique.filter((dialog) => dialog.pinned);
  const rest = unique.filter((dialog) => !dialog.pinned).sort((a, b) => b.date - a.date);
  return [...pinned, ...rest];
}

/** Puts an updated dialog in place of its old row (or on the first page when new). */
export function upsertDialog(data: ChatsData | undefined, dialog: DialogDto): ChatsData | undefined {
  if (!data) return data;
  const pages = data.pages.map((page, index) => {
    const rest = page.dialogs.filter((item) => item.peerId !== dialog.peerId);
    return { ...page, dialogs: index === 0 ? [dialog, ...rest] : rest };
  });
  return { ...data, pages };
}

export function patchDialog(
  data: ChatsData | undefined,
  peerId: string,
  patch: (dialog: DialogDto) => DialogDto,
): ChatsData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      dialogs: page.dialogs.map((dialog) => (dialog.peerId === peerId ? patch(dialog) : dialog)),
    })),
  };
}

/** Adds a message to the newest history page, once. */
export function appendMessage(data: HistoryData | undefined, message: MessageDto): HistoryData | undefined {
  if (!data || data.pages.length === 0) return data;
  if (data.pages.some((page) => page.messages.some((item) => item.id === message.id))) return data;
  const [newest, ...older] = data.pages;
  const messages = [...newest!.messages, message].sort((a, b) => a.id - b.id);
  return { ...data, pages: [{ ...newest!, messages }, ...older] };
}

export function markOutboxRead(data: HistoryData | undefined, maxId: number): HistoryData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      messages: page.messages.map((message) =>
        message.out && message.id <= maxId && !message.read ? { ...message, read: true } : message,
      ),
    })),
  };
}

/** Any cached list of message pages: a chat's history, or the window around a found message. */
type MessagePages = { pages: Array<{ messages: MessageDto[] }> };

/**
 * Puts an edited message in place of its old copy (keeping what only the page knew: the
 * read mark, the quoted snippet) and refreshes the quotes of replies to it.
 */
export function replaceMessage<T extends MessagePages>(data: T | undefined, message: MessageDto): T | undefined {
  if (!data) return data;
  const quote = message.text.split("\n")[0]!.trim() || null;
  let changed = false;
  const pages = data.pages.map((page) => ({
    ...page,
    messages: page.messages.map((item) => {
      if (item.id === message.id) {
        changed = true;
        return {
          ...message,
          read: message.read ?? item.read,
          replyTo: message.replyTo && !message.replyTo.text && item.replyTo ? item.replyTo : message.replyTo,
        };
      }
      if (item.replyTo?.id === message.id) {
        changed = true;
        return { ...item, replyTo: { ...item.replyTo, text: quote } };
      }
      return item;
    }),
  }));
  return changed ? { ...data, pages } : data;
}

/** Drops deleted messages from every page; the same object back when none was there. */
export function removeMessages<T extends MessagePages>(data: T | undefined, ids: readonly number[]): T | undefined {
  if (!data) return data;
  const gone = new Set(ids);
  if (!data.pages.some((page) => page.messages.some((item) => gone.has(item.id)))) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, messages: page.messages.filter((item) => !gone.has(item.id)) })),
  };
}

/**
 * Whether a deletion reaches a chat: Telegram names the chat only for channels (and
 * supergroups); otherwise (null) the ids are the account's own, shared by every private
 * chat and basic group, and never a channel's (marked -100…).
 */
export function deletionReaches(chatPeerId: string, deletedIn: string | null): boolean {
  return deletedIn === null ? !chatPeerId.startsWith("-100") : chatPeerId === deletedIn;
}

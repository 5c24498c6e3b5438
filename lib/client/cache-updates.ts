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

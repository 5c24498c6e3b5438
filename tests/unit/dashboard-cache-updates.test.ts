import { describe, expect, it } from "vitest";

import {
  appendMessage,
  markOutboxRead,
  orderDialogs,
  patchDialog,
  upsertDialog,
  type ChatsData,
  type HistoryData,
} from "@/lib/client/cache-updates";
import type { DialogDto, MessageDto } from "@/lib/telegram/dto";

const message = (id: number, extra: Partial<MessageDto> = {}): MessageDto => ({
  id,
  peerId: "1",
  date: id,
  out: false,
  senderId: "1",
  senderName: "A",
  text: `m${id}`,
  media: null,
  service: null,
  editDate: null,
  ...extra,
});

const dialog = (peerId: string, date: number, extra: Partial<DialogDto> = {}): DialogDto => ({
  peerId,
  kind: "user",
  title: peerId,
  username: null,
  avatarUrl: null,
  initials: "X",
  pinned: false,
  muted: false,
  unreadCount: 0,
  lastMessage: null,
  date,
  ...extra,
});

describe("chat list cache edits", () => {
  const data: ChatsData = {
    pages: [
      { dialogs: [dialog("p", 1, { pinned: true }), dialog("a", 30), dialog("b", 20)], nextCursor: "3", total: 5 },
      { dialogs: [dialog("c", 10), dialog("d", 5)], nextCursor: null, total: 5 },
    ],
    pageParams: [0, 3],
  };

  it("moves an updated chat from a later page to the top, below pinned ones", () => {
    const next = upsertDialog(data, dialog("d", 99, { unreadCount: 1 }))!;
    const ordered = orderDialogs(next.pages.flatMap((page) => page.dialogs));
    expect(ordered.map((d) => d.peerId)).toEqual(["p", "d", "a", "b", "c"]);
    expect(ordered[1]!.unreadCount).toBe(1);
    expect(next.pages[1]!.dialogs.map((d) => d.peerId)).toEqual(["c"]);
  });

  it("patches one chat in place", () => {
    const next = patchDialog(data, "b", (d) => ({ ...d, unreadCount: 7 }))!;
    expect(next.pages[0]!.dialogs.find((d) => d.peerId === "b")!.unreadCount).toBe(7);
    expect(data.pages[0]!.dialogs.find((d) => d.peerId === "b")!.unreadCount).toBe(0);
  });

  it("shows each chat once even if two pages hold it", () => {
    const ordered = orderDialogs([dialog("a", 1), dialog("a", 2), dialog("b", 3)]);
    expect(ordered.map((d) => [d.peerId, d.date])).toEqual([
      ["b", 3],
      ["a", 1],
    ]);
  });
});

describe("history cache edits", () => {
  const history: HistoryData = {
    pages: [
      { peer: dialog("1", 0), messages: [message(9), message(10, { out: true })], nextBefore: 9 },
      { peer: dialog("1", 0), messages: [message(7), message(8, { out: true })], nextBefore: null },
    ],
    pageParams: [undefined, 9],
  };

  it("appends a live message to the newest page once", () => {
    const once = appendMessage(history, message(11))!;
    const twice = appendMessage(once, message(11))!;
    expect(twice.pages[0]!.messages.map((m) => m.id)).toEqual([9, 10, 11]);
    expect(appendMessage(once, message(8))).toBe(once);
  });

  it("marks outgoing messages read up to maxId", () => {
    const read = markOutboxRead(history, 8)!;
    expect(read.pages[1]!.messages.find((m) => m.id === 8)!.read).toBe(true);
    expect(read.pages[0]!.messages.find((m) => m.id === 10)!.read).toBeUndefined();
  });
});

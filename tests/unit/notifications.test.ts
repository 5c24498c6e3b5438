// Who is notified of a message, what the notification says, and how a burst of recovered
// messages collapses into one notification per chat (lib/notifications).
import { describe, expect, test } from "vitest";

import { NotificationBatcher, type BatcherTimers } from "@/lib/notifications/batcher";
import {
  chatNotification,
  collapseByChat,
  mergeBatches,
  previewText,
  shouldNotify,
  shouldNotifyInTab,
  unreadIncreases,
  type ChatBatch,
  type NotificationWords,
} from "@/lib/notifications/should-notify";
import type { DialogDto, MediaDto, MessageDto } from "@/lib/telegram/dto";

const words: NotificationWords = {
  media: {
    photo: "Photo",
    video: "Video",
    document: "File",
    sticker: "Sticker",
    voice: "Voice message",
    audio: "Audio",
    gif: "GIF",
    round: "Video message",
    location: "Location",
    contact: "Contact",
    poll: "Poll",
    webpage: "Link",
    other: "Attachment",
  },
  newMessages: (count) => `${count} new messages`,
  unknownChat: "New message",
};

let nextId = 100;
function message(peerId: string, patch: Partial<MessageDto> = {}): MessageDto {
  nextId += 1;
  return {
    id: nextId,
    peerId,
    date: 1_800_000_000,
    out: false,
    senderId: peerId,
    senderName: "Erin Candidate",
    text: "Hello",
    media: null,
    service: null,
    editDate: null,
    ...patch,
  };
}

function dialog(peerId: string, patch: Partial<DialogDto> = {}): DialogDto {
  return {
    peerId,
    kind: "user",
    title: "Erin Candidate",
    username: null,
    avatarUrl: null,
    initials: "EC",
    pinned: false,
    muted: false,
    unreadCount: 0,
    lastMessage: null,
    date: 0,
    ...patch,
  };
}

const media = (kind: MediaDto["kind"], label: string | null = null): MediaDto => ({ kind, label, duration: null });

describe("shouldNotify", () => {
  test("an incoming message in an unmuted chat notifies, also from someone with no chat yet", () => {
    expect(shouldNotify(message("7"), dialog("7"))).toBe(true);
    expect(shouldNotify(message("7"), null)).toBe(true);
  });

  test("own messages, service lines and muted chats do not", () => {
    expect(shouldNotify(message("7", { out: true }), dialog("7"))).toBe(false);
    expect(shouldNotify(message("7", { service: { type: "joinedByLink" } }), dialog("7"))).toBe(false);
    expect(shouldNotify(message("7"), dialog("7", { muted: true }))).toBe(false);
  });

  test("the chat open in a visible tab stays silent; hidden, or another chat open, it notifies", () => {
    const incoming = message("7");
    expect(shouldNotifyInTab(incoming, dialog("7"), { openPeerId: "7", visible: true })).toBe(false);
    expect(shouldNotifyInTab(incoming, dialog("7"), { openPeerId: "7", visible: false })).toBe(true);
    expect(shouldNotifyInTab(incoming, dialog("7"), { openPeerId: "8", visible: true })).toBe(true);
    expect(shouldNotifyInTab(incoming, dialog("7"), { openPeerId: null, visible: true })).toBe(true);
    expect(shouldNotifyInTab(incoming, dialog("7", { muted: true }), { openPeerId: null, visible: false })).toBe(false);
  });
});

describe("previewText", () => {
  test("media is worded, with the file's name and the caption", () => {
    expect(previewText({ text: "", media: media("photo") }, words)).toBe("Photo");
    expect(previewText({ text: "", media: media("document", "CV.pdf") }, words)).toBe("File · CV.pdf");
    expect(previewText({ text: "my CV", media: media("document", "CV.pdf") }, words)).toBe("File · CV.pdf · my CV");
    expect(previewText({ text: "look", media: media("photo") }, words)).toBe("Photo · look");
  });

  test("text is put on one line and shortened", () => {
    expect(previewText({ text: "  notice\n\nperiod  ", media: null }, words)).toBe("notice period");
    const long = previewText({ text: "word ".repeat(100), media: null }, words);
    expect(long.length).toBeLessThanOrEqual(140);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("chatNotification", () => {
  test("one message: the chat's name as title, the preview as body, a tag per chat", () => {
    const n = chatNotification(message("7", { text: "Salary?" }), dialog("7"), 1, words);
    expect(n).toEqual({ peerId: "7", title: "Erin Candidate", body: "Salary?", tag: "tgdesk-chat:7", count: 1 });
    expect(chatNotification(message("8"), dialog("8", { title: "Bob" }), 1, words).tag).not.toBe(n.tag);
  });

  test("in a group the sender's name leads the preview; several messages are counted", () => {
    const group = dialog("-5", { kind: "group", title: "Hiring team" });
    const latest = message("-5", { senderName: "Bob", text: "Done" });
    expect(chatNotification(latest, group, 1, words)).toMatchObject({ title: "Hiring team", body: "Bob: Done" });
    expect(chatNotification(latest, group, 3, words).body).toBe("3 new messages");
  });

  test("with no chat known the sender names it, else a neutral title", () => {
    expect(chatNotification(message("9", { senderName: "Nina" }), null, 1, words).title).toBe("Nina");
    expect(chatNotification(message("9", { senderName: null }), null, 1, words).title).toBe("New message");
  });
});

describe("collapsing", () => {
  test("collapseByChat keeps one batch per chat with its newest message and count", () => {
    const a1 = message("1");
    const b1 = message("2");
    const a2 = message("1", { text: "second" });
    const batches = collapseByChat([
      { message: a1, dialog: null },
      { message: b1, dialog: dialog("2") },
      { message: a2, dialog: dialog("1") },
    ]);
    expect(batches.map((b) => [b.peerId, b.count, b.latest.id])).toEqual([
      ["1", 2, a2.id],
      ["2", 1, b1.id],
    ]);
    expect(batches[0]!.dialog?.peerId).toBe("1");
  });

  test("unreadIncreases: chats whose unread count grew, unless muted or the newest is own", () => {
    const before = [
      dialog("1", { unreadCount: 1 }),
      dialog("2", { unreadCount: 0 }),
      dialog("3"),
      dialog("4", { unreadCount: 5 }),
    ];
    const after = [
      dialog("1", { unreadCount: 4, lastMessage: message("1") }),
      dialog("2", { unreadCount: 2, muted: true, lastMessage: message("2") }),
      dialog("3", { unreadCount: 1, lastMessage: message("3", { out: true }) }),
      dialog("4", { unreadCount: 5, lastMessage: message("4") }),
      dialog("5", { unreadCount: 2, lastMessage: message("5") }),
    ];
    expect(unreadIncreases(before, after).map((b) => [b.peerId, b.count])).toEqual([
      ["1", 3],
      ["5", 2],
    ]);
    expect(unreadIncreases([], after)).toEqual([]);
  });

  test("mergeBatches counts messages seen both pushed and in the unread counts once", () => {
    const pushed: ChatBatch[] = [{ peerId: "1", latest: message("1"), dialog: null, count: 2 }];
    const newer = message("1");
    const counted: ChatBatch[] = [
      { peerId: "1", latest: newer, dialog: dialog("1"), count: 3 },
      { peerId: "2", latest: message("2"), dialog: dialog("2"), count: 1 },
    ];
    const merged = mergeBatches(pushed, counted);
    expect(merged.map((b) => [b.peerId, b.count])).toEqual([
      ["1", 3],
      ["2", 1],
    ]);
    expect(merged[0]!.latest.id).toBe(newer.id);
    expect(merged[0]!.dialog?.peerId).toBe("1");
  });
});

/** Timers run by hand: `advance(ms)` fires what is due. */
function manualTimers(): BatcherTimers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    set: (run, ms) => {
      seq += 1;
      due.set(seq, { at: now + ms, run });
      return seq;
    },
    clear: (handle) => {
      due.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now || !due.has(id)) continue;
        due.delete(id);
        timer.run();
      }
    },
    pending: () => due.size,
  };
}

describe("NotificationBatcher", () => {
  const setup = () => {
    const timers = manualTimers();
    const delivered: ChatBatch[][] = [];
    const batcher = new NotificationBatcher((b) => delivered.push(b), { quietMs: 500, maxMs: 5_000 }, timers);
    return { timers, delivered, batcher };
  };

  test("a live message is delivered at once, alone", () => {
    const { batcher, delivered } = setup();
    batcher.message({ message: message("1"), dialog: null });
    batcher.message({ message: message("1"), dialog: null });
    expect(delivered.map((d) => d.map((b) => b.count))).toEqual([[1], [1]]);
  });

  test("during a catch-up messages are held and delivered once per chat when quiet, with the counted ones", () => {
    const { batcher, delivered, timers } = setup();
    batcher.catchUpStarted();
    for (let i = 0; i < 3; i++) batcher.message({ message: message("1"), dialog: null });
    batcher.message({ message: message("2"), dialog: null });
    timers.advance(2_000);
    // Still waiting for the refetch's answer.
    expect(delivered).toEqual([]);
    batcher.catchUpDone([{ peerId: "3", latest: message("3"), dialog: dialog("3"), count: 4 }]);
    timers.advance(499);
    expect(delivered).toEqual([]);
    timers.advance(1);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.map((b) => [b.peerId, b.count])).toEqual([
      ["1", 3],
      ["2", 1],
      ["3", 4],
    ]);
    // Over: the next message is live again.
    batcher.message({ message: message("1"), dialog: null });
    expect(delivered).toHaveLength(2);
    expect(timers.pending()).toBe(0);
  });

  test("a catch-up that never answers still delivers after the cap; one with nothing missed delivers nothing", () => {
    const { batcher, delivered, timers } = setup();
    batcher.catchUpStarted();
    batcher.message({ message: message("1"), dialog: null });
    timers.advance(4_999);
    expect(delivered).toEqual([]);
    timers.advance(1);
    expect(delivered.map((d) => d.map((b) => b.count))).toEqual([[1]]);

    batcher.catchUpStarted();
    batcher.catchUpDone([]);
    timers.advance(10_000);
    expect(delivered).toHaveLength(1);
  });

  test("dispose stops pending timers", () => {
    const { batcher, delivered, timers } = setup();
    batcher.catchUpStarted();
    batcher.message({ message: message("1"), dialog: null });
    batcher.dispose();
    timers.advance(10_000);
    expect(delivered).toEqual([]);
  });
});

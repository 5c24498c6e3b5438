// The pure parts of edits and deletions: the browser's cache edits, the server's chat
// list cache, reply snippets, and the update gate keeping a channel deletion's pts apart.
import { describe, expect, it } from "vitest";
import { Api } from "telegram";

import { deleteScope } from "@/components/dashboard/chat/delete-scope";
import { deletionReaches, removeMessages, replaceMessage, type HistoryData } from "@/lib/client/cache-updates";
import type { DialogDto, MessageDto } from "@/lib/telegram/dto";
import { long } from "@/lib/telegram/gramjs/long";
import { reshapeMessage, withReplySnippets } from "@/lib/telegram/gramjs/mappers";
import { DialogsCache } from "@/lib/telegram/runtime/caches";
import { memoryUpdateStateStore, UpdateGate } from "@/lib/telegram/runtime/update-gate";

const message = (id: number, text: string, extra: Partial<MessageDto> = {}): MessageDto => ({
  id,
  peerId: "1000005",
  date: 1_790_000_000 + id,
  out: false,
  senderId: "1000005",
  senderName: "Erin",
  text,
  media: null,
  service: null,
  editDate: null,
  ...extra,
});

const history = (...messages: MessageDto[]): HistoryData => ({
  pages: [{ peer: {} as DialogDto, messages, nextBefore: null }],
  pageParams: [undefined],
});

describe("history cache edits", () => {
  it("an edit replaces the message, keeps the read mark and refreshes quotes of it", () => {
    const data = history(
      message(1, "draft", { out: true, read: true }),
      message(2, "re", { replyTo: { id: 1, text: "draft", senderName: "Alice" } }),
    );
    const next = replaceMessage(data, message(1, "final\nsecond line", { out: true, editDate: 5 }))!;
    const [edited, reply] = next.pages[0]!.messages;
    expect(edited).toMatchObject({ text: "final\nsecond line", editDate: 5, read: true });
    expect(reply!.replyTo).toEqual({ id: 1, text: "final", senderName: "Alice" });
    // Nothing of it loaded: the very same cache object back (no re-render).
    expect(replaceMessage(data, message(9, "elsewhere"))).toBe(data);
  });

  it("a deletion drops the ids from every page, and only those", () => {
    const data = history(message(1, "a"), message(2, "b"), message(3, "c"));
    expect(removeMessages(data, [2, 7])!.pages[0]!.messages.map((m) => m.id)).toEqual([1, 3]);
    expect(removeMessages(data, [8])).toBe(data);
  });

  it("a deletion without a chat reaches private chats and basic groups, never channels", () => {
    expect(deletionReaches("1000005", null)).toBe(true);
    expect(deletionReaches("-2000001", null)).toBe(true);
    expect(deletionReaches("-1003000001", null)).toBe(false);
    expect(deletionReaches("-1003000001", "-1003000001")).toBe(true);
    expect(deletionReaches("1000005", "-1003000001")).toBe(false);
  });
});

describe("the server's chat list cache", () => {
  const dialog = (peerId: string, last: MessageDto, kind: DialogDto["kind"] = "user"): DialogDto => ({
    peerId,
    kind,
    title: peerId,
    username: null,
    avatarUrl: null,
    initials: "?",
    pinned: false,
    muted: false,
    unreadCount: 0,
    lastMessage: last,
    date: last.date,
  });

  it("follows an edit of the last message, and goes stale when the last message is deleted", () => {
    const cache = new DialogsCache(() => 0);
    cache.replace({
      items: [
        dialog("1000005", message(4, "last", { out: true, read: true })),
        dialog("-1003000001", message(4, "post", { peerId: "-1003000001" }), "channel"),
      ],
      pinOrder: new Map(),
      next: null,
      total: 2,
    });
    expect(cache.applyEdit(message(3, "older"))).toBeNull();
    expect(cache.applyEdit(message(4, "last, edited", { out: true }))!.lastMessage).toMatchObject({
      text: "last, edited",
      read: true,
    });
    expect(cache.fresh()).toBe(true);
    // Id 4 of the account's own box: the private chat's, not the channel's post 4.
    expect(cache.applyDelete(null, [3])).toBe(false);
    expect(cache.applyDelete(null, [4])).toBe(true);
    expect(cache.fresh()).toBe(false);
  });
});

describe("reply snippets", () => {
  it("fills a reply's quote from the page and leaves unknown ones empty", () => {
    const lookup = new Map();
    const raw = (id: number, text: string, replyTo?: number) =>
      reshapeMessage(
        new Api.Message({
          id,
          peerId: new Api.PeerUser({ userId: long(1000005) }),
          date: 1_790_000_000,
          message: text,
          replyTo: replyTo ? new Api.MessageReplyHeader({ replyToMsgId: replyTo }) : undefined,
          fwdFrom: id === 3 ? new Api.MessageFwdHeader({ date: 1, fromName: "Ivan Petrov" }) : undefined,
        }),
        lookup,
      )!;
    const [, second, third] = withReplySnippets([
      raw(1, "When can you start?\nand more"),
      raw(2, "Monday", 1),
      raw(3, "x", 99),
    ]);
    expect(second!.replyTo).toEqual({ id: 1, text: "When can you start?", senderName: null });
    expect(third!.replyTo).toEqual({ id: 99, text: null, senderName: null });
    expect(third!.forward).toEqual({ from: "Ivan Petrov", date: 1 });
  });
});

describe("the update gate and our own deletions", () => {
  it("a channel deletion moves that channel's pts, not the account's", async () => {
    const store = memoryUpdateStateStore();
    store.saved.set("acc", { pts: 50, qts: 0, date: 1, seq: 0, channels: { "3000001": 7 } });
    const gate = new UpdateGate({
      accountId: "acc",
      store,
      saveDelayMs: 0,
      invoke: (req) =>
        Promise.resolve(
          req instanceof Api.updates.GetDifference ? new Api.updates.DifferenceEmpty({ date: 2, seq: 0 }) : null,
        ),
      publish: () => undefined,
      remember: () => undefined,
      inputChannel: () => null,
      resync: () => undefined,
    });
    gate.start();
    await gate.idle();
    const request = new Api.channels.DeleteMessages({
      channel: new Api.InputChannel({ channelId: long("3000001"), accessHash: long(0) }),
      id: [4],
    });
    gate.acknowledge(new Api.messages.AffectedMessages({ pts: 8, ptsCount: 1 }), request);
    await gate.idle();
    expect(gate.current).toMatchObject({ pts: 50, channels: { "3000001": 8 } });
  });
});

describe("what a deletion may reach", () => {
  const peer = (peerId: string, kind: DialogDto["kind"]) => ({ peerId, kind }) as DialogDto;
  it("asks in private chats, for one's own group messages; channels and supergroups delete for everyone", () => {
    expect(deleteScope(peer("1000005", "user"), message(1, "theirs"))).toBe("choice");
    expect(deleteScope(peer("-2000001", "group"), message(1, "mine", { out: true }))).toBe("choice");
    expect(deleteScope(peer("-2000001", "group"), message(1, "theirs"))).toBe("me");
    expect(deleteScope(peer("-1003000001", "group"), message(1, "mine", { out: true }))).toBe("everyone");
    expect(deleteScope(peer("-1003000001", "channel"), message(1, "post"))).toBe("everyone");
  });
});

import bigInt from "big-integer";
import { Api, errors, type TelegramClient } from "telegram";
import { describe, expect, it } from "vitest";

import { getSelf } from "@/lib/telegram/read-models/profile";
import { logOutOfTelegram } from "@/lib/telegram/read-models/sessions";
import { AccountSession } from "@/lib/telegram/runtime/session";
import { listDialogs, resolveReachablePeer } from "@/lib/telegram/read-models/dialogs";
import type { LiveEvent } from "@/lib/telegram/dto";
import { TelegramError } from "@/lib/telegram/errors";
import { PeerNotFoundError, getHistory, sendMessage } from "@/lib/telegram/read-models/history";
import { attachUpdates } from "@/lib/telegram/read-models/live-updates";

// A fake GramJS client: answers requests from a table and counts them by class name,
// the way the sandbox's per-method counters do.
const SELF = 1000001;
const users = [
  new Api.User({ id: bigInt(SELF), self: true, accessHash: bigInt(1), firstName: "Alice" }),
  ...Array.from(
    { length: 250 },
    (_, i) => new Api.User({ id: bigInt(5000 + i), accessHash: bigInt(7), firstName: `Peer ${i}` }),
  ),
];
const contact = new Api.User({
  id: bigInt(9999),
  accessHash: bigInt(3),
  firstName: "Only",
  lastName: "Contact",
  contact: true,
});

function dialogRows() {
  const rows = users.slice(1).map(
    (user, i) =>
      ({
        dialog: new Api.Dialog({
          pinned: i === 200,
          peer: new Api.PeerUser({ userId: user.id }),
          topMessage: 1000 - i,
          readInboxMaxId: 0,
          readOutboxMaxId: 0,
          unreadCount: i % 3,
          unreadMentionsCount: 0,
          unreadReactionsCount: 0,
          notifySettings: new Api.PeerNotifySettings({}),
        }),
        message: new Api.Message({
          id: 1000 - i,
          peerId: new Api.PeerUser({ userId: user.id }),
          date: 100_000 - i,
          message: `hello ${i}`,
        }),
        user,
      }) as const,
  );
  // Telegram lists pinned dialogs first, then the rest newest first.
  return [...rows.filter((row) => row.dialog.pinned), ...rows.filter((row) => !row.dialog.pinned)];
}

function fakeClient(overrides: Partial<Record<string, (request: Api.AnyRequest) => unknown>> = {}) {
  const counts: Record<string, number> = {};
  const rows = dialogRows();
  const handlers: Record<string, (request: never) => unknown> = {
    "users.GetUsers": () => [users[0]],
    "messages.GetDialogs": (request: Api.messages.GetDialogs) => {
      // Offsets by top message id, newest first, like Telegram.
      const start = request.offsetId
        ? rows.findIndex((row) => !row.dialog.pinned && row.dialog.topMessage < request.offsetId)
        : 0;
      const page = start < 0 ? [] : rows.slice(start, start + request.limit);
      return new Api.messages.DialogsSlice({
        count: rows.length,
        dialogs: page.map((row) => row.dialog),
        messages: page.map((row) => row.message),
        users: page.map((row) => row.user),
        chats: [],
      });
    },
    "contacts.GetContacts": () => new Api.contacts.Contacts({ contacts: [], savedCount: 0, users: [contact] }),
    "messages.GetHistory": (request: Api.messages.GetHistory) => {
      const top = request.offsetId || 601;
      const ids = Array.from({ length: request.limit }, (_, i) => top - 1 - i).filter((id) => id > 0);
      return new Api.messages.Messages({
        messages: ids.map(
          (id) =>
            new Api.Message({
              id,
              peerId: new Api.PeerUser({ userId: bigInt(5000) }),
              date: id,
              message: `m${id}`,
              out: id % 2 === 0,
            }),
        ),
        users: [users[1]!],
        chats: [],
      });
    },
    "messages.GetPeerDialogs": () =>
      new Api.messages.PeerDialogs({
        dialogs: [
          new Api.Dialog({
            peer: new Api.PeerUser({ userId: bigInt(5000) }),
            topMessage: 600,
            readInboxMaxId: 600,
            readOutboxMaxId: 590,
            unreadCount: 0,
            unreadMentionsCount: 0,
            unreadReactionsCount: 0,
            notifySettings: new Api.PeerNotifySettings({}),
          }),
        ],
        messages: [],
        chats: [],
        users: [],
        state: new Api.updates.State({ pts: 1, qts: 0, date: 1, seq: 0, unreadCount: 0 }),
      }),
    "messages.ReadHistory": () => new Api.messages.AffectedMessages({ pts: 1, ptsCount: 1 }),
    "messages.SendMessage": (request: Api.messages.SendMessage) =>
      new Api.UpdateShortSentMessage({
        id: 9000 + Number(request.randomId!.mod(1000)),
        pts: 1,
        ptsCount: 1,
        date: 123,
        out: true,
      }),
    ...overrides,
  };
  let eventHandler: ((update: unknown) => void) | null = null;
  const client = {
    // The GramJS fields lib/telegram/gramjs/internals.ts reads; it refuses a client without them.
    session: { dcId: 2, _entities: new Set() },
    _entityCache: { cacheMap: new Map() },
    async invoke(request: Api.AnyRequest) {
      const name = request.className;
      counts[name] = (counts[name] ?? 0) + 1;
      const handler = handlers[name];
      if (!handler) throw new Error(`unexpected ${name}`);
      return handler(request as never);
    },
    addEventHandler(handler: (update: unknown) => void) {
      eventHandler = handler;
    },
    async destroy() {},
  };
  return { client: client as unknown as TelegramClient, counts, push: (u: unknown) => eventHandler?.(u) };
}

function makeSession(overrides?: Parameters<typeof fakeClient>[0]) {
  let now = 1_700_000_000_000;
  const fake = fakeClient(overrides);
  const gone: string[] = [];
  const session = new AccountSession(
    { id: "acc", userId: "user", telegramUserId: String(SELF) },
    fake.client,
    { onSessionGone: async (_s, code) => void gone.push(code), onUsed: () => undefined },
    () => now,
  );
  attachUpdates(session);
  const events: LiveEvent[] = [];
  session.events.on("live", (event: LiveEvent) => events.push(event));
  return { session, ...fake, gone, events, advance: (ms: number) => (now += ms) };
}

describe("dashboard request budget (fake client)", () => {
  it("opens the dashboard with 2 requests cold and none within 30 s", async () => {
    const { session, counts, advance } = makeSession();
    await Promise.all([getSelf(session), listDialogs(session, { limit: 50 })]);
    expect(counts).toEqual({ "users.GetUsers": 1, "messages.GetDialogs": 1 });
    advance(29_000);
    await Promise.all([getSelf(session), listDialogs(session, { limit: 50 })]);
    expect(counts).toEqual({ "users.GetUsers": 1, "messages.GetDialogs": 1 });
    advance(2_000);
    await listDialogs(session, { limit: 50 });
    expect(counts["messages.GetDialogs"]).toBe(2);
  });

  it("pages through all chats without duplicates, pinned first", async () => {
    const { session } = makeSession();
    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const page = await listDialogs(session, { offset, limit: 60 });
      seen.push(...page.dialogs.map((d) => d.peerId));
      if (!page.nextCursor) break;
      offset = Number(page.nextCursor);
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]).toBe("5200"); // the pinned one
  });

  it("searches titles across every page", async () => {
    const { session } = makeSession();
    const page = await listDialogs(session, { query: "peer 24" });
    expect(page.dialogs.map((d) => d.title).sort()).toEqual(
      [
        "Peer 24",
        "Peer 240",
        "Peer 241",
        "Peer 242",
        "Peer 243",
        "Peer 244",
        "Peer 245",
        "Peer 246",
        "Peer 247",
        "Peer 248",
        "Peer 249",
      ].sort(),
    );
  });

  it("opens a known chat with a single getHistory when nothing is unread", async () => {
    const { session, counts } = makeSession();
    await listDialogs(session, { limit: 50 });
    const before = { ...counts };
    // Peer 0 (5000) has unreadCount 0 in the fake list.
    const page = await getHistory(session, "5000", { markRead: true });
    expect(page.messages).toHaveLength(50);
    expect(page.messages[0]!.id).toBeLessThan(page.messages.at(-1)!.id);
    expect(counts["messages.GetHistory"]).toBe(1);
    expect(counts["messages.ReadHistory"] ?? 0).toBe(before["messages.ReadHistory"] ?? 0);
    // Paging back reaches the start.
    let next = page.nextBefore;
    let total = page.messages.length;
    while (next) {
      const older = await getHistory(session, "5000", { before: next });
      total += older.messages.length;
      next = older.nextBefore;
    }
    expect(total).toBe(600);
  });

  it("marks an unread chat read and clears its count", async () => {
    const { session, counts, events } = makeSession();
    await listDialogs(session, { limit: 50 });
    await getHistory(session, "5001", { markRead: true }); // unreadCount 1
    expect(counts["messages.ReadHistory"]).toBe(1);
    expect(session.dialogs.items.find((d) => d.peerId === "5001")!.unreadCount).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ type: "read", peerId: "5001", unreadCount: 0 }));
  });

  it("marks a chat outside the cached list read once, not on every visit", async () => {
    const { session, counts } = makeSession();
    session.rememberEntities([users[1]!], [], "all"); // known as a contact; the list is not loaded
    await getHistory(session, "5000", { markRead: true }); // unread state unknown: mark it read
    await getHistory(session, "5000", { markRead: true });
    expect(counts["messages.ReadHistory"]).toBe(1);
    expect(counts["messages.GetHistory"]).toBe(2);
  });

  it("takes a chat's ✓✓ from Telegram's read_outbox_max_id when the list is not loaded (after a restart)", async () => {
    const { session, counts } = makeSession();
    session.rememberEntities([users[1]!], [], "all");
    const page = await getHistory(session, "5000");
    expect(counts["messages.GetPeerDialogs"]).toBe(1);
    const out = page.messages.filter((message) => message.out);
    expect(out.filter((message) => message.read).map((message) => message.id)).toEqual(
      out.filter((message) => message.id <= 590).map((message) => message.id),
    );
    expect(out.some((message) => message.id <= 590)).toBe(true);
    expect(out.find((message) => message.id === 600)?.read).toBeFalsy();
  });
});

describe("ownership", () => {
  it("refuses a peer that is neither a dialog nor a contact, after looking once", async () => {
    const { session } = makeSession();
    await expect(getHistory(session, "424242")).rejects.toBeInstanceOf(PeerNotFoundError);
    await expect(sendMessage(session, "424242", "hi", "77")).rejects.toBeInstanceOf(PeerNotFoundError);
  });

  it("allows a contact that has no dialog", async () => {
    const { session } = makeSession();
    expect(await resolveReachablePeer(session, "9999")).toBeInstanceOf(Api.InputPeerUser);
  });

  it("does not open a chat with someone only seen as a sender", async () => {
    const { session } = makeSession();
    session.rememberEntities([new Api.User({ id: bigInt(31337), accessHash: bigInt(1), firstName: "Stranger" })], []);
    expect(await resolveReachablePeer(session, "31337")).toBeNull();
  });
});

describe("floods and revocation", () => {
  it("stops asking Telegram while a FLOOD_WAIT runs, then asks again", async () => {
    let calls = 0;
    const { session, advance } = makeSession({
      "users.GetUsers": () => {
        calls += 1;
        if (calls === 1) throw new errors.FloodWaitError({ request: undefined as never, capture: 30 });
        return [users[0]];
      },
    });
    const first = await getSelf(session).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TelegramError);
    expect(first).toMatchObject({ code: "FLOOD_WAIT", seconds: 30 });
    advance(10_000);
    await expect(getSelf(session)).rejects.toMatchObject({ code: "FLOOD_WAIT", seconds: 20 });
    expect(calls).toBe(1);
    // Other methods are not held up by this one's wait.
    await expect(listDialogs(session, { limit: 10 })).resolves.toMatchObject({ total: 250 });
    advance(21_000);
    await expect(getSelf(session)).resolves.toMatchObject({ firstName: "Alice" });
    expect(calls).toBe(2);
  });

  it("reports AUTH_KEY_UNREGISTERED as a gone session", async () => {
    const { session, gone } = makeSession({
      "users.GetUsers": () => {
        throw new errors.RPCError("AUTH_KEY_UNREGISTERED", undefined as never, 401);
      },
    });
    await expect(getSelf(session)).rejects.toMatchObject({ code: "AUTH_KEY_UNREGISTERED" });
    expect(gone).toEqual(["AUTH_KEY_UNREGISTERED"]);
  });

  it("does not revoke the account when another DC's exported key is refused", async () => {
    const { session, gone } = makeSession({
      "upload.GetFile": () => {
        throw new errors.RPCError("AUTH_KEY_UNREGISTERED", undefined as never, 401);
      },
    });
    await expect(
      session.invoke(
        new Api.upload.GetFile({
          location: new Api.InputPeerPhotoFileLocation({ peer: new Api.InputPeerSelf(), photoId: bigInt(1) }),
          offset: bigInt(0),
          limit: 1024,
        }),
        1,
      ),
    ).rejects.toMatchObject({ code: "AUTH_KEY_UNREGISTERED" });
    expect(gone).toEqual([]);
    expect(session.revoked).toBe(false);
  });
});

describe("live updates", () => {
  it("moves the chat up, counts it unread and emits the message", async () => {
    const { session, push, events } = makeSession();
    await listDialogs(session, { limit: 100 });
    push(
      new Api.UpdateShortMessage({
        id: 5000,
        userId: bigInt(5050),
        message: "new!",
        pts: 2,
        ptsCount: 1,
        date: 200_000,
        out: false,
      }),
    );
    const page = await listDialogs(session, { limit: 3 });
    expect(page.dialogs[1]).toMatchObject({ peerId: "5050", unreadCount: (50 % 3) + 1, lastMessage: { text: "new!" } });
    expect(events).toContainEqual(expect.objectContaining({ type: "message", peerId: "5050" }));
  });

  it("drops the cached list when a stranger writes, so it is refetched", async () => {
    const { session, push, events, counts } = makeSession();
    await listDialogs(session, { limit: 50 });
    push(
      new Api.UpdateShortMessage({
        id: 1,
        userId: bigInt(777777),
        message: "hi",
        pts: 2,
        ptsCount: 1,
        date: 200_000,
        out: false,
      }),
    );
    expect(events.map((e) => e.type)).toEqual(["message", "dialogs"]);
    await listDialogs(session, { limit: 50 });
    expect(counts["messages.GetDialogs"]).toBe(2);
  });

  it("sends with the caller's random_id and updates the list", async () => {
    const { session, events } = makeSession();
    await listDialogs(session, { limit: 50 });
    const sent = await sendMessage(session, "5003", "hello", "123456789");
    expect(sent).toMatchObject({ id: 9789, out: true, text: "hello", peerId: "5003" });
    expect(events.at(-1)).toMatchObject({
      type: "message",
      dialog: { peerId: "5003", lastMessage: { text: "hello" } },
    });
  });
});

describe("log out of Telegram", () => {
  it("says whether Telegram confirmed, within the time limit", async () => {
    const confirmed = makeSession({ "auth.LogOut": () => new Api.auth.LoggedOut({}) });
    expect(await logOutOfTelegram(confirmed.session, 1_000)).toBe(true);

    const silent = makeSession({ "auth.LogOut": () => new Promise(() => undefined) });
    const started = Date.now();
    expect(await logOutOfTelegram(silent.session, 50)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);

    const refused = makeSession({
      "auth.LogOut": () => {
        throw new errors.RPCError("AUTH_KEY_UNREGISTERED", undefined as never, 401);
      },
    });
    expect(await logOutOfTelegram(refused.session, 1_000)).toBe(false);
  });
});

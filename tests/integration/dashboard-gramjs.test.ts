// The dashboard's Telegram layer (AccountSession + dialogs/history/updates) with the real
// GramJS client against the sandbox over TCP: real TL payloads through our mappers, our
// own getDialogs offsets over 1,000 chats, pushed updates, revocation, request counts.
import type { TelegramClient } from "telegram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getSelf } from "@/lib/telegram/read-models/profile";
import { listDialogs } from "@/lib/telegram/read-models/dialogs";
import { getHistory, sendMessage } from "@/lib/telegram/read-models/history";
import { countedSession } from "../support/counted-session";
import { startTestSandbox, type TestSandbox } from "./support/sandbox";

let sb: TestSandbox;
const clients: TelegramClient[] = [];

beforeAll(async () => {
  sb = await startTestSandbox({ benchSeed: true });
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.destroy().catch(() => undefined)));
  await sb?.stop();
});

const sessionFor = (username: string) => countedSession(sb, clients, username, { live: true });

const idOf = (username: string) => String(sb.running.sandbox.world.userByKey(username)!.id);

describe("dashboard layer on the real GramJS client", () => {
  it("opens the dashboard with 2 requests, then none; pages through 1,000 chats exactly once each", async () => {
    const { session, keyId, counters } = await sessionFor("bench");
    await sb.control.resetCounters({ keyId });
    const [profile, first] = await Promise.all([getSelf(session), listDialogs(session, { limit: 50 })]);
    expect(profile).toMatchObject({ firstName: "Bench", username: "bench" });
    expect(first.total).toBe(1000);
    expect(await counters()).toEqual({ "users.getUsers": 1, "messages.getDialogs": 1 });
    await Promise.all([getSelf(session), listDialogs(session, { limit: 50 })]);
    expect(await counters()).toEqual({ "users.getUsers": 1, "messages.getDialogs": 1 });

    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const page = await listDialogs(session, { offset, limit: 100 });
      seen.push(...page.dialogs.map((dialog) => dialog.peerId));
      if (!page.nextCursor) break;
      offset = Number(page.nextCursor);
    }
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    const search = await listDialogs(session, { query: "peer 0999" });
    expect(search.dialogs.map((dialog) => dialog.title)).toEqual(["Peer 0999"]);
  });

  it("pages a chat's history back to its first message, oldest first on each page", async () => {
    const { session } = await sessionFor("alice");
    await listDialogs(session, {});
    let page = await getHistory(session, idOf("bob"));
    const all = [...page.messages];
    while (page.nextBefore) {
      page = await getHistory(session, idOf("bob"), { before: page.nextBefore });
      all.unshift(...page.messages);
    }
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((message) => message.id)).size).toBe(all.length);
    expect(all[0]).toMatchObject({ text: "Bob → Alice: message 1", out: false, senderName: "Bob Builder" });
    expect(all.every((message, i) => i === 0 || message.id > all[i - 1]!.id)).toBe(true);

    const team = await getHistory(session, "-2000001");
    expect(team.peer).toMatchObject({ kind: "group", title: "Sandbox Team" });
    expect(team.messages.some((message) => !message.out && message.senderName)).toBe(true);
  });

  it("turns a pushed message into a live event and updates the cached list", async () => {
    const { session, events, keyId, counters } = await sessionFor("carol");
    const before = (await listDialogs(session, {})).dialogs.find((dialog) => dialog.peerId === idOf("alice"))!;
    await sb.control.sendMessage("alice", "carol", "pushed to carol");
    await expect.poll(() => events.find((event) => event.type === "message"), { timeout: 3_000 }).toBeDefined();
    const event = events.find((e) => e.type === "message")!;
    expect(event).toMatchObject({
      peerId: idOf("alice"),
      message: { text: "pushed to carol", out: false },
      dialog: { peerId: idOf("alice"), unreadCount: before.unreadCount + 1 },
    });
    // The list moved Alice's chat to the top (after pinned ones) without asking Telegram.
    const after = await listDialogs(session, {});
    expect(after.dialogs.filter((dialog) => !dialog.pinned)[0]).toMatchObject({
      peerId: idOf("alice"),
      lastMessage: { text: "pushed to carol" },
    });

    // A stranger's message: not in the list, so the list is dropped and refetched.
    expect(after.dialogs.some((dialog) => dialog.peerId === idOf("grace"))).toBe(false);
    await sb.control.resetCounters({ keyId });
    await sb.control.sendMessage("grace", "carol", "from a new chat");
    await expect.poll(() => events.some((e) => e.type === "dialogs"), { timeout: 3_000 }).toBe(true);
    expect(events.find((e) => e.type === "message" && e.peerId === idOf("grace"))).toMatchObject({ dialog: null });
    const refetched = await listDialogs(session, {});
    expect((await counters())["messages.getDialogs"]).toBe(1);
    expect(refetched.dialogs.filter((dialog) => !dialog.pinned)[0]).toMatchObject({
      peerId: idOf("grace"),
      lastMessage: { text: "from a new chat", out: false },
    });
    expect(refetched.dialogs.filter((dialog) => dialog.peerId === idOf("grace"))).toHaveLength(1);
  });

  it("sends once per random_id", async () => {
    const { session } = await sessionFor("frank");
    await listDialogs(session, {});
    const first = await sendMessage(session, idOf("erin"), "once only", "777000111");
    const again = await sendMessage(session, idOf("erin"), "once only", "777000111");
    expect(again.id).toBe(first.id);
    const received = await sb.control.messages("erin", "frank", 10);
    expect(received.filter((message) => message.text === "once only")).toHaveLength(1);
  });

  it("reports a terminated session as gone", async () => {
    const { session, gone, keyId } = await sessionFor("heidi");
    await listDialogs(session, {});
    await sb.control.revoke({ keyId });
    await expect(getHistory(session, idOf("alice"))).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    expect(gone).toEqual(["SESSION_REVOKED"]);
  });
});

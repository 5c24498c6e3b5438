import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, type TelegramClient } from "telegram";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";

let sb: TestSandbox;
const clients: TelegramClient[] = [];
async function loggedIn(user: string, passwords: string[] = []): Promise<TelegramClient> {
  const c = newClient(sb);
  clients.push(c);
  await c.connect();
  await qrLogin(c, sb, user, passwords);
  return c;
}

beforeAll(async () => {
  sb = await startTestSandbox({ benchSeed: true });
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await sb?.stop();
});

describe("dialogs and history", () => {
  it("lists alice's seeded dialogs with unread counts, pinned first", async () => {
    const alice = await loggedIn("alice");
    const dialogs = await alice.getDialogs({});
    const titles = dialogs.map((d) => d.title);
    expect(titles[0]).toBe("Sandbox Team");
    expect(titles).toEqual(expect.arrayContaining(["Bob Builder", "Carol Danvers", "Sandbox News", "Erin Brockovich"]));
    const bob = dialogs.find((d) => d.title === "Bob Builder")!;
    expect(bob.unreadCount).toBe(3);
  });

  it("iterDialogs pages 1,000 dialogs without gaps or repeats", async () => {
    const bench = await loggedIn("bench");
    const seen = new Set<string>();
    for await (const d of bench.iterDialogs({})) seen.add(String(d.id));
    expect(seen.size).toBe(1000);
  });

  it("getHistory pages back through a 10,000-message chat", async () => {
    const bench = await loggedIn("bench");
    const ids: number[] = [];
    for await (const m of bench.iterMessages("bench_peer_1", { limit: 450 })) ids.push(m.id);
    expect(ids.length).toBe(450);
    expect(new Set(ids).size).toBe(450);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const page = await bench.invoke(
      new Api.messages.GetHistory({
        peer: "bench_peer_1",
        offsetId: 0,
        addOffset: 0,
        limit: 100,
        maxId: 0,
        minId: 9990,
        hash: 0 as never,
        offsetDate: 0,
      }),
    );
    expect((page as Api.messages.MessagesSlice).count).toBe(10000);
    expect((page as Api.messages.MessagesSlice).messages.length).toBe(10);
    const reversed: number[] = [];
    for await (const m of bench.iterMessages("bench_peer_1", { limit: 150, reverse: true })) reversed.push(m.id);
    expect(reversed.slice(0, 3)).toEqual([1, 2, 3]);
    expect(reversed.length).toBe(150);
  });

  it("contacts, avatars, group and channel history", async () => {
    const alice = await loggedIn("alice");
    const contacts = (await alice.invoke(new Api.contacts.GetContacts({ hash: 0 as never }))) as Api.contacts.Contacts;
    expect(contacts.users.length).toBe(9);
    const photo = await alice.downloadProfilePhoto("carol");
    expect(Buffer.isBuffer(photo) && photo.subarray(1, 4).toString()).toBe("PNG");
    const group = (await alice.getDialogs({})).find((d) => d.title === "Sandbox Team")!;
    const groupMsgs = await alice.getMessages(group.entity, { limit: 10 });
    expect(groupMsgs.length).toBe(10);
    const news = await alice.getMessages("sandbox_news", { limit: 5 });
    expect(news[0]!.message).toMatch(/Sandbox News #25/);
  });
});

describe("sending and updates", () => {
  it("a message reaches the recipient's other session as an update; random_id retries are idempotent", async () => {
    const alice1 = await loggedIn("alice");
    const alice2 = await loggedIn("alice");
    const erin = await loggedIn("erin");
    const got = (c: TelegramClient) =>
      new Promise<Api.UpdateShortMessage>((resolve) => {
        c.addEventHandler((u: unknown) => {
          if (u instanceof Api.UpdateShortMessage && u.message === "hello from erin") resolve(u);
        });
      });
    const a1 = got(alice1);
    const a2 = got(alice2);
    const sent = await erin.sendMessage("alice", { message: "hello from erin" });
    const [u1, u2] = await Promise.all([a1, a2]);
    expect(u1.out).toBe(false);
    expect(u2.id).toBe(u1.id);
    const state = await alice1.invoke(new Api.updates.GetState());
    expect(state.pts).toBe(u1.pts);

    const rid = 123456789n;
    const send = () =>
      erin.invoke(new Api.messages.SendMessage({ peer: "alice", message: "once only", randomId: rid as never }));
    const r1 = (await send()) as Api.UpdateShortSentMessage;
    const r2 = (await send()) as Api.UpdateShortSentMessage;
    expect(r2.id).toBe(r1.id);
    const last = await sb.control.messages("alice", "erin", 3);
    expect(last.filter((m) => m.text === "once only").length).toBe(1);
    expect(sent.id).toBeGreaterThan(0);
  });

  it("getDifference returns missed messages by pts; readHistory clears unread", async () => {
    const alice = await loggedIn("alice");
    const before = await alice.invoke(new Api.updates.GetState());
    await sb.control.sendMessage("frank", "alice", "while you were away");
    const diff = await alice.invoke(new Api.updates.GetDifference({ pts: before.pts, date: before.date, qts: 0 }));
    expect(diff).toBeInstanceOf(Api.updates.Difference);
    expect((diff as Api.updates.Difference).newMessages.map((m) => (m as Api.Message).message)).toContain(
      "while you were away",
    );
    await alice.markAsRead("frank");
    const frank = (await alice.getDialogs({})).find((d) => d.title === "Frank Ocean")!;
    expect(frank.unreadCount).toBe(0);
  });

  it("control send reaches a live session", async () => {
    const bob = await loggedIn("bob", ["bob-password"]);
    const p = new Promise<void>((resolve) => {
      bob.addEventHandler((u: unknown) => {
        if (u instanceof Api.UpdateShortMessage && u.message === "ping from control") resolve();
      });
    });
    await sb.control.sendMessage("carol", "bob", "ping from control");
    await p;
  });
});

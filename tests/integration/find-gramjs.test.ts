// The app's search, "around" history, New message and token buckets on the real GramJS
// client against the sandbox over TCP, with the sandbox's counters as the witness.
import type { TelegramClient } from "telegram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listDialogs } from "@/lib/telegram/read-models/dialogs";
import { findByPhone, findByUsername } from "@/lib/telegram/read-models/find-people";
import { getHistory, getHistoryAround } from "@/lib/telegram/read-models/history";
import { searchAllChats, searchChat } from "@/lib/telegram/read-models/search";
import { DEFAULT_BUCKETS, RateLimitedError } from "@/lib/telegram/runtime/rate-buckets";
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

const sessionFor = (username: string) => countedSession(sb, clients, username);

const idOf = (username: string) => String(sb.running.sandbox.world.userByKey(username)!.id);

describe("search on the real client", () => {
  it("searches a chat with one messages.search per query, then opens the history around a hit", async () => {
    const { session, keyId, counters } = await sessionFor("bench");
    const peer = idOf("bench_peer_1");
    await getHistory(session, peer); // the chat is open: its peer is known
    await sb.control.resetCounters({ keyId });
    const page = await searchChat(session, peer, { q: "message 42" });
    expect(await counters()).toEqual({ "messages.search": 1 });
    // 42, 420–429, 4200–4299: 111 matches, newest first.
    expect(page.total).toBe(111);
    expect(page.messages.map((m) => m.text).slice(0, 2)).toEqual(["Long chat message 4299", "Long chat message 4298"]);
    const next = await searchChat(session, peer, { q: "message 42", offsetId: page.nextOffsetId! });
    expect(next.messages[0]!.text).toBe("Long chat message 4279");

    const around = await getHistoryAround(session, peer, 5000);
    const ids = around.messages.map((m) => m.id);
    expect(ids).toContain(5000);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.filter((id) => id > 5000)).toHaveLength(24);
    expect(ids.filter((id) => id < 5000)).toHaveLength(25);
    expect(around.nextAfter).toBe(5024);
    expect(around.nextBefore).toBe(4975);
    const newer = await getHistory(session, peer, { after: around.nextAfter! });
    expect(newer.messages[0]!.id).toBe(5025);
    expect(newer.nextAfter).toBe(5074);
  });

  it("pages a global search by cursor, grouped by chat, every hit once", async () => {
    const { session, keyId, counters } = await sessionFor("alice");
    await sb.control.resetCounters({ keyId });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchAllChats(session, { q: "note", cursor, limit: 6 });
      for (const group of page.groups) for (const m of group.messages) seen.push(`${group.chat.peerId}:${m.id}`);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(20); // "Carol and Alice, note 1..20"
    expect(new Set(seen).size).toBe(20);
    expect(await counters()).toEqual({ "messages.searchGlobal": 4 });
  });

  it("an aborted search never reaches Telegram", async () => {
    const { session, keyId, counters } = await sessionFor("erin");
    await listDialogs(session, {});
    await sb.control.resetCounters({ keyId });
    const controller = new AbortController();
    const superseded = searchChat(session, idOf("alice"), { q: "hi" }, controller.signal);
    controller.abort();
    await expect(superseded).rejects.toThrow();
    expect((await searchChat(session, idOf("alice"), { q: "hi" })).messages.map((m) => m.text)).toEqual([
      "Erin says hi 3",
      "Erin says hi 2",
      "Erin says hi 1",
    ]);
    expect(await counters()).toEqual({ "messages.search": 1 });
  });
});

describe("New message on the real client", () => {
  it("finds by username with worded errors, and by phone without keeping the contact", async () => {
    const { session } = await sessionFor("carol");
    await sb.control.addUser({ firstName: "Nina", username: "nina_newcomer", phone: "9996627901" });
    const nina = await findByUsername(session, "@nina_newcomer");
    expect(nina).toMatchObject({ title: "Nina", kind: "user" });
    // Reachable now: its history opens (an empty chat).
    expect((await getHistory(session, nina.peerId)).messages).toEqual([]);
    await expect(findByUsername(session, "nobody_home")).rejects.toMatchObject({ errorCode: "username_not_occupied" });
    await expect(findByUsername(session, "a__b")).rejects.toMatchObject({ errorCode: "username_invalid" });
    const byPhone = await findByPhone(session, "9996627901", { keepContact: false });
    expect(byPhone.peerId).toBe(nina.peerId);
    expect(sb.running.sandbox.world.userByKey("carol")!.contacts).not.toContain(Number(nina.peerId));
    await expect(findByPhone(session, "9996627902", { keepContact: true })).rejects.toMatchObject({
      errorCode: "phone_not_on_telegram",
    });
  });

  it("rate-limits resolves per account: the burst's tail is refused before Telegram sees it", async () => {
    const { session, keyId, counters } = await sessionFor("heidi");
    await sb.control.resetCounters({ keyId });
    const outcomes = await Promise.allSettled(
      Array.from({ length: DEFAULT_BUCKETS.resolve.capacity + 3 }, () => findByUsername(session, "erin")),
    );
    const refused = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof RateLimitedError);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(DEFAULT_BUCKETS.resolve.capacity);
    expect(refused).toHaveLength(3);
    expect((await counters())["contacts.resolveUsername"]).toBe(DEFAULT_BUCKETS.resolve.capacity);
    expect(session.buckets.snapshot().find((b) => b.bucket === "resolve")).toMatchObject({ available: 0, refused: 3 });
  });

  it("words Telegram's privacy refusal and its flood wait", async () => {
    const { session } = await sessionFor("grace");
    await sb.control.addUser({ firstName: "Priv", username: "priv_person", newChatsFrom: "contacts" });
    const priv = await findByUsername(session, "priv_person");
    const { sendMessage } = await import("@/lib/telegram/read-models/history");
    const refusal = (await sendMessage(session, priv.peerId, "Hello", "880001").catch((e: unknown) => e)) as {
      errorCode: string;
    };
    expect(refusal.errorCode).toBe("telegram_privacy");
    await sb.control.setFault({ method: "contacts.resolveUsername", error: "FLOOD_WAIT_30", user: "grace", times: 1 });
    const flood = (await findByUsername(session, "erin").catch((e: unknown) => e)) as {
      errorCode: string;
      seconds: number;
    };
    expect([flood.errorCode, flood.seconds]).toEqual(["flood_wait", 30]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { LiveEvent } from "@/lib/telegram/dto";
import { listDialogs } from "@/lib/telegram/read-models/dialogs";
import { GatedAccount } from "../support/gated-account";
import { startTestSandbox, type TestSandbox } from "./support/sandbox";

// The update gate on a real GramJS client over TCP to the sandbox: the state is kept,
// a restart with messages sent meanwhile delivers each once and in order (a channel too),
// slices and differenceTooLong are followed, and a lost push is fetched.
let sb: TestSandbox;
let alice: GatedAccount;

beforeAll(async () => {
  sb = await startTestSandbox();
  alice = await GatedAccount.login(sb, "alice");
}, 60_000);
afterAll(async () => {
  await alice?.close();
  await sb?.stop();
});

const open = () => alice.open();
const texts = (events: LiveEvent[]) =>
  events.flatMap((e) => (e.type === "message" ? [`${e.peerId}|${e.message.text}`] : []));
const idOf = (key: string) => String(sb.running.sandbox.world.userByKey(key)!.id);
const newsPeer = () => `-100${sb.running.sandbox.world.channelByUsername("sandbox_news")!.id}`;

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("update gap recovery against the sandbox", () => {
  it("keeps the applied state, and after a restart delivers what was missed once and in order", async () => {
    const a = await open();
    await a.gate.idle();
    // The chat list gives the gate the channel's position.
    await listDialogs(a.session, { limit: 50 });
    await sb.control.sendMessage("frank", "alice", "live one");
    await until(() => texts(a.events).includes(`${idOf("frank")}|live one`), 5_000);
    await a.session.destroy();
    const saved = alice.store.saved.get("acc-alice")!;
    const box = sb.running.sandbox.world.box(Number(alice.telegramUserId));
    expect(saved.pts).toBe(box.pts);
    expect(saved.channels[newsPeer().slice(4)]).toBe(sb.running.sandbox.world.channelByUsername("sandbox_news")!.pts);

    // While the app is away: 30 private messages and 10 channel posts; small slices.
    sb.running.sandbox.differenceLimits.slice = 7;
    const expected: string[] = [];
    for (let i = 1; i <= 30; i++) {
      await sb.control.sendMessage(i % 2 ? "frank" : "erin", "alice", `away ${i}`);
      expected.push(`${idOf(i % 2 ? "frank" : "erin")}|away ${i}`);
    }
    const posts: string[] = [];
    for (let i = 1; i <= 10; i++) {
      await sb.control.postToChannel("alice", "sandbox_news", `news while away ${i}`);
      posts.push(`${newsPeer()}|news while away ${i}`);
    }
    const keyId = (await sb.control.sessions({ user: "alice" })).filter((s) => !s.internal && !s.revoked).at(-1)!.keyId;
    await sb.control.resetCounters({ keyId });
    try {
      const b = await open();
      await until(() => texts(b.events).length >= 40, 15_000);
      await b.gate.idle();
      const got = texts(b.events);
      expect(got.filter((t) => !t.startsWith("-100"))).toEqual(expected);
      expect(got.filter((t) => t.startsWith("-100"))).toEqual(posts);
      expect(new Set(got).size).toBe(got.length);
      const calls = (await sb.control.counters({ keyId })).byMethod;
      // 30 events in slices of 7 → 5 pages; then the channel.
      expect(calls["updates.getDifference"]).toBe(5);
      expect(calls["updates.getChannelDifference"]).toBeGreaterThanOrEqual(1);
      expect(b.gate.current?.pts).toBe(box.pts);

      // A push the client never got (sent without one) is fetched when the next one shows the gap.
      const s = sb.running.sandbox;
      s.world.sendPrivate(
        Number(idOf("grace")),
        Number(alice.telegramUserId),
        "pushed nowhere",
        Math.floor(Date.now() / 1000),
      );
      await sb.control.sendMessage("grace", "alice", "pushed live");
      await until(() => texts(b.events).includes(`${idOf("grace")}|pushed live`), 5_000);
      expect(texts(b.events).slice(-2)).toEqual([`${idOf("grace")}|pushed nowhere`, `${idOf("grace")}|pushed live`]);
      await b.session.destroy();
    } finally {
      sb.running.sandbox.differenceLimits.slice = 100;
    }
  }, 60_000);

  it("on differenceTooLong tells the page to refetch and starts again from getState", async () => {
    const s = sb.running.sandbox;
    const before = alice.store.saved.get("acc-alice")!.pts;
    for (let i = 0; i < 2001; i++)
      s.world.sendPrivate(
        Number(idOf("heidi")),
        Number(alice.telegramUserId),
        `flood ${i}`,
        Math.floor(Date.now() / 1000),
      );
    const c = await open();
    await until(() => c.events.some((e) => e.type === "resync"), 10_000);
    await c.gate.idle();
    await c.gate.flush();
    expect(texts(c.events)).toEqual([]);
    expect(alice.store.saved.get("acc-alice")!.pts).toBe(s.world.box(Number(alice.telegramUserId)).pts);
    expect(alice.store.saved.get("acc-alice")!.pts).toBeGreaterThan(before + 2000);
    await c.session.destroy();
  }, 30_000);
});

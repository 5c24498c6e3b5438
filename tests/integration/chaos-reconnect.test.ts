// Chaos: the dashboard's Telegram layer (AccountSession, reconnect hook and live updates
// wired as the app's pool wires them) on the real GramJS client against the sandbox over
// TCP, while the data centre goes away, drops connections, or turns slow. Every wait is
// bounded; the bounds leave room for a busy machine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listDialogs } from "@/lib/telegram/read-models/dialogs";
import { getHistory } from "@/lib/telegram/read-models/history";
import { getSelf } from "@/lib/telegram/read-models/profile";
import { eventually, pooledSession, type PooledSession } from "../support/pooled-session";
import { startTestSandbox, type TestSandbox } from "./support/sandbox";

let sb: TestSandbox;
const opened: PooledSession[] = [];

beforeAll(async () => {
  sb = await startTestSandbox();
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map(({ session }) => session.destroy().catch(() => undefined)));
  await sb?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const idOf = (username: string) => String(sb.running.sandbox.world.userByKey(username)!.id);
let nextRandomId = 9_100_000_000_000n;
const sendAs = (from: string, to: string, text: string) => {
  nextRandomId += 1n;
  return sb.control.sendMessage(from, to, text, String(nextRandomId));
};

async function aliceWithChat(): Promise<PooledSession> {
  const alice = await pooledSession(sb, "alice");
  opened.push(alice);
  // The chat list makes Bob reachable; the first history read is the baseline.
  await listDialogs(alice.session, {});
  await getHistory(alice.session, idOf("bob"));
  return alice;
}

/** A message from Bob reaches Alice's live stream within `ms`. */
async function expectLiveMessage(alice: PooledSession, text: string, ms: number): Promise<void> {
  const arrived = alice.next((event) => event.type === "message" && event.message.text === text, ms);
  await sendAs("bob", "alice", text);
  await arrived;
}

describe("chaos: the pooled account after connection loss", () => {
  it("DC stopped and restarted: fails fast while down, history and live messages resume within 5 s of its return", async () => {
    const alice = await aliceWithChat();
    const lost = alice.next((event) => event.type === "connection" && event.state === "reconnecting", 10_000);
    await sb.down();
    await lost;

    // While Telegram is away a request is answered at once, worded, not after 15 s.
    const asked = Date.now();
    await expect(getHistory(alice.session, idOf("bob"))).rejects.toMatchObject({
      code: "RECONNECTING",
      errorCode: "telegram_reconnecting",
    });
    expect(Date.now() - asked).toBeLessThan(3_000);
    // Long enough for the backoff to reach its cap.
    await sleep(4_000);

    const back = alice.next((event) => event.type === "connection" && event.state === "online", 10_000);
    await sb.up();
    const upAt = Date.now();
    const page = await eventually(() => getHistory(alice.session, idOf("bob")), 5_000);
    expect(Date.now() - upAt).toBeLessThan(5_000);
    expect(page.messages.length).toBeGreaterThan(0);
    await back;
    await expectLiveMessage(alice, "after the outage", 5_000);
    expect(alice.gone).toEqual([]);
  }, 60_000);

  it("connections dropped by the DC: history and live messages resume within 5 s", async () => {
    const alice = await aliceWithChat();
    const { dropped } = await sb.control.dropConnections({ user: "alice" });
    expect(dropped).toBeGreaterThan(0);
    const droppedAt = Date.now();
    await eventually(() => getHistory(alice.session, idOf("bob")), 5_000);
    // GramJS notices the drop on its own schedule; by now the session is (back) online.
    await eventually(async () => expect(alice.session.connectionState).toBe("online"), 5_000);
    await expectLiveMessage(alice, "after the drop", 5_000);
    expect(Date.now() - droppedAt).toBeLessThan(10_000);
    expect(alice.gone).toEqual([]);
  }, 60_000);

  it("a slow DC (20 s delay) is slow, not down: the connection is kept and other requests answer", async () => {
    const alice = await aliceWithChat();
    const fault = await sb.control.setFault({ method: "messages.getHistory", delayMs: 20_000, user: "alice" });
    try {
      const slow = getHistory(alice.session, idOf("carol")).catch((error: unknown) => error);
      await sleep(500);
      // The link answers pings: not "reconnecting", and the client stays.
      const client = alice.session.client;
      expect(await alice.session.probe()).toBe("alive");
      expect(alice.session.connectionState).toBe("online");
      expect(alice.session.client).toBe(client);
      const asked = Date.now();
      await getSelf(alice.session);
      expect(Date.now() - asked).toBeLessThan(3_000);
      expect(alice.events.filter((event) => event.type === "connection")).toEqual([]);
      void slow;
    } finally {
      await sb.control.clearFaults(fault.id);
    }
  }, 60_000);
});

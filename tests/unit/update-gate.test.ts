import { describe, expect, it } from "vitest";
import { Api } from "telegram";

import { long } from "@/lib/telegram/gramjs/long";
import {
  memoryUpdateStateStore,
  UpdateGate,
  type AnyUpdate,
  type UpdateState,
} from "@/lib/telegram/runtime/update-gate";

// The gate with a fake Telegram: what it publishes, in which order, what it asks and saves.
const ALICE = 1_000_001;
const CHANNEL = "3000001";

const msg = (id: number, text = `m${id}`) =>
  new Api.Message({ id, peerId: new Api.PeerUser({ userId: long(ALICE) }), message: text, date: 1_700_000_000 + id });
const post = (id: number) =>
  new Api.Message({
    id,
    peerId: new Api.PeerChannel({ channelId: long(CHANNEL) }),
    message: `p${id}`,
    date: 1_700_000_000,
  });
const live = (id: number, pts: number) => new Api.UpdateNewMessage({ message: msg(id), pts, ptsCount: 1 });
const state = (pts: number) => new Api.updates.State({ pts, qts: 0, date: 1_700_000_000, seq: 0, unreadCount: 0 });

function fixture(stored: UpdateState | null, answers: Array<(req: Api.AnyRequest) => unknown>) {
  const store = memoryUpdateStateStore();
  if (stored) store.saved.set("acc", stored);
  const published: string[] = [];
  const asked: Api.AnyRequest[] = [];
  let resyncs = 0;
  const gate = new UpdateGate({
    accountId: "acc",
    store,
    saveDelayMs: 0,
    invoke: async (req) => {
      asked.push(req);
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected ${req.className}`);
      return answer(req);
    },
    publish: (u: AnyUpdate) => {
      const m = (u as Api.UpdateNewMessage).message as Api.Message | undefined;
      published.push(m ? m.message : u.className);
    },
    remember: () => undefined,
    inputChannel: (id) => new Api.InputChannel({ channelId: long(id), accessHash: long(0) }),
    resync: () => void resyncs++,
  });
  return { gate, store, published, asked, resyncs: () => resyncs };
}

describe("UpdateGate", () => {
  it("starts from getState when nothing is stored, applies in order and drops duplicates", async () => {
    const f = fixture(null, [() => state(10)]);
    f.gate.start();
    f.gate.live(live(1, 11));
    f.gate.live(live(1, 11)); // the same push twice
    f.gate.live(live(2, 12));
    f.gate.live(live(9, 9)); // older than the state
    await f.gate.idle();
    await f.gate.flush();
    expect(f.published).toEqual(["m1", "m2"]);
    expect(f.asked.map((r) => r.className)).toEqual(["updates.GetState"]);
    expect(f.store.saved.get("acc")?.pts).toBe(12);
  });

  it("fills a live gap with getDifference slices before applying the update after it", async () => {
    const f = fixture({ pts: 10, qts: 0, date: 1, seq: 0, channels: {} }, [
      () => new Api.updates.DifferenceEmpty({ date: 2, seq: 0 }),
      () =>
        new Api.updates.DifferenceSlice({
          newMessages: [msg(1), msg(2)],
          newEncryptedMessages: [],
          otherUpdates: [],
          chats: [],
          users: [],
          intermediateState: state(12),
        }),
      () =>
        new Api.updates.Difference({
          newMessages: [msg(3)],
          newEncryptedMessages: [],
          otherUpdates: [],
          chats: [],
          users: [],
          state: state(14),
        }),
    ]);
    f.gate.start();
    await f.gate.idle();
    // pts 14 arrives live before 11..13 were seen; 13 is in the difference's state.
    f.gate.live(live(4, 14));
    f.gate.live(live(3, 13));
    await f.gate.idle();
    await f.gate.flush();
    expect(f.published).toEqual(["m1", "m2", "m3"]);
    expect(f.asked.map((r) => (r as Api.updates.GetDifference).pts)).toEqual([10, 10, 12]);
    expect(f.store.saved.get("acc")?.pts).toBe(14);
  });

  it("resyncs on differenceTooLong and takes the state from getState", async () => {
    const f = fixture({ pts: 5, qts: 0, date: 1, seq: 0, channels: {} }, [
      () => new Api.updates.DifferenceTooLong({ pts: 900 }),
      () => state(901),
    ]);
    f.gate.start();
    await f.gate.idle();
    expect(f.resyncs()).toBe(1);
    expect(f.published).toEqual([]);
    expect(f.store.saved.get("acc")?.pts).toBe(901);
  });

  it("follows updateChannelTooLong with getChannelDifference pages until final", async () => {
    const f = fixture({ pts: 5, qts: 0, date: 1, seq: 0, channels: { [CHANNEL]: 20 } }, [
      () =>
        new Api.updates.Difference({
          newMessages: [],
          newEncryptedMessages: [],
          otherUpdates: [new Api.UpdateChannelTooLong({ channelId: long(CHANNEL), pts: 23 })],
          chats: [],
          users: [],
          state: state(5),
        }),
      () =>
        new Api.updates.ChannelDifference({
          final: false,
          pts: 22,
          newMessages: [post(1), post(2)],
          otherUpdates: [],
          chats: [],
          users: [],
        }),
      () =>
        new Api.updates.ChannelDifference({
          final: true,
          pts: 23,
          newMessages: [post(3)],
          otherUpdates: [],
          chats: [],
          users: [],
        }),
    ]);
    f.gate.start();
    await f.gate.idle();
    // A push of post 3 that arrives late is a duplicate now.
    f.gate.live(new Api.UpdateNewChannelMessage({ message: post(3), pts: 23, ptsCount: 1 }));
    await f.gate.idle();
    await f.gate.flush();
    expect(f.published).toEqual(["p1", "p2", "p3"]);
    expect(f.asked.map((r) => (r as Api.updates.GetChannelDifference).pts).slice(1)).toEqual([20, 22]);
    expect(f.store.saved.get("acc")?.channels[CHANNEL]).toBe(23);
  });

  it("moves pts for our own send without publishing it, so the next push is no gap", async () => {
    const f = fixture(null, [() => state(10)]);
    f.gate.start();
    await f.gate.idle();
    f.gate.acknowledge(new Api.UpdateShortSentMessage({ out: true, id: 7, pts: 11, ptsCount: 1, date: 1 }));
    f.gate.live(live(8, 12));
    await f.gate.idle();
    expect(f.published).toEqual(["m8"]);
    expect(f.gate.current?.pts).toBe(12);
    expect(f.asked).toHaveLength(1);
  });

  it("never saves a state beyond what was published", async () => {
    const saves: number[] = [];
    const published: number[] = [];
    const store = memoryUpdateStateStore();
    const gate = new UpdateGate({
      accountId: "acc",
      store: {
        load: (id) => store.load(id),
        save: async (id, s) => {
          // Everything up to the saved pts must have reached the consumer before.
          expect(Math.max(10, ...published)).toBeGreaterThanOrEqual(s.pts);
          saves.push(s.pts);
          await store.save(id, s);
        },
      },
      saveDelayMs: 0,
      invoke: async () => state(10),
      publish: (u) => published.push((u as Api.UpdateNewMessage).pts),
      remember: () => undefined,
      inputChannel: () => null,
      resync: () => undefined,
    });
    gate.start();
    for (let pts = 11; pts <= 30; pts++) gate.live(live(pts, pts));
    await gate.idle();
    await gate.flush();
    expect(published).toEqual(Array.from({ length: 20 }, (_, i) => 11 + i));
    expect(saves.at(-1)).toBe(30);
  });
});

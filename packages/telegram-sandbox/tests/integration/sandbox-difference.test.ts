import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, type TelegramClient } from "telegram";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";

// updates.getDifference / getChannelDifference over real TCP with GramJS: every pts the
// server hands out is backed by a logged update, slices and too-long follow Telegram.
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
  sb = await startTestSandbox();
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await sb?.stop();
});

type Diff = Api.updates.TypeDifference;
const getDiff = (c: TelegramClient, st: { pts: number; date: number; qts: number }, ptsTotalLimit?: number) =>
  c.invoke(new Api.updates.GetDifference({ pts: st.pts, date: st.date, qts: st.qts, ptsTotalLimit }));

/** The pts each update of a difference covers (messages: their place in the box order). */
function ptsOf(u: Api.TypeUpdate): number | undefined {
  return "pts" in u && typeof u.pts === "number" ? u.pts : undefined;
}

/** Follows slices to the end; returns every page and the final state. */
async function drain(c: TelegramClient, from: Api.updates.State) {
  const pages: Diff[] = [];
  let st = { pts: from.pts, date: from.date, qts: from.qts };
  for (let i = 0; i < 50; i++) {
    const d = await getDiff(c, st);
    pages.push(d);
    if (d instanceof Api.updates.DifferenceSlice) {
      st = d.intermediateState;
      continue;
    }
    return { pages, state: d instanceof Api.updates.Difference ? d.state : undefined };
  }
  throw new Error("getDifference never finished");
}

describe("updates.getDifference", () => {
  it("the outbox read mark takes a pts that the difference can fill", async () => {
    const alice = await loggedIn("alice");
    await alice.sendMessage("frank", { message: "are you there?" });
    const before = await alice.invoke(new Api.updates.GetState());
    await sb.control.readHistory("frank", "alice");
    const after = await alice.invoke(new Api.updates.GetState());
    expect(after.pts).toBe(before.pts + 1);
    const d = await getDiff(alice, before);
    expect(d).toBeInstanceOf(Api.updates.Difference);
    const diff = d as Api.updates.Difference;
    const outbox = diff.otherUpdates.filter((u) => u instanceof Api.UpdateReadHistoryOutbox);
    expect(outbox).toHaveLength(1);
    expect(ptsOf(outbox[0]!)).toBe(after.pts);
    expect(diff.state.pts).toBe(after.pts);
  });

  it("pages a large gap in differenceSlice pages with contiguous intermediate states", async () => {
    const carol = await loggedIn("carol");
    const before = await carol.invoke(new Api.updates.GetState());
    sb.running.sandbox.differenceLimits.slice = 5;
    try {
      for (let i = 1; i <= 12; i++) await sb.control.sendMessage("dave", "carol", `gap message ${i}`);
      const { pages, state } = await drain(carol, before);
      expect(pages.map((p) => p.className)).toEqual([
        "updates.DifferenceSlice",
        "updates.DifferenceSlice",
        "updates.Difference",
      ]);
      const slices = pages.slice(0, 2) as Api.updates.DifferenceSlice[];
      expect(slices.map((s) => s.intermediateState.pts)).toEqual([before.pts + 5, before.pts + 10]);
      expect(slices.map((s) => s.intermediateState.date)).toEqual([before.date, before.date]);
      const texts = pages.flatMap((p) =>
        (p as Api.updates.Difference).newMessages.map((m) => (m as Api.Message).message),
      );
      expect(texts).toEqual(Array.from({ length: 12 }, (_, i) => `gap message ${i + 1}`));
      expect(state?.pts).toBe(before.pts + 12);
      const empty = await getDiff(carol, state!);
      expect(empty).toBeInstanceOf(Api.updates.DifferenceEmpty);
    } finally {
      sb.running.sandbox.differenceLimits.slice = 100;
    }
  });

  it("answers differenceTooLong beyond pts_total_limit and beyond the kept history", async () => {
    const erin = await loggedIn("erin");
    const before = await erin.invoke(new Api.updates.GetState());
    for (let i = 1; i <= 4; i++) await sb.control.sendMessage("alice", "erin", `limit ${i}`);
    const limited = await getDiff(erin, before, 3);
    expect(limited).toBeInstanceOf(Api.updates.DifferenceTooLong);
    expect((limited as Api.updates.DifferenceTooLong).pts).toBe(before.pts + 4);
    const within = await getDiff(erin, before, 10);
    expect(within).toBeInstanceOf(Api.updates.Difference);
    // 2,001 more events push the first ones out of the box's log (2,000 kept).
    const s = sb.running.sandbox;
    const erinId = s.world.userByKey("erin")!.id;
    const grace = s.world.userByKey("grace")!.id;
    for (let i = 0; i < 2001; i++) s.world.sendPrivate(grace, erinId, `flood ${i}`, Math.floor(Date.now() / 1000));
    const tooLong = await getDiff(erin, before);
    expect(tooLong).toBeInstanceOf(Api.updates.DifferenceTooLong);
    expect((tooLong as Api.updates.DifferenceTooLong).pts).toBe(s.world.box(erinId).pts);
  });

  it("keeps the pts history across a sandbox restart", async () => {
    const heidi0 = await loggedIn("heidi");
    const session = String(heidi0.session.save());
    const before = await heidi0.invoke(new Api.updates.GetState());
    await sb.control.sendMessage("ivan", "heidi", "before the restart");
    await heidi0.destroy();
    await sb.restart();
    await sb.control.sendMessage("ivan", "heidi", "after the restart");
    const heidi = newClient(sb, session);
    clients.push(heidi);
    await heidi.connect();
    const d = (await getDiff(heidi, before)) as Api.updates.Difference;
    expect(d).toBeInstanceOf(Api.updates.Difference);
    expect(d.newMessages.map((m) => (m as Api.Message).message)).toEqual(["before the restart", "after the restart"]);
    expect(d.state.pts).toBe(before.pts + 2);
  });
});

describe("updates.getChannelDifference", () => {
  const news = async (c: TelegramClient) => (await c.getInputEntity("sandbox_news")) as Api.InputPeerChannel;
  const inputChannel = (p: Api.InputPeerChannel) =>
    new Api.InputChannel({ channelId: p.channelId, accessHash: p.accessHash });

  it("names a channel with new posts in getDifference, then pages its posts with final and pts", async () => {
    const bob = await loggedIn("bob", ["bob-password"]);
    const peer = await news(bob);
    const full = (await bob.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer })] })))
      .dialogs[0] as Api.Dialog;
    const startPts = full.pts!;
    const before = await bob.invoke(new Api.updates.GetState());
    for (let i = 1; i <= 7; i++) await sb.control.postToChannel("alice", "sandbox_news", `channel post ${i}`);
    const d = (await getDiff(bob, before)) as Api.updates.Difference;
    expect(d).toBeInstanceOf(Api.updates.Difference);
    const hint = d.otherUpdates.find((u) => u instanceof Api.UpdateChannelTooLong) as Api.UpdateChannelTooLong;
    expect(Number(hint.channelId)).toBe(Number(peer.channelId));
    expect(hint.pts).toBe(startPts + 7);

    const ask = (pts: number, limit: number) =>
      bob.invoke(
        new Api.updates.GetChannelDifference({
          channel: inputChannel(peer),
          filter: new Api.ChannelMessagesFilterEmpty(),
          pts,
          limit,
        }),
      );
    const p1 = (await ask(startPts, 4)) as Api.updates.ChannelDifference;
    expect(p1).toBeInstanceOf(Api.updates.ChannelDifference);
    expect(p1.final).toBe(false);
    expect(p1.pts).toBe(startPts + 4);
    const p2 = (await ask(p1.pts, 4)) as Api.updates.ChannelDifference;
    expect(p2.final).toBe(true);
    expect(p2.pts).toBe(startPts + 7);
    expect([...p1.newMessages, ...p2.newMessages].map((m) => (m as Api.Message).message)).toEqual(
      Array.from({ length: 7 }, (_, i) => `channel post ${i + 1}`),
    );
    const empty = await ask(p2.pts, 4);
    expect(empty).toBeInstanceOf(Api.updates.ChannelDifferenceEmpty);
    expect((empty as Api.updates.ChannelDifferenceEmpty).final).toBe(true);

    sb.running.sandbox.differenceLimits.channelTooLong = 5;
    try {
      const tooLong = await ask(startPts, 100);
      expect(tooLong).toBeInstanceOf(Api.updates.ChannelDifferenceTooLong);
      const t = tooLong as Api.updates.ChannelDifferenceTooLong;
      expect((t.dialog as Api.Dialog).pts).toBe(startPts + 7);
      expect((t.messages[0] as Api.Message).message).toBe("channel post 7");
    } finally {
      sb.running.sandbox.differenceLimits.channelTooLong = 5000;
    }
  });
});

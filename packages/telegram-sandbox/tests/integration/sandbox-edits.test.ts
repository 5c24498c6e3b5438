import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, errors, type TelegramClient } from "telegram";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";
import { long } from "@/lib/telegram/gramjs/long";

// Edits, deletions, replies and forwards over real TCP with GramJS: Telegram's rules
// (author, 48 hours, not modified, for me / for both), the live updates each side gets,
// and getDifference / getChannelDifference replaying them.
let sb: TestSandbox;
const clients: TelegramClient[] = [];

/** A logged-in client and every update pushed to it. */
async function loggedIn(user: string, passwords: string[] = []) {
  const c = newClient(sb);
  clients.push(c);
  await c.connect();
  await qrLogin(c, sb, user, passwords);
  const pushed: unknown[] = [];
  c.addEventHandler((u: unknown) => void pushed.push(u));
  return { c, pushed };
}

beforeAll(async () => {
  sb = await startTestSandbox();
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await sb?.stop();
});

const world = () => sb.running.sandbox.world;
const userId = (key: string) => world().userByKey(key)!.id;
const inputUser = (key: string) => {
  const u = world().userByKey(key)!;
  return new Api.InputPeerUser({ userId: long(String(u.id)), accessHash: long(u.accessHash) });
};
const textOf = (user: string, peer: string, id: number) =>
  world()
    .history(userId(user), `u${userId(peer)}`)
    .find((m) => m.id === id)?.text;

async function rpcErrorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof errors.RPCError) return e.errorMessage;
    throw e;
  }
  return "no error";
}

async function until<T>(read: () => T | undefined, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("messages.editMessage", () => {
  it("edits both copies of a private message, live on the other side, with Telegram's errors", async () => {
    const erin = await loggedIn("erin");
    const frank = await loggedIn("frank");
    const sent = await sb.control.sendMessage("erin", "frank", "first version");
    const erinId = sent.id!;
    const frankCopy = (await sb.control.messages("frank", "erin", 1))[0]!;
    expect(frankCopy.text).toBe("first version");

    const r = await erin.c.invoke(
      new Api.messages.EditMessage({ peer: inputUser("frank"), id: erinId, message: "second version" }),
    );
    expect(r).toBeInstanceOf(Api.Updates);
    const own = (r as Api.Updates).updates[0] as Api.UpdateEditMessage;
    expect(own).toBeInstanceOf(Api.UpdateEditMessage);
    expect((own.message as Api.Message).message).toBe("second version");
    expect((own.message as Api.Message).editDate).toBeGreaterThan(0);

    const live = await until(
      () => frank.pushed.find((u): u is Api.UpdateEditMessage => u instanceof Api.UpdateEditMessage),
      "frank's updateEditMessage",
    );
    expect(live.message.id).toBe(frankCopy.id);
    expect((live.message as Api.Message).message).toBe("second version");
    expect(textOf("frank", "erin", frankCopy.id)).toBe("second version");
    expect((await sb.control.messages("frank", "erin", 1))[0]!.editDate).toBeGreaterThan(0);

    const edit = (c: TelegramClient, peer: string, id: number, message: string) =>
      rpcErrorOf(c.invoke(new Api.messages.EditMessage({ peer: inputUser(peer), id, message })));
    expect(await edit(erin.c, "frank", erinId, "second version")).toBe("MESSAGE_NOT_MODIFIED");
    expect(await edit(frank.c, "erin", frankCopy.id, "not mine")).toBe("MESSAGE_AUTHOR_REQUIRED");
    expect(await edit(erin.c, "frank", 999_999, "nothing there")).toBe("MESSAGE_ID_INVALID");
    // The seeded chat is from 2025: far beyond the 48 hours.
    const old = world()
      .history(userId("erin"), `u${userId("alice")}`)
      .find((m) => m.out)!;
    expect(await edit(erin.c, "alice", old.id, "too late")).toBe("MESSAGE_EDIT_TIME_EXPIRED");
    expect(textOf("frank", "erin", frankCopy.id)).toBe("second version");
  });
});

describe("messages.deleteMessages", () => {
  it("for me removes only my copy; for both removes the other side's too, live; a repeat changes nothing", async () => {
    const erin = await loggedIn("erin");
    const frank = await loggedIn("frank");
    const a = (await sb.control.sendMessage("frank", "erin", "delete me for frank only")).id!;
    const b = (await sb.control.sendMessage("frank", "erin", "delete me for both")).id!;
    const [erinB, erinA] = await sb.control.messages("erin", "frank", 2);
    expect(erinA!.text).toBe("delete me for frank only");

    const mine = await frank.c.invoke(new Api.messages.DeleteMessages({ id: [a] }));
    expect(mine.ptsCount).toBe(1);
    expect(textOf("frank", "erin", a)).toBeUndefined();
    expect(textOf("erin", "frank", erinA!.id)).toBe("delete me for frank only");

    const both = await frank.c.invoke(new Api.messages.DeleteMessages({ id: [b], revoke: true }));
    expect(both.ptsCount).toBe(1);
    const live = await until(
      () => erin.pushed.find((u): u is Api.UpdateDeleteMessages => u instanceof Api.UpdateDeleteMessages),
      "erin's updateDeleteMessages",
    );
    expect(live.messages).toEqual([erinB!.id]);
    expect(textOf("erin", "frank", erinB!.id)).toBeUndefined();
    expect(erin.pushed.filter((u) => u instanceof Api.UpdateDeleteMessages)).toHaveLength(1);

    const again = await frank.c.invoke(new Api.messages.DeleteMessages({ id: [b], revoke: true }));
    expect(again.ptsCount).toBe(0);
    expect(again.pts).toBe(both.pts);
  });

  it("refuses to delete someone else's group message for everyone", async () => {
    const bob = await loggedIn("bob", ["bob-password"]);
    const team = world().data.chats[0]!;
    const bobBox = world().history(userId("bob"), `c${team.id}`);
    const foreign = bobBox.find((m) => !m.out && !m.service)!;
    expect(await rpcErrorOf(bob.c.invoke(new Api.messages.DeleteMessages({ id: [foreign.id], revoke: true })))).toBe(
      "MESSAGE_DELETE_FORBIDDEN",
    );
    expect(
      world()
        .history(userId("bob"), `c${team.id}`)
        .some((m) => m.id === foreign.id),
    ).toBe(true);
  });
});

describe("getDifference", () => {
  it("replays an edit and a deletion missed while away", async () => {
    const grace = await loggedIn("grace");
    const before = await grace.c.invoke(new Api.updates.GetState());
    const sent = (await sb.control.sendMessage("heidi", "grace", "draft")).id!;
    await sb.control.editMessage("heidi", "grace", sent, "final");
    const second = (await sb.control.sendMessage("heidi", "grace", "oops")).id!;
    await sb.control.deleteMessages("heidi", [second], true);
    const d = await grace.c.invoke(
      new Api.updates.GetDifference({ pts: before.pts, date: before.date, qts: before.qts }),
    );
    expect(d).toBeInstanceOf(Api.updates.Difference);
    const diff = d as Api.updates.Difference;
    // The first message as it is now; the deleted one is gone, its deletion replayed.
    expect(diff.newMessages.map((m) => (m as Api.Message).message)).toEqual(["final"]);
    const edit = diff.otherUpdates.find((u) => u instanceof Api.UpdateEditMessage) as Api.UpdateEditMessage;
    expect((edit.message as Api.Message).message).toBe("final");
    const deletion = diff.otherUpdates.find((u) => u instanceof Api.UpdateDeleteMessages) as Api.UpdateDeleteMessages;
    expect(deletion.messages).toHaveLength(1);
    expect(diff.state.pts).toBe(before.pts + 4);
  });
});

describe("channels", () => {
  it("edits and deletes posts with channel pts, replayed by getChannelDifference; members may not delete", async () => {
    const alice = await loggedIn("alice");
    const ivan = await loggedIn("ivan");
    const ch = world().channelByUsername("sandbox_news")!;
    const input = new Api.InputChannel({ channelId: long(String(ch.id)), accessHash: long(ch.accessHash) });
    const posted = await sb.control.postToChannel("alice", "sandbox_news", "breaking");
    const from = posted.pts;
    await sb.control.editPost("alice", "sandbox_news", posted.id!, "breaking, corrected");
    const liveEdit = await until(
      () => ivan.pushed.find((u): u is Api.UpdateEditChannelMessage => u instanceof Api.UpdateEditChannelMessage),
      "ivan's updateEditChannelMessage",
    );
    expect((liveEdit.message as Api.Message).message).toBe("breaking, corrected");
    expect(liveEdit.pts).toBe(from + 1);

    expect(await rpcErrorOf(ivan.c.invoke(new Api.channels.DeleteMessages({ channel: input, id: [posted.id!] })))).toBe(
      "MESSAGE_DELETE_FORBIDDEN",
    );
    const del = await alice.c.invoke(new Api.channels.DeleteMessages({ channel: input, id: [posted.id!] }));
    expect(del.pts).toBe(from + 2);
    const liveDelete = await until(
      () => ivan.pushed.find((u): u is Api.UpdateDeleteChannelMessages => u instanceof Api.UpdateDeleteChannelMessages),
      "ivan's updateDeleteChannelMessages",
    );
    expect(liveDelete.messages).toEqual([posted.id]);

    const d = await ivan.c.invoke(
      new Api.updates.GetChannelDifference({
        channel: input,
        filter: new Api.ChannelMessagesFilterEmpty(),
        pts: from - 1,
        limit: 100,
      }),
    );
    expect(d).toBeInstanceOf(Api.updates.ChannelDifference);
    const diff = d as Api.updates.ChannelDifference;
    expect(diff.newMessages).toHaveLength(0); // the post itself is gone
    expect(diff.otherUpdates.map((u) => u.className)).toEqual(["UpdateDeleteChannelMessages"]);
    expect(diff.pts).toBe(from + 2);
  });
});

describe("replies and forwards", () => {
  it("a reply points at the recipient's own copy; a forward carries its origin", async () => {
    const judy = await loggedIn("judy", ["judy-password"]);
    const asked = (await sb.control.sendMessage("judy", "ivan", "what is your notice period?")).id!;
    const replied = await sb.control.reply(
      "ivan",
      "judy",
      "two weeks",
      (await sb.control.messages("ivan", "judy", 1))[0]!.id,
    );
    expect(replied.id).not.toBeNull();
    const [answer] = await sb.control.messages("judy", "ivan", 1);
    expect(answer!.text).toBe("two weeks");
    expect(answer!.replyTo).toBe(asked);

    const r = (await judy.c.invoke(
      new Api.messages.ForwardMessages({
        fromPeer: inputUser("ivan"),
        toPeer: inputUser("alice"),
        id: [answer!.id],
        randomId: [long("4242")],
      }),
    )) as Api.Updates;
    const fwd = r.updates.find((u) => u instanceof Api.UpdateNewMessage) as Api.UpdateNewMessage;
    const msg = fwd.message as Api.Message;
    expect(msg.message).toBe("two weeks");
    expect(msg.fwdFrom?.fromName).toBe("Ivan Petrov");
    const [aliceCopy] = await sb.control.messages("alice", "judy", 1);
    expect(aliceCopy!.forwarded).toBe(true);
  });
});

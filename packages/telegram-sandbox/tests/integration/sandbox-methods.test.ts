// Method semantics checked in-process (the sandbox's dispatch, no sockets): dialog paging,
// revoked sessions, channel participants and channel difference.
import { Api } from "telegram";
import { describe, expect, it } from "vitest";
import { RpcError } from "../../src/rpc";
import type { CallContext } from "../../src/sandbox";
import { inProcessSandbox } from "../support/in-process";
import { toBI } from "../../src/tl";
import { FIRST_CHANNEL_ID, FIRST_CHAT_ID } from "../../src/world";

const sandbox = inProcessSandbox("tgdesk-sandbox-methods-");
const { user, as, call } = sandbox;
async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RpcError) return `${e.code} ${e.errorMessage}`;
    throw e;
  }
  return "no error";
}
const newsChannel = () => {
  const ch = sandbox.current.world.channel(FIRST_CHANNEL_ID)!;
  return new Api.InputChannel({ channelId: toBI(ch.id), accessHash: toBI(ch.accessHash) });
};

describe("messages.getDialogs", () => {
  it("pages every dialog once, pinned ones on the first page only", async () => {
    const alice = as("alice");
    // A second pinned dialog, older than most: later pages' offsets are newer than it.
    const carolDialog = sandbox.current.world.box(user("alice").id).dialogs[`u${user("carol").id}`]!;
    carolDialog.pinned = 2;
    const seen: string[] = [];
    const pages: string[][] = [];
    let offset = { offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty() as Api.TypeInputPeer };
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const r = await call<Api.messages.Dialogs | Api.messages.DialogsSlice>(
        alice,
        new Api.messages.GetDialogs({ ...offset, limit: 3, hash: toBI(0), excludePinned: false }),
      );
      const keys = r.dialogs.map((d) => JSON.stringify(d.peer.toJSON()));
      pages.push(keys);
      seen.push(...keys);
      total = r instanceof Api.messages.DialogsSlice ? r.count : r.dialogs.length;
      if (r.dialogs.length < 3) break;
      // The next offset is the last dialog's top message, as GramJS's iterDialogs does.
      const last = r.dialogs[r.dialogs.length - 1]!;
      const top = r.messages.find(
        (m) => m.id === last.topMessage && JSON.stringify(m.peerId?.toJSON()) === JSON.stringify(last.peer.toJSON()),
      ) as Api.Message;
      const peer = last.peer;
      const inputPeer =
        peer instanceof Api.PeerUser
          ? new Api.InputPeerUser({ userId: peer.userId, accessHash: toBI(user(String(peer.userId)).accessHash) })
          : peer instanceof Api.PeerChat
            ? new Api.InputPeerChat({ chatId: peer.chatId })
            : new Api.InputPeerChannel({ channelId: peer.channelId, accessHash: newsChannel().accessHash });
      offset = { offsetDate: top.date, offsetId: top.id, offsetPeer: inputPeer };
    }
    const pinned = [
      JSON.stringify(new Api.PeerChat({ chatId: toBI(FIRST_CHAT_ID) }).toJSON()),
      JSON.stringify(new Api.PeerUser({ userId: toBI(user("carol").id) }).toJSON()),
    ];
    expect(pages[0]!.slice(0, 2)).toEqual(pinned);
    for (const p of pinned) expect(pages.slice(1).flat()).not.toContain(p);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
  });
});

describe("revoked sessions", () => {
  function session(name: string) {
    const auth = sandbox.current.registerAuthKey(Buffer.alloc(256, Math.floor(Math.random() * 200) + 1), 1n, 2);
    sandbox.current.authorize(auth, user(name).id);
    return { auth, ctx: { dcId: 2, key: sandbox.current.keyRecordFor(auth) } satisfies CallContext };
  }
  const getSelf = () => new Api.users.GetUsers({ id: [new Api.InputUserSelf()] });

  it("answers SESSION_REVOKED to a session terminated from another device", async () => {
    const { ctx } = session("erin");
    const other = await call<Api.account.Authorizations>(as("erin"), new Api.account.GetAuthorizations());
    const target = other.authorizations.find((a) => !a.current && a.appName !== "Sandbox Phone")!;
    expect(await call(as("erin"), new Api.account.ResetAuthorization({ hash: target.hash }))).toBe(true);
    expect(await errorOf(sandbox.current.dispatch(getSelf(), ctx))).toBe("401 SESSION_REVOKED");
  });

  it("answers AUTH_KEY_UNREGISTERED after the client's own logOut, and to a key never logged in", async () => {
    const { ctx } = session("frank");
    await sandbox.current.dispatch(new Api.auth.LogOut(), ctx);
    expect(await errorOf(sandbox.current.dispatch(getSelf(), ctx))).toBe("401 AUTH_KEY_UNREGISTERED");
    const fresh = sandbox.current.registerAuthKey(Buffer.alloc(256, 7), 1n, 2);
    expect(
      await errorOf(sandbox.current.dispatch(getSelf(), { dcId: 2, key: sandbox.current.keyRecordFor(fresh) })),
    ).toBe("401 AUTH_KEY_UNREGISTERED");
  });
});

describe("channels.getParticipants", () => {
  const get = (filter: Api.TypeChannelParticipantsFilter, offset = 0, limit = 100) =>
    new Api.channels.GetParticipants({ channel: newsChannel(), filter, offset, limit, hash: toBI(0) });

  it("lists a channel's members to its admin, with paging and filters", async () => {
    const alice = as("alice");
    const all = await call<Api.channels.ChannelParticipants>(alice, get(new Api.ChannelParticipantsRecent()));
    expect(all.count).toBe(10);
    expect(all.participants[0]).toBeInstanceOf(Api.ChannelParticipantCreator);
    expect(all.users.map((u) => (u as Api.User).username)).toContain("bob");
    const page = await call<Api.channels.ChannelParticipants>(alice, get(new Api.ChannelParticipantsRecent(), 8, 5));
    expect([page.count, page.participants.length]).toEqual([10, 2]);
    const admins = await call<Api.channels.ChannelParticipants>(alice, get(new Api.ChannelParticipantsAdmins()));
    expect(admins.users.map((u) => (u as Api.User).username)).toEqual(["alice"]);
    const search = await call<Api.channels.ChannelParticipants>(
      alice,
      get(new Api.ChannelParticipantsSearch({ q: "bo" })),
    );
    expect(search.users.map((u) => (u as Api.User).username)).toEqual(["bob"]);
    const kicked = await call<Api.channels.ChannelParticipants>(
      alice,
      get(new Api.ChannelParticipantsKicked({ q: "" })),
    );
    expect(kicked.count).toBe(0);
  });

  it("refuses a broadcast channel's list to a plain subscriber", async () => {
    expect(await errorOf(sandbox.current.dispatch(get(new Api.ChannelParticipantsRecent()), as("bob")))).toBe(
      "400 CHAT_ADMIN_REQUIRED",
    );
  });
});

describe("updates.getChannelDifference", () => {
  const diff = (pts: number, limit = 100) =>
    new Api.updates.GetChannelDifference({
      channel: newsChannel(),
      filter: new Api.ChannelMessagesFilterEmpty(),
      pts,
      limit,
    });

  it("returns the posts after a pts, limit at a time, then empty", async () => {
    const bob = as("bob");
    const pts = sandbox.current.world.channel(FIRST_CHANNEL_ID)!.pts;
    const empty = await call<Api.updates.ChannelDifferenceEmpty>(bob, diff(pts));
    expect(empty).toBeInstanceOf(Api.updates.ChannelDifferenceEmpty);
    expect([empty.final, empty.pts]).toEqual([true, pts]);

    const three = await call<Api.updates.ChannelDifference>(bob, diff(pts - 3));
    expect(three.final).toBe(true);
    expect(three.pts).toBe(pts);
    expect(three.newMessages.map((m) => (m as Api.Message).message)).toEqual([
      "Sandbox News #23: all systems nominal",
      "Sandbox News #24: all systems nominal",
      "Sandbox News #25: all systems nominal",
    ]);
    const two = await call<Api.updates.ChannelDifference>(bob, diff(pts - 3, 2));
    expect([two.final, two.pts, two.newMessages.length]).toEqual([false, pts - 1, 2]);

    await sandbox.current.dispatch(
      new Api.messages.SendMessage({
        peer: new Api.InputPeerChannel({ channelId: newsChannel().channelId, accessHash: newsChannel().accessHash }),
        message: "fresh post",
        randomId: toBI(99),
      }),
      as("alice"),
    );
    const fresh = await call<Api.updates.ChannelDifference>(bob, diff(pts));
    expect(fresh.newMessages.map((m) => (m as Api.Message).message)).toEqual(["fresh post"]);
    expect(fresh.pts).toBe(pts + 1);
  });

  it("refuses a pts of 0 or from the future", async () => {
    const pts = sandbox.current.world.channel(FIRST_CHANNEL_ID)!.pts;
    expect(await errorOf(sandbox.current.dispatch(diff(0), as("bob")))).toBe("400 PERSISTENT_TIMESTAMP_EMPTY");
    expect(await errorOf(sandbox.current.dispatch(diff(pts + 5), as("bob")))).toBe("400 PERSISTENT_TIMESTAMP_INVALID");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "@/tests/integration/support/sandbox";

let sb: TestSandbox;
const clients: TelegramClient[] = [];
function track(c: TelegramClient): TelegramClient {
  clients.push(c);
  return c;
}
async function loggedIn(user: string, passwords: string[] = []): Promise<TelegramClient> {
  const c = track(newClient(sb));
  await c.connect();
  await qrLogin(c, sb, user, passwords);
  return c;
}
const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return (e as { errorMessage?: string }).errorMessage ?? String(e);
  }
};

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await sb?.stop();
});

describe("sessions", () => {
  it("keys a client authorises on its media DCs are part of that one device, and end with it", async () => {
    const c = await loggedIn("ivan");
    // Carol's photo lives on DC1: GramJS exports ivan's authorization there and imports it.
    expect(Buffer.isBuffer(await c.downloadProfilePhoto("carol"))).toBe(true);
    const keys = (await sb.control.sessions({ user: "ivan" })).filter((k) => !k.internal);
    expect(keys.map((k) => k.dcId).sort()).toEqual([1, 2]);

    const { authorizations } = await c.invoke(new Api.account.GetAuthorizations());
    const devices = authorizations.filter((a) => a.appName !== "Sandbox Phone");
    expect(devices).toHaveLength(1);
    expect(devices[0]!.current).toBe(true);

    const main = keys.find((k) => k.dcId === 2)!;
    await sb.control.revoke({ keyId: main.keyId });
    const after = (await sb.control.sessions({ user: "ivan" })).filter((k) => !k.internal);
    expect(after).toHaveLength(0);
    const all = await sb.control.sessions({});
    const media = all.find((k) => k.keyId === keys.find((x) => x.dcId === 1)!.keyId)!;
    expect(media.revoked).toBe(true);
  });

  it("revoking a session from the control API → SESSION_REVOKED", async () => {
    const c = await loggedIn("heidi");
    expect((await c.getMe()).username).toBe("heidi");
    const r = await sb.control.revoke({ user: "heidi" });
    expect(r.revoked.length).toBe(1);
    expect(await errorOf(c.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })))).toBe("SESSION_REVOKED");
  });

  it("account.getAuthorizations and resetAuthorization end another session", async () => {
    const a = await loggedIn("grace");
    const b = await loggedIn("grace");
    const list = await a.invoke(new Api.account.GetAuthorizations());
    const others = list.authorizations.filter((x) => !x.current && x.appName !== "Sandbox Phone");
    expect(list.authorizations.filter((x) => x.current).length).toBe(1);
    expect(others.length).toBe(1);
    expect(await a.invoke(new Api.account.ResetAuthorization({ hash: others[0]!.hash }))).toBe(true);
    expect(await errorOf(b.getMe())).toBe("SESSION_REVOKED");
    expect((await a.getMe()).username).toBe("grace");
  });

  it("auth.logOut unbinds the key", async () => {
    const c = await loggedIn("ivan");
    await c.invoke(new Api.auth.LogOut());
    expect(await errorOf(c.getMe())).toBe("AUTH_KEY_UNREGISTERED");
  });

  it("an unimplemented method fails fast with METHOD_NOT_IMPLEMENTED", async () => {
    const c = await loggedIn("alice");
    const t0 = Date.now();
    expect(await errorOf(c.invoke(new Api.stickers.CheckShortName({ shortName: "x" })))).toBe("METHOD_NOT_IMPLEMENTED");
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe("faults and counters", () => {
  it("injects an rpc_error for a method, a given number of times", async () => {
    const c = await loggedIn("alice");
    await sb.control.setFault({ method: "contacts.getContacts", error: "FLOOD_WAIT_30", times: 1 });
    const err = await c
      .invoke(new Api.contacts.GetContacts({ hash: bigInt(0) }))
      .catch((e: unknown) => e as { seconds?: number });
    expect((err as { seconds?: number }).seconds).toBe(30);
    const ok = await c.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) }));
    expect(ok).toBeInstanceOf(Api.contacts.Contacts);
  });

  it("delays a method", async () => {
    const c = await loggedIn("alice");
    const f = await sb.control.setFault({ method: "updates.getState", delayMs: 300 });
    const t0 = Date.now();
    await c.invoke(new Api.updates.GetState());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await sb.control.clearFaults(f.id);
  });

  it("counts requests per method, per session and per user; reset clears them", async () => {
    const c = await loggedIn("erin");
    await sb.control.resetCounters({ user: "erin" });
    await c.getDialogs({ limit: 10 });
    await c.invoke(new Api.updates.GetState());
    await c.invoke(new Api.updates.GetState());
    const counts = await sb.control.counters({ user: "erin" });
    expect(counts.byMethod["updates.getState"]).toBe(2);
    expect(counts.byMethod["messages.getDialogs"]).toBe(1);
    const sessions = await sb.control.sessions({ user: "erin" });
    const bySession = await sb.control.counters({ keyId: sessions[0]!.keyId });
    expect(bySession.total).toBeGreaterThan(0);
    await sb.control.resetCounters({ user: "erin" });
    expect((await sb.control.counters({ user: "erin" })).total).toBe(0);
  });

  it("dropping a session's connection: GramJS reconnects and carries on", async () => {
    const c = await loggedIn("frank");
    const r = await sb.control.dropConnections({ user: "frank" });
    expect(r.dropped).toBeGreaterThan(0);
    await new Promise((res) => setTimeout(res, 300));
    expect((await c.getMe()).username).toBe("frank");
  });
});

describe("persistence", () => {
  it("a restart keeps auth keys, authorisations and messages", async () => {
    const c = await loggedIn("judy", ["judy-password"]);
    await c.sendMessage("alice", { message: "before the restart" });
    const session = c.session.save() as unknown as string;
    await c.destroy();
    await sb.restart();
    const again = track(newClient(sb, session));
    expect(await again.connect()).toBe(true);
    expect((await again.getMe()).username).toBe("judy");
    const last = await again.getMessages("alice", { limit: 1 });
    expect(last[0]!.message).toBe("before the restart");
  });
});

describe("persistence of read state", () => {
  it("a restart keeps the outbox read mark: read_outbox_max_id in the sender's dialogs", async () => {
    const sender = await loggedIn("erin");
    const reader = await loggedIn("alice");
    const sent = await sender.sendMessage("alice", { message: "read me before the restart" });
    // Alice opens the chat: Erin's message becomes read on her side (✓✓).
    const erin = await sender.getMe();
    await reader.invoke(
      new Api.messages.ReadHistory({
        peer: new Api.InputPeerUser({ userId: erin.id, accessHash: erin.accessHash! }),
        maxId: 0,
      }),
    );
    const outboxMax = async (c: TelegramClient) => {
      const peer = await c.getInputEntity("alice");
      const r = await c.invoke(new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer })] }));
      return (r.dialogs[0] as Api.Dialog).readOutboxMaxId;
    };
    expect(await outboxMax(sender)).toBe(sent.id);
    const session = sender.session.save() as unknown as string;
    await sender.destroy();
    await sb.restart();
    const again = track(newClient(sb, session));
    expect(await again.connect()).toBe(true);
    expect(await outboxMax(again)).toBe(sent.id);
    const dialogs = await again.invoke(
      new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: bigInt(0) }),
    );
    const alice = await again.getEntity("alice");
    const d = (dialogs as Api.messages.Dialogs).dialogs.find(
      (x) => x.peer instanceof Api.PeerUser && String(x.peer.userId) === String(alice.id),
    ) as Api.Dialog;
    expect(d.readOutboxMaxId).toBe(sent.id);
  });
});

// The sandbox's search and "find a person" methods, driven by the real GramJS client over
// TCP: messages.search windows, messages.searchGlobal paging, username and phone
// resolution with Telegram's errors, privacy, and an injected FLOOD_WAIT.
import { Api, errors, type TelegramClient } from "telegram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { long } from "@/lib/telegram/gramjs/long";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "./support/sandbox";

let sb: TestSandbox;
let alice: TelegramClient;
let bench: TelegramClient;

beforeAll(async () => {
  sb = await startTestSandbox({ benchSeed: true });
  alice = newClient(sb);
  bench = newClient(sb);
  await Promise.all([alice.connect(), bench.connect()]);
  await qrLogin(alice, sb, "alice");
  await qrLogin(bench, sb, "bench");
  alice.floodSleepThreshold = 0;
  bench.floodSleepThreshold = 0;
}, 60_000);

afterAll(async () => {
  await Promise.all([alice, bench].map((client) => client?.destroy().catch(() => undefined)));
  await sb?.stop();
});

const world = () => sb.running.sandbox.world;
const inputUser = (username: string) => {
  const u = world().userByKey(username)!;
  return new Api.InputPeerUser({ userId: long(String(u.id)), accessHash: long(u.accessHash) });
};

function search(client: TelegramClient, peer: Api.TypeInputPeer, q: string, o: Partial<Api.messages.Search> = {}) {
  return client.invoke(
    new Api.messages.Search({
      peer,
      q,
      filter: new Api.InputMessagesFilterEmpty(),
      minDate: 0,
      maxDate: 0,
      offsetId: 0,
      addOffset: 0,
      limit: 20,
      maxId: 0,
      minId: 0,
      hash: long(0),
      ...o,
    }),
  ) as Promise<Api.messages.Messages | Api.messages.MessagesSlice>;
}

const ids = (r: { messages: Api.TypeMessage[] }) => r.messages.map((m) => m.id);
const texts = (r: { messages: Api.TypeMessage[] }) => r.messages.map((m) => (m as Api.Message).message);

async function rpcErrorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof errors.RPCError) return e.errorMessage;
    throw e;
  }
  return "no error";
}

describe("messages.search", () => {
  it("finds by word prefix, newest first, with the total count, and pages by offset_id", async () => {
    const peer = inputUser("bench_peer_1");
    // "Long chat message 1", "… 10", "… 100" … "… 1999": 1 + 10 + 100 + 1000 + "10000".
    const first = await search(bench, peer, "message 1", { limit: 5 });
    expect(first).toBeInstanceOf(Api.messages.MessagesSlice);
    expect((first as Api.messages.MessagesSlice).count).toBe(1112);
    expect(texts(first)).toEqual([
      "Long chat message 10000",
      "Long chat message 1999",
      "Long chat message 1998",
      "Long chat message 1997",
      "Long chat message 1996",
    ]);
    const next = await search(bench, peer, "message 1", { limit: 5, offsetId: ids(first).at(-1)! });
    expect(texts(next)[0]).toBe("Long chat message 1995");
    // Case and word order do not matter; a word inside another word does not match.
    expect(texts(await search(bench, peer, "9999 LONG"))).toEqual(["Long chat message 9999"]);
    expect(ids(await search(bench, peer, "essage"))).toEqual([]);
  });

  it("moves the window with add_offset and bounds it with min_id/max_id (exclusive)", async () => {
    const peer = inputUser("bench_peer_1");
    // "777" and "7770" … "7779": eleven matches.
    const all = await search(bench, peer, "message 777", { limit: 100 });
    const allIds = ids(all);
    expect(allIds).toHaveLength(11);
    const pivot = allIds[5]!;
    // Around a message: add_offset -2 moves the window two newer, so it holds one newer
    // match, the message itself and two older ones.
    const around = await search(bench, peer, "message 777", { offsetId: pivot, addOffset: -2, limit: 4 });
    expect(ids(around)).toEqual(allIds.slice(4, 8));
    const bounded = await search(bench, peer, "message 777", { minId: allIds[4]!, maxId: allIds[1]!, limit: 100 });
    expect(ids(bounded)).toEqual(allIds.slice(2, 4));
  });

  it("refuses an empty query, and a chat that is not the account's", async () => {
    expect(await rpcErrorOf(search(alice, inputUser("bob"), "  "))).toBe("SEARCH_QUERY_EMPTY");
    expect(await rpcErrorOf(search(alice, new Api.InputPeerChat({ chatId: long(999) }), "hello"))).toBe(
      "PEER_ID_INVALID",
    );
  });
});

describe("messages.searchGlobal", () => {
  it("pages every match across chats exactly once with next_rate / offset_peer / offset_id", async () => {
    const seen: string[] = [];
    let offset = { offsetRate: 0, offsetPeer: new Api.InputPeerEmpty() as Api.TypeInputPeer, offsetId: 0 };
    let total = -1;
    for (let i = 0; i < 50; i++) {
      const r = (await alice.invoke(
        new Api.messages.SearchGlobal({
          q: "line",
          filter: new Api.InputMessagesFilterEmpty(),
          minDate: 0,
          maxDate: 0,
          limit: 4,
          ...offset,
        }),
      )) as Api.messages.Messages | Api.messages.MessagesSlice;
      const page = r.messages as Api.Message[];
      seen.push(...page.map((m) => `${JSON.stringify(m.peerId.toJSON())}:${m.id}`));
      if (r instanceof Api.messages.MessagesSlice) total = r.count;
      if (!(r instanceof Api.messages.MessagesSlice) || r.nextRate === undefined || r.nextRate === null) break;
      const last = page.at(-1)!;
      const peerUser = (last.peerId as Api.PeerUser).userId.toString();
      const u = world().user(Number(peerUser))!;
      offset = {
        offsetRate: r.nextRate,
        offsetPeer: new Api.InputPeerUser({ userId: long(peerUser), accessHash: long(u.accessHash) }),
        offsetId: last.id,
      };
    }
    // "Dave and Alice, line 1..10": alice sees 10 (bob and carol's lines are not hers).
    expect(total).toBe(10);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it("answers messages.messages when one page holds everything, newest first", async () => {
    const r = await alice.invoke(
      new Api.messages.SearchGlobal({
        q: "резюме",
        filter: new Api.InputMessagesFilterEmpty(),
        minDate: 0,
        maxDate: 0,
        offsetRate: 0,
        offsetPeer: new Api.InputPeerEmpty(),
        offsetId: 0,
        limit: 20,
      }),
    );
    expect(r).toBeInstanceOf(Api.messages.Messages);
    expect(texts(r as Api.messages.Messages)).toEqual(["Резюме", "Здравствуйте! Отправляю резюме."]);
  });
});

describe("finding people", () => {
  it("resolves @username; USERNAME_NOT_OCCUPIED and USERNAME_INVALID otherwise", async () => {
    const r = await alice.invoke(new Api.contacts.ResolveUsername({ username: "erin" }));
    expect((r.users[0] as Api.User).firstName).toBe("Erin");
    expect(await rpcErrorOf(alice.invoke(new Api.contacts.ResolveUsername({ username: "nobody_here_x" })))).toBe(
      "USERNAME_NOT_OCCUPIED",
    );
    expect(await rpcErrorOf(alice.invoke(new Api.contacts.ResolveUsername({ username: "1bad-name" })))).toBe(
      "USERNAME_INVALID",
    );
  });

  it("imports a phone as a contact and deletes it again; a number not on Telegram imports nothing", async () => {
    const kim = await sb.control.addUser({
      firstName: "Kim",
      lastName: "Stranger",
      username: "kim_stranger",
      phone: "9996627701",
    });
    const r = await alice.invoke(
      new Api.contacts.ImportContacts({
        contacts: [
          new Api.InputPhoneContact({ clientId: long(1), phone: "+999 662 7701", firstName: "Kim", lastName: "" }),
          new Api.InputPhoneContact({ clientId: long(2), phone: "+9996627999", firstName: "Nobody", lastName: "" }),
        ],
      }),
    );
    expect(r.imported.map((i) => [i.userId.toString(), i.clientId.toString()])).toEqual([[String(kim.id), "1"]]);
    expect(world().user(world().userByKey("alice")!.id)!.contacts).toContain(kim.id);
    const u = r.users[0] as Api.User;
    await alice.invoke(
      new Api.contacts.DeleteContacts({ id: [new Api.InputUser({ userId: u.id, accessHash: u.accessHash! })] }),
    );
    expect(world().user(world().userByKey("alice")!.id)!.contacts).not.toContain(kim.id);
    expect(await rpcErrorOf(alice.invoke(new Api.contacts.ResolvePhone({ phone: "9996627999" })))).toBe(
      "PHONE_NOT_OCCUPIED",
    );
    const resolved = await alice.invoke(new Api.contacts.ResolvePhone({ phone: "9996627701" }));
    expect((resolved.users[0] as Api.User).username).toBe("kim_stranger");
  });

  it("honours privacy: a hidden number is not found, a closed inbox refuses a stranger's first message", async () => {
    const shy = await sb.control.addUser({
      firstName: "Shy",
      username: "shy_person",
      phone: "9996627702",
      findByPhone: "contacts",
      newChatsFrom: "contacts",
    });
    expect(await rpcErrorOf(alice.invoke(new Api.contacts.ResolvePhone({ phone: "9996627702" })))).toBe(
      "PHONE_NOT_OCCUPIED",
    );
    const imported = await alice.invoke(
      new Api.contacts.ImportContacts({
        contacts: [new Api.InputPhoneContact({ clientId: long(3), phone: "9996627702", firstName: "S", lastName: "" })],
      }),
    );
    expect(imported.imported).toEqual([]);
    const resolved = await alice.invoke(new Api.contacts.ResolveUsername({ username: "shy_person" }));
    const u = resolved.users[0] as Api.User;
    expect(u.id.toString()).toBe(String(shy.id));
    expect(
      await rpcErrorOf(
        alice.invoke(
          new Api.messages.SendMessage({
            peer: new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! }),
            message: "Hello",
            randomId: long("77001"),
          }),
        ),
      ),
    ).toBe("PRIVACY_PREMIUM_REQUIRED");
  });

  it("answers an injected FLOOD_WAIT to the resolve method, counted once", async () => {
    const keyId = (await sb.control.sessions({ user: "alice" })).filter((s) => !s.internal && !s.revoked).at(-1)!.keyId;
    await sb.control.resetCounters({ keyId });
    await sb.control.setFault({ method: "contacts.resolveUsername", error: "FLOOD_WAIT_42", user: "alice", times: 1 });
    const error = await alice.invoke(new Api.contacts.ResolveUsername({ username: "erin" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.FloodWaitError);
    expect((error as errors.FloodWaitError).seconds).toBe(42);
    expect((await sb.control.counters({ keyId })).byMethod).toEqual({ "contacts.resolveUsername": 1 });
  });
});

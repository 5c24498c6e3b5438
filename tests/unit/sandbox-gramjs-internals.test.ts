// The sandbox and lib/telegram/connect-core.ts lean on a few GramJS details that are not
// public API (see ../../docs/decisions/sandbox-gramjs-internals.md). If an upgrade moves
// any of them, this file fails first, with a message naming what moved.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { Api, Connection, Logger, TelegramClient, sessions, version } from "telegram";
import bigInt from "big-integer";
import { gramJsInternals, trustServerKey } from "@/lib/telegram/gramjs/connect-core";
import {
  GramJsShapeError,
  gramJsEntityCaches,
  presetSelfInputPeer,
  serverTimeOffset,
  updateEntities,
} from "@/lib/telegram/gramjs/internals";
import { generateRsaKey } from "@tgdesk/telegram-sandbox";

const req = createRequire(import.meta.url);
const src = (p: string) => readFileSync(req.resolve(`telegram/${p}`), "utf8");

describe("GramJS internals the sandbox relies on", () => {
  it("is the pinned version and layer", () => {
    // The package's own Version.js still says 2.26.21 in 2.26.22; the manifest is the truth.
    expect((req("telegram/package.json") as { version: string }).version).toBe("2.26.22");
    expect(version).toMatch(/^2\.26\./);
    expect((req("telegram/tl/AllTLObjects") as { LAYER: number }).LAYER).toBe(198);
  });

  it("trusts server keys from crypto/RSA._serverKeys, reachable as the same module the root uses", () => {
    const { serverKeys } = gramJsInternals();
    expect(serverKeys).toBe((req("telegram/crypto/RSA") as { _serverKeys: unknown })._serverKeys);
    const key = generateRsaKey();
    const fp = trustServerKey(key.publicKeyPem);
    expect(serverKeys.has(fp)).toBe(true);
    expect(src("network/Authenticator.js")).toMatch(/RSA_1\._serverKeys\.get\(fingerprint\.toString\(\)\)/);
  });

  it("encrypts req_DH_params with RSA_PAD inline in the Authenticator", () => {
    const a = src("network/Authenticator.js");
    expect(a).toMatch(/dataPadReversed/);
    expect(a).toMatch(/new IGE_1\.IGE\(tempKey, Buffer\.alloc\(32\)\)/);
  });

  it("builds connections from the `connection` option with { ip, port, dcId }, and ignores the session port", () => {
    expect(typeof Connection).toBe("function");
    const c = src("network/connection/Connection.js");
    expect(c).toMatch(/constructor\(\{ ip, port, dcId, loggers, proxy, socket, testServers, \}\)/);
    expect(c).toMatch(/new this\.PacketCodecClass\(this\)/);
    expect(src("client/TelegramClient.js")).toMatch(/port: this\.useWSS \? 443 : 80/);
  });

  it("keeps the auth key without leading zero bytes (getByteArray) and stores ports as int16", () => {
    expect(src("network/Authenticator.js")).toMatch(/authKey\.setKey\(\(0, Helpers_1\.getByteArray\)\(gab\)\)/);
    expect(src("sessions/StringSession.js")).toMatch(/writeInt16BE\(this\.port/);
  });

  it("has the private methods tests and the login driver use", () => {
    expect(typeof (TelegramClient.prototype as unknown as Record<string, unknown>)._switchDC).toBe("function");
    expect(typeof sessions.StringSession.prototype.setDC).toBe("function");
    expect(src("client/telegramBaseClient.js")).toMatch(/connectionRetries: Infinity/);
  });

  it("still reads requests by constructor id (tlobjects include methods)", () => {
    const { tlobjects } = req("telegram/tl/AllTLObjects") as { tlobjects: Record<number, unknown> };
    expect(tlobjects[new Api.auth.ExportLoginToken({ apiId: 1, apiHash: "x", exceptIds: [] }).CONSTRUCTOR_ID]).toBe(
      Api.auth.ExportLoginToken,
    );
  });
});

describe("lib/telegram/gramjs/internals.ts accessors", () => {
  const client = () =>
    new TelegramClient(new sessions.StringSession(""), 1, "x", {
      connectionRetries: 0,
      baseLogger: new Logger("none" as never),
    });

  it("presets the self peer in client._selfInputPeer, keeping one already set", async () => {
    const c = client();
    const peer = new Api.InputPeerUser({ userId: bigInt(5), accessHash: bigInt(0) });
    presetSelfInputPeer(c, peer);
    expect((c as unknown as { _selfInputPeer: unknown })._selfInputPeer).toBe(peer);
    presetSelfInputPeer(c, new Api.InputPeerUser({ userId: bigInt(6), accessHash: bigInt(0) }));
    expect((c as unknown as { _selfInputPeer: unknown })._selfInputPeer).toBe(peer);
    expect(() => presetSelfInputPeer({} as TelegramClient, peer)).toThrow(GramJsShapeError);
    await c.destroy();
  });

  it("finds both entity caches GramJS grows without bound", async () => {
    const c = client();
    const { cacheMap, sessionEntities } = gramJsEntityCaches(c);
    expect(cacheMap).toBe((c as unknown as { _entityCache: { cacheMap: unknown } })._entityCache.cacheMap);
    expect(sessionEntities).toBeInstanceOf(Set);
    expect(() => gramJsEntityCaches({ session: {} } as TelegramClient)).toThrow(GramJsShapeError);
    await c.destroy();
  });

  it("reads the server clock offset from client._sender._state.timeOffset", async () => {
    const c = client();
    expect(serverTimeOffset(c)).toBe(0); // not connected: no sender yet
    expect(src("network/MTProtoState.js")).toMatch(/this\.timeOffset = 0/);
    expect(src("network/MTProtoSender.js")).toMatch(/this\._state = new MTProtoState/);
    expect(serverTimeOffset({ _sender: { _state: { timeOffset: 7 } } } as unknown as TelegramClient)).toBe(7);
    expect(() => serverTimeOffset({ _sender: {} } as unknown as TelegramClient)).toThrow(GramJsShapeError);
    await c.destroy();
  });

  it("reads the entities GramJS attaches to a pushed update as update._entities", () => {
    expect(src("client/updates.js")).toMatch(/update\._entities = entities \|\| new Map\(\)/);
    const entities = new Map([["5", new Api.User({ id: bigInt(5) })]]);
    expect(updateEntities(Object.assign(new Api.UpdateConfig(), { _entities: entities }))).toBe(entities);
    expect(updateEntities(new Api.UpdateConfig())).toBeNull();
    expect(() => updateEntities({ _entities: [] })).toThrow(GramJsShapeError);
  });
});

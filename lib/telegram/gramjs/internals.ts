// Every place tgdesk reaches into GramJS beyond its public API, in one module. Each
// accessor checks the shape it relies on and throws, naming the field, when an upgrade
// moves it, instead of silently doing nothing; tests/unit/sandbox-gramjs-internals.test.ts
// exercises each one against the pinned GramJS. No "server-only": scripts and tests that
// run outside Next build clients through connect-core.ts, which uses this module.
// See docs/decisions/sandbox-gramjs-internals.md and docs/decisions/gramjs-internals-module.md.
import { createRequire } from "node:module";
import { Api, TelegramClient } from "telegram";

export class GramJsShapeError extends Error {
  constructor(what: string) {
    super(
      `GramJS internals changed: ${what}. Check tests/unit/sandbox-gramjs-internals.test.ts against the new version.`,
    );
    this.name = "GramJsShapeError";
  }
}

interface ServerKey {
  n: unknown;
  e: number;
}

let rsa: { serverKeys: Map<string, ServerKey>; bigInt: (v: string) => unknown } | undefined;

/**
 * GramJS's table of trusted server keys (telegram/crypto/RSA._serverKeys) and its own
 * big-integer. The package root exports neither. They are reached through Node's module
 * cache, which is the same copy the root uses only when "telegram" is loaded by Node
 * rather than bundled (next.config: serverExternalPackages); we check that it is.
 */
export function gramJsInternals() {
  if (rsa) return rsa;
  const req = createRequire(`${process.cwd()}/package.json`);
  const root = req("telegram") as { TelegramClient: unknown };
  if (root.TelegramClient !== TelegramClient) {
    throw new Error(
      "GramJS is loaded twice (bundled and from node_modules): the sandbox key would be registered in the wrong copy. " +
        'Add "telegram" to serverExternalPackages in next.config.js.',
    );
  }
  const rsaModule = req("telegram/crypto/RSA") as { _serverKeys?: unknown };
  if (!(rsaModule._serverKeys instanceof Map))
    throw new GramJsShapeError("telegram/crypto/RSA._serverKeys is not a Map");
  const bigInt = req(req.resolve("big-integer", { paths: [req.resolve("telegram")] })) as (v: string) => unknown;
  rsa = { serverKeys: rsaModule._serverKeys as Map<string, ServerKey>, bigInt };
  return rsa;
}

type ClientInternals = {
  _selfInputPeer?: Api.TypeInputPeer;
  _entityCache?: { cacheMap?: unknown };
  _sender?: { _state?: { timeOffset?: unknown } };
  session: { _entities?: unknown };
};

function internalsOf(client: TelegramClient): ClientInternals {
  return client as unknown as ClientInternals;
}

/**
 * Tells GramJS who the account is (client._selfInputPeer), so it does not ask
 * users.getUsers(self) before dispatching the first update. Keeps a value already set.
 */
export function presetSelfInputPeer(client: TelegramClient, peer: Api.TypeInputPeer): void {
  // The base client's constructor declares the field (as undefined); missing means renamed.
  if (!Object.hasOwn(client, "_selfInputPeer")) throw new GramJsShapeError("TelegramClient._selfInputPeer is gone");
  const internals = internalsOf(client);
  internals._selfInputPeer ??= peer;
}

/**
 * GramJS's two ever-growing entity caches: client._entityCache.cacheMap and the session's
 * _entities set. We resolve peers from our own bounded cache, so these may be emptied.
 */
export function gramJsEntityCaches(client: TelegramClient): {
  cacheMap: Map<unknown, unknown>;
  sessionEntities: Set<unknown> | null;
} {
  const internals = internalsOf(client);
  const cacheMap = internals._entityCache?.cacheMap;
  if (!(cacheMap instanceof Map)) throw new GramJsShapeError("TelegramClient._entityCache.cacheMap is not a Map");
  // Only MemorySession and its subclasses (StringSession, ours) keep entities at all.
  const entities = internals.session._entities;
  if (entities !== undefined && !(entities instanceof Set))
    throw new GramJsShapeError("session._entities is not a Set");
  return { cacheMap, sessionEntities: entities ?? null };
}

/**
 * The server's clock minus ours, in seconds, as GramJS learned it from msg_ids
 * (client._sender._state.timeOffset). 0 before the client has connected.
 */
export function serverTimeOffset(client: TelegramClient): number {
  const sender = internalsOf(client)._sender;
  if (sender === undefined) return 0;
  const offset = sender._state?.timeOffset;
  if (typeof offset !== "number")
    throw new GramJsShapeError("TelegramClient._sender._state.timeOffset is not a number");
  return offset;
}

type Entity = Api.User | Api.Chat | Api.Channel | Api.ChatForbidden | Api.ChannelForbidden;

/**
 * The users and chats GramJS attached to a pushed update (update._entities, set by its
 * update loop). Absent on updates that came without any; anything but a Map means moved.
 */
export function updateEntities(update: object): ReadonlyMap<string, Entity> | null {
  const entities = (update as { _entities?: unknown })._entities;
  if (entities === undefined) return null;
  if (!(entities instanceof Map)) throw new GramJsShapeError("update._entities is not a Map");
  return entities as ReadonlyMap<string, Entity>;
}

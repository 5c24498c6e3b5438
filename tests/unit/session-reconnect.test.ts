// The account session's own reconnect: a lost connection (GramJS's "disconnected" state,
// or a failed request whose connection then misses a ping) swaps a fresh client in under
// the same session, with backoff; meanwhile requests fail fast as RECONNECTING. Fakes for
// the GramJS client, real timers (the delays are a few hundred ms).
import { Api, type TelegramClient } from "telegram";
import { describe, expect, it } from "vitest";

import type { LiveEvent } from "@/lib/telegram/dto";
import { TelegramError } from "@/lib/telegram/errors";
import { AccountSession, connectionStateOf, reconnectDelayMs, type SessionHooks } from "@/lib/telegram/runtime/session";

/** Shaped like GramJS's network UpdateConnectionState (recognised by name and shape). */
class UpdateConnectionState {
  constructor(readonly state: number) {}
}

interface FakeClient {
  client: TelegramClient;
  destroyed: () => boolean;
  disconnect: () => void;
  handlers: Array<(update: unknown) => void>;
}

function fakeClient(invoke: (request: Api.AnyRequest) => Promise<unknown>): FakeClient {
  const handlers: Array<(update: unknown) => void> = [];
  let destroyed = false;
  const client = {
    invoke,
    addEventHandler: (handler: (update: unknown) => void) => handlers.push(handler),
    destroy: async () => {
      destroyed = true;
    },
    floodSleepThreshold: 0,
    session: { dcId: 2, _entities: new Set() },
    _entityCache: { cacheMap: new Map() },
  } as unknown as TelegramClient;
  return {
    client,
    handlers,
    destroyed: () => destroyed,
    disconnect: () => handlers.forEach((handler) => handler(new UpdateConnectionState(-1))),
  };
}

const account = { id: "acc-1", userId: "user-1", telegramUserId: "1000001" };
const never = () => new Promise<never>(() => undefined);
const answer = (request: Api.AnyRequest) =>
  Promise.resolve(request instanceof Api.Ping ? new Api.Pong({} as never) : `ok:${request.className}`);

function sessionWith(first: FakeClient, dial: () => Promise<TelegramClient>, withReconnect = true) {
  const events: LiveEvent[] = [];
  const hooks: SessionHooks = {
    onSessionGone: async () => undefined,
    onUsed: () => undefined,
    ...(withReconnect ? { reconnect: dial } : {}),
  };
  const session = new AccountSession(account, first.client, hooks);
  session.events.on("live", (event: LiveEvent) => events.push(event));
  return { session, events };
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("AccountSession reconnect", () => {
  it("replaces a disconnected client, failing requests fast meanwhile, and keeps per-client setup", async () => {
    const first = fakeClient(never);
    const second = fakeClient(answer);
    let dials = 0;
    const { session, events } = sessionWith(first, async () => {
      dials += 1;
      if (dials < 3) throw new TelegramError("NETWORK");
      return second.client;
    });
    const setUp: TelegramClient[] = [];
    session.onEachClient((client) => setUp.push(client));

    const pending = session.invoke(new Api.help.GetConfig()).catch((error: unknown) => error);
    first.disconnect();
    // "disconnected" is checked with a ping first; this client answers none.
    await until(() => session.connectionState === "reconnecting");
    expect(events).toEqual([{ type: "connection", state: "reconnecting" }]);
    // The request waiting on the dead client is answered at once, not after 15 s.
    expect(await pending).toMatchObject({ code: "RECONNECTING", errorCode: "telegram_reconnecting" });
    expect(first.destroyed()).toBe(true);

    const started = Date.now();
    await expect(session.invoke(new Api.help.GetConfig())).rejects.toMatchObject({ code: "RECONNECTING" });
    expect(Date.now() - started).toBeLessThan(1_500);

    await until(() => session.connectionState === "online");
    expect(dials).toBe(3);
    expect(events.at(-1)).toEqual({ type: "connection", state: "online" });
    expect(session.client).toBe(second.client);
    expect(setUp).toEqual([first.client, second.client]);
    await expect(session.invoke(new Api.help.GetConfig())).resolves.toBe("ok:help.GetConfig");
    // A "disconnected" from a client that still answers a ping (GramJS's late wake-up) is not a loss.
    second.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(session.connectionState).toBe("online");
    expect(session.client).toBe(second.client);
    await session.destroy();
  });

  it("keeps a slow connection that still answers a ping, and replaces one that does not", async () => {
    const slow = fakeClient((request) =>
      request instanceof Api.Ping ? answer(request) : Promise.reject(new TelegramError("TIMEOUT")),
    );
    const replacement = fakeClient(answer);
    const { session } = sessionWith(slow, async () => replacement.client);
    await expect(session.invoke(new Api.messages.GetHistory({}))).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(await session.probe()).toBe("alive");
    expect(session.connectionState).toBe("online");
    expect(session.client).toBe(slow.client);

    const dead = fakeClient((request) =>
      request instanceof Api.Ping
        ? Promise.reject(new Error("Not connected"))
        : Promise.reject(new Error("ECONNRESET")),
    );
    const other = sessionWith(dead, async () => replacement.client);
    await expect(other.session.invoke(new Api.help.GetConfig())).rejects.toMatchObject({ code: "NETWORK" });
    await until(() => other.events.length > 0);
    expect(other.events[0]).toEqual({ type: "connection", state: "reconnecting" });
    await until(() => other.session.connectionState === "online");
    expect(other.session.client).toBe(replacement.client);
    await Promise.all([session.destroy(), other.session.destroy()]);
  });

  it("stops dialling once destroyed, and never reconnects without a reconnect hook", async () => {
    const first = fakeClient(never);
    let dials = 0;
    const { session } = sessionWith(first, async () => {
      dials += 1;
      throw new TelegramError("NETWORK");
    });
    first.disconnect();
    await until(() => dials >= 1);
    await session.destroy();
    const after = dials;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(dials).toBe(after);

    const plain = fakeClient(never);
    const { session: fixed, events } = sessionWith(plain, async () => plain.client, false);
    plain.disconnect();
    expect(fixed.connectionState).toBe("online");
    expect(events).toEqual([]);
  });

  it("frees requests in flight at once when the session is revoked or destroyed, and reports the session gone once", async () => {
    // The CI failure this guards: a page whose request was in flight when another request
    // found the session revoked waited out the invoke deadline and read "network".
    const gone: string[] = [];
    const hooks: SessionHooks = {
      onSessionGone: async (session, code) => {
        gone.push(code);
        session.revoke();
      },
      onUsed: () => undefined,
    };
    let refuse: ((error: Error) => void) | null = null;
    const first = fakeClient((request) =>
      request instanceof Api.help.GetConfig ? new Promise((_, reject) => (refuse = reject)) : never(),
    );
    const revoked = new AccountSession(account, first.client, hooks);
    const started = Date.now();
    const inFlight = revoked.invoke(new Api.messages.GetDialogFilters());
    const failing = revoked.invoke(new Api.help.GetConfig());
    await until(() => refuse !== null);
    refuse!(new TelegramError("SESSION_REVOKED"));
    await expect(failing).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    await expect(inFlight).rejects.toMatchObject({ code: "SESSION_REVOKED" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(gone).toEqual(["SESSION_REVOKED"]);

    let sent = false;
    const other = fakeClient(() => {
      sent = true;
      return never();
    });
    const { session: evicted } = sessionWith(other, async () => other.client);
    const pending = evicted.invoke(new Api.messages.GetDialogFilters());
    await until(() => sent);
    await evicted.destroy();
    await expect(pending).rejects.toMatchObject({ code: "RECONNECTING" });
  });

  it("backs off exponentially to a 2 s cap, with jitter", () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(125);
    expect(reconnectDelayMs(0, () => 1)).toBe(250);
    expect(reconnectDelayMs(2, () => 0)).toBe(500);
    expect(reconnectDelayMs(30, () => 0)).toBe(1_000);
    expect(reconnectDelayMs(30, () => 1)).toBe(2_000);
  });

  it("recognises GramJS's connection states by shape, and nothing else", () => {
    expect(connectionStateOf(new UpdateConnectionState(-1))).toBe("disconnected");
    expect(connectionStateOf(new UpdateConnectionState(0))).toBe("broken");
    expect(connectionStateOf(new UpdateConnectionState(1))).toBe("connected");
    expect(connectionStateOf(new Api.UpdateConfig())).toBeNull();
    expect(connectionStateOf({ state: -1 })).toBeNull();
  });
});

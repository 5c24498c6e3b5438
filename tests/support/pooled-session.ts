// An account session wired as the app's pool wires it (reconnect hook, live updates) on
// a real GramJS client logged in to the sandbox over TCP: for the chaos tests and
// bench:recovery. No vitest imports: the benchmark runs under plain Node.
import { Api, type TelegramClient, type sessions } from "telegram";

import type { LiveEvent } from "@/lib/telegram/dto";
import { TelegramError } from "@/lib/telegram/errors";
import { presetSelfInputPeer } from "@/lib/telegram/gramjs/internals";
import { long } from "@/lib/telegram/gramjs/long";
import { attachUpdates } from "@/lib/telegram/read-models/live-updates";
import { AccountSession } from "@/lib/telegram/runtime/session";
import { newClient, qrLogin, type TestSandbox } from "../integration/support/sandbox";

export interface PooledSession {
  session: AccountSession;
  events: LiveEvent[];
  gone: string[];
  /** Resolves with the first live event after now that matches, or rejects after `ms`. */
  next(match: (event: LiveEvent) => boolean, ms: number): Promise<LiveEvent>;
}

/** Logs `username` in through a QR scan and wraps the client the way lifecycle.ts does. */
export async function pooledSession(sb: TestSandbox, username: string): Promise<PooledSession> {
  const client = newClient(sb);
  await client.connect();
  const { user } = await qrLogin(client, sb, username);
  client.floodSleepThreshold = 0;
  const gone: string[] = [];
  const session = new AccountSession(
    { id: `acc-${username}`, userId: "site-user", telegramUserId: user.id.toString() },
    client,
    {
      onSessionGone: async (_session, code) => void gone.push(code),
      onUsed: () => undefined,
      // As the app does: the same auth key on a new connection, one dial per attempt
      // (the port is read at each dial: the sandbox keeps it across down()/up()).
      reconnect: async (current) => {
        const next = newClient(sb, (current.client.session as sessions.StringSession).save(), 1);
        try {
          if ((await next.connect()) === false) throw new TelegramError("NETWORK");
          return next;
        } catch (error) {
          await next.destroy().catch(() => undefined);
          throw error;
        }
      },
    },
  );
  session.onEachClient((current: TelegramClient) => {
    current.floodSleepThreshold = 0;
    // As lifecycle.ts does: without it GramJS holds every update (connection states too)
    // behind a users.getUsers(self), which never returns while the DC is away.
    presetSelfInputPeer(current, new Api.InputPeerUser({ userId: long(user.id.toString()), accessHash: long(0) }));
  });
  attachUpdates(session);
  const events: LiveEvent[] = [];
  session.events.on("live", (event: LiveEvent) => events.push(event));
  const next = (match: (event: LiveEvent) => boolean, ms: number) =>
    new Promise<LiveEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        session.events.off("live", listener);
        reject(new Error(`no matching live event within ${ms} ms; saw ${JSON.stringify(events.slice(-5))}`));
      }, ms);
      const listener = (event: LiveEvent) => {
        if (!match(event)) return;
        clearTimeout(timer);
        session.events.off("live", listener);
        resolve(event);
      };
      session.events.on("live", listener);
    });
  return { session, events, gone, next };
}

/** Calls `fn` every `everyMs` until it resolves; rejects with the last error after `ms`. */
export async function eventually<T>(fn: () => Promise<T>, ms: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`not within ${ms} ms: ${last instanceof Error ? last.message : String(last)}`);
}

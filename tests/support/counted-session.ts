// The app's account session on a real GramJS client logged in to the sandbox over TCP,
// with the sandbox's per-session request counters as the witness of what it asked.
import type { TelegramClient } from "telegram";

import type { LiveEvent } from "@/lib/telegram/dto";
import { attachUpdates } from "@/lib/telegram/read-models/live-updates";
import { AccountSession } from "@/lib/telegram/runtime/session";
import { newClient, qrLogin, type TestSandbox } from "../integration/support/sandbox";

export interface CountedSession {
  session: AccountSession;
  /** Codes the session was given up with (revoked, logged out). */
  gone: string[];
  /** Live events, when the session was opened with `live`. */
  events: LiveEvent[];
  /** The sandbox's auth key id of the session, for its counters. */
  keyId: string;
  /** What the session has asked since the counters were last reset, by method. */
  counters: () => Promise<Record<string, number>>;
}

/**
 * Logs `username` in through a QR scan (the client is added to `clients`, for the file's
 * afterAll to close) and wraps it as the pool does; `live` also attaches live updates.
 */
export async function countedSession(
  sb: TestSandbox,
  clients: TelegramClient[],
  username: string,
  { live = false }: { live?: boolean } = {},
): Promise<CountedSession> {
  const client = newClient(sb);
  clients.push(client);
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
    },
  );
  const events: LiveEvent[] = [];
  if (live) {
    attachUpdates(session);
    session.events.on("live", (event: LiveEvent) => events.push(event));
  }
  const keyId = (await sb.control.sessions({ user: username })).filter((s) => !s.internal && !s.revoked).at(-1)!.keyId;
  const counters = async () => (await sb.control.counters({ keyId })).byMethod;
  return { session, gone, events, keyId, counters };
}

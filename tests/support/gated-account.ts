// A sandbox user logged in once, whose auth key the app's session then dials again and
// again with the update gate on (one state store across the openings): for the tests of
// what the app hears live and what getDifference recovers after it was away.
import { Api, type TelegramClient, type sessions } from "telegram";

import type { LiveEvent } from "@/lib/telegram/dto";
import { presetSelfInputPeer } from "@/lib/telegram/gramjs/internals";
import { long } from "@/lib/telegram/gramjs/long";
import { attachUpdates } from "@/lib/telegram/read-models/live-updates";
import { AccountSession } from "@/lib/telegram/runtime/session";
import { memoryUpdateStateStore, type UpdateGate } from "@/lib/telegram/runtime/update-gate";
import { newClient, qrLogin, type TestSandbox } from "../integration/support/sandbox";

export interface GatedSession {
  session: AccountSession;
  /** Every live event the session published, in order. */
  events: LiveEvent[];
  gate: UpdateGate;
}

export class GatedAccount {
  /** The update state the gate keeps across openings, as the database keeps it for the app. */
  readonly store = memoryUpdateStateStore();
  private readonly clients: TelegramClient[] = [];

  private constructor(
    private readonly sb: TestSandbox,
    readonly username: string,
    readonly telegramUserId: string,
    private readonly sessionString: string,
  ) {}

  /** Logs `username` in through a QR scan and keeps only the session string. */
  static async login(sb: TestSandbox, username: string): Promise<GatedAccount> {
    const first = newClient(sb);
    try {
      await first.connect();
      const { user } = await qrLogin(first, sb, username);
      const saved = String((first.session as sessions.StringSession).save());
      return new GatedAccount(sb, username, user.id.toString(), saved);
    } finally {
      await first.destroy().catch(() => undefined);
    }
  }

  /**
   * The app's pooled session on a fresh connection of the same auth key, with the gate on.
   * `listen` adds listeners before the gate starts, so no early event goes unheard.
   */
  async open(listen?: (session: AccountSession) => void): Promise<GatedSession> {
    const client = newClient(this.sb, this.sessionString);
    this.clients.push(client);
    await client.connect();
    client.floodSleepThreshold = 0;
    const session = new AccountSession(
      { id: `acc-${this.username}`, userId: "site-user", telegramUserId: this.telegramUserId },
      client,
      { onSessionGone: async () => undefined, onUsed: () => undefined },
    );
    session.onEachClient((current) =>
      presetSelfInputPeer(current, new Api.InputPeerUser({ userId: long(this.telegramUserId), accessHash: long(0) })),
    );
    const events: LiveEvent[] = [];
    session.events.on("live", (event: LiveEvent) => events.push(event));
    listen?.(session);
    attachUpdates(session, { stateStore: this.store });
    return { session, events, gate: session.updateGate! };
  }

  /** Closes every connection the openings made. */
  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.destroy().catch(() => undefined)));
  }
}

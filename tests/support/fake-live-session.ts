// An account session on a fake GramJS client with the live updates attached: a test
// pushes Telegram updates in by hand and sees what the session publishes and asks.
import type { TelegramClient } from "telegram";

import type { LiveEvent } from "@/lib/telegram/dto";
import { attachUpdates } from "@/lib/telegram/read-models/live-updates";
import { AccountSession } from "@/lib/telegram/runtime/session";

export interface FakeLiveSession {
  session: AccountSession;
  /** Hands an update to the session as GramJS's update loop would. */
  push: (update: unknown) => void;
  /** Every live event the session published, in order. */
  events: LiveEvent[];
  /** How many requests the session sent to Telegram. */
  requests: () => number;
}

export function fakeLiveSession(): FakeLiveSession {
  let push: (update: unknown) => void = () => undefined;
  let requests = 0;
  const client = {
    session: { dcId: 2 },
    addEventHandler: (handler: (update: unknown) => void) => void (push = handler),
    invoke: async () => void requests++,
    destroy: async () => undefined,
  } as unknown as TelegramClient;
  const session = new AccountSession({ id: "acc-1", userId: "user-1", telegramUserId: "1000" }, client, {
    onSessionGone: async () => undefined,
    onUsed: () => undefined,
  });
  attachUpdates(session);
  const events: LiveEvent[] = [];
  session.events.on("live", (event: LiveEvent) => void events.push(event));
  return { session, push: (update) => push(update), events, requests: () => requests };
}

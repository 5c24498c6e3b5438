// Presence pushed by Telegram (updateUserStatus) reaches the live stream worded as the
// chat header shows it, without a request of its own.
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { expect, test } from "vitest";

import type { LiveEvent } from "@/lib/telegram/dto";

const { AccountSession } = await import("@/lib/telegram/runtime/session");
const { attachUpdates } = await import("@/lib/telegram/read-models/live-updates");

test("updateUserStatus becomes a status event for that person, online then last seen", async () => {
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

  push(new Api.UpdateUserStatus({ userId: bigInt(42), status: new Api.UserStatusOnline({ expires: 2_000_000_000 }) }));
  push(
    new Api.UpdateUserStatus({ userId: bigInt(42), status: new Api.UserStatusOffline({ wasOnline: 1_700_000_000 }) }),
  );

  expect(events).toEqual([
    { type: "status", peerId: "42", status: { kind: "online", at: null } },
    { type: "status", peerId: "42", status: { kind: "offline", at: 1_700_000_000 } },
  ]);
  expect(requests).toBe(0);
});

// Presence pushed by Telegram (updateUserStatus) reaches the live stream worded as the
// chat header shows it, without a request of its own.
import bigInt from "big-integer";
import { Api } from "telegram";
import { expect, test } from "vitest";

import { fakeLiveSession } from "../support/fake-live-session";

test("updateUserStatus becomes a status event for that person, online then last seen", async () => {
  const { push, events, requests } = fakeLiveSession();

  push(new Api.UpdateUserStatus({ userId: bigInt(42), status: new Api.UserStatusOnline({ expires: 2_000_000_000 }) }));
  push(
    new Api.UpdateUserStatus({ userId: bigInt(42), status: new Api.UserStatusOffline({ wasOnline: 1_700_000_000 }) }),
  );

  expect(events).toEqual([
    { type: "status", peerId: "42", status: { kind: "online", at: null } },
    { type: "status", peerId: "42", status: { kind: "offline", at: 1_700_000_000 } },
  ]);
  expect(requests()).toBe(0);
});

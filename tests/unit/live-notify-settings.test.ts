// A chat muted on another device (Telegram's updateNotifySettings) is muted in the cached
// chat list at once, and the browser is told to read the list again; no request is made.
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { expect, test } from "vitest";

import type { DialogDto, LiveEvent } from "@/lib/telegram/dto";

const { AccountSession } = await import("@/lib/telegram/runtime/session");
const { attachUpdates } = await import("@/lib/telegram/read-models/live-updates");

const dialog = (peerId: string): DialogDto => ({
  peerId,
  kind: "user",
  title: `User ${peerId}`,
  username: null,
  avatarUrl: null,
  initials: "U",
  pinned: false,
  muted: false,
  unreadCount: 0,
  lastMessage: null,
  date: 0,
});

test("updateNotifySettings mutes and unmutes the cached dialog and asks the page to refetch the list", async () => {
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
  session.dialogs.replace({ items: [dialog("42"), dialog("43")], pinOrder: new Map(), next: null, total: 2 });
  const events: LiveEvent[] = [];
  session.events.on("live", (event: LiveEvent) => void events.push(event));

  const settings = (muteUntil?: number) =>
    new Api.UpdateNotifySettings({
      peer: new Api.NotifyPeer({ peer: new Api.PeerUser({ userId: bigInt(42) }) }),
      notifySettings: new Api.PeerNotifySettings(muteUntil === undefined ? {} : { muteUntil }),
    });

  push(settings(2_147_483_647));
  expect(session.dialogs.find("42")?.muted).toBe(true);
  expect(session.dialogs.find("43")?.muted).toBe(false);
  expect(session.dialogs.fresh()).toBe(true);

  // Muted until a time already past is not muted.
  push(settings(1_000));
  expect(session.dialogs.find("42")?.muted).toBe(false);

  // A chat the list has not loaded: the list is read afresh next time.
  push(
    new Api.UpdateNotifySettings({
      peer: new Api.NotifyPeer({ peer: new Api.PeerUser({ userId: bigInt(99) }) }),
      notifySettings: new Api.PeerNotifySettings({ muteUntil: 2_147_483_647 }),
    }),
  );
  expect(session.dialogs.fresh()).toBe(false);

  expect(events).toEqual([{ type: "dialogs" }, { type: "dialogs" }, { type: "dialogs" }]);
  expect(requests).toBe(0);
});

// A chat muted on another device (Telegram's updateNotifySettings) is muted in the cached
// chat list at once, and the browser is told to read the list again; no request is made.
import bigInt from "big-integer";
import { Api } from "telegram";
import { expect, test } from "vitest";

import type { DialogDto } from "@/lib/telegram/dto";
import { fakeLiveSession } from "../support/fake-live-session";

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
  const { session, push, events, requests } = fakeLiveSession();
  session.dialogs.replace({ items: [dialog("42"), dialog("43")], pinOrder: new Map(), next: null, total: 2 });

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
  expect(requests()).toBe(0);
});

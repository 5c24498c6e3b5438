import bigInt from "big-integer";
import { Api } from "telegram";
import { describe, expect, it } from "vitest";

import {
  entityMapOf,
  initialsOf,
  messageIndexOf,
  peerIdOf,
  reshapeAuthorization,
  reshapeContact,
  reshapeDialog,
  reshapeMedia,
  reshapeMessage,
  reshapeProfile,
  sortDialogs,
} from "@/lib/telegram/gramjs/mappers";
import type { DialogDto } from "@/lib/telegram/dto";

const alice = new Api.User({
  id: bigInt(1000001),
  accessHash: bigInt("-8123456789012345678"),
  firstName: "Alice",
  lastName: "Liddell",
  username: "alice",
  phone: "999662001",
  photo: new Api.UserProfilePhoto({ photoId: bigInt("1000001001"), dcId: 2 }),
  status: new Api.UserStatusOffline({ wasOnline: 1_700_000_000 }),
});
const bob = new Api.User({ id: bigInt(1000002), accessHash: bigInt(5), firstName: "Bob" });
const team = new Api.Chat({
  id: bigInt(2000001),
  title: "Sandbox Team",
  participantsCount: 5,
  date: 0,
  version: 1,
  photo: new Api.ChatPhotoEmpty(),
});
const news = new Api.Channel({
  id: bigInt(3000001),
  accessHash: bigInt(9),
  title: "Sandbox News",
  username: "sandbox_news",
  broadcast: true,
  date: 0,
  photo: new Api.ChatPhotoEmpty(),
});

describe("peer ids", () => {
  it("uses Telegram's marked ids as strings for users, groups and channels", () => {
    expect(peerIdOf(alice)).toBe("1000001");
    expect(peerIdOf(team)).toBe("-2000001");
    expect(peerIdOf(news)).toBe("-1003000001");
    expect(peerIdOf(new Api.PeerChannel({ channelId: bigInt(3000001) }))).toBe("-1003000001");
  });

  it("keeps ids above 2^53 exact", () => {
    const big = new Api.User({ id: bigInt("9007199254740993"), firstName: "Big" });
    expect(peerIdOf(big)).toBe("9007199254740993");
  });
});

describe("reshapeProfile / reshapeContact", () => {
  it("gives plain DTOs with an avatar URL that changes with the photo", () => {
    const profile = reshapeProfile(alice);
    expect(profile).toEqual({
      id: "1000001",
      firstName: "Alice",
      lastName: "Liddell",
      name: "Alice Liddell",
      username: "alice",
      phone: "999662001",
      avatarUrl: "/api/telegram/avatars/1000001?v=1000001001",
    });
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
    expect(reshapeProfile(bob).avatarUrl).toBeNull();
  });

  it("words presence and builds initials", () => {
    const contact = reshapeContact(alice);
    expect(contact.status).toEqual({ kind: "offline", at: 1_700_000_000 });
    expect(contact.initials).toBe("AL");
    expect(initialsOf("Иван Петров")).toBe("ИП");
    expect(initialsOf("🚀 launch team")).toBe("LT");
    expect(initialsOf("")).toBe("?");
  });
});

describe("reshapeMessage", () => {
  const entities = entityMapOf([alice, bob], [team, news]);

  it("names the sender in a group and keeps the chat's peer id", () => {
    const message = new Api.Message({
      id: 7,
      peerId: new Api.PeerChat({ chatId: bigInt(2000001) }),
      fromId: new Api.PeerUser({ userId: bigInt(1000002) }),
      date: 1_700_000_100,
      message: "hello team",
    });
    expect(reshapeMessage(message, entities)).toMatchObject({
      id: 7,
      peerId: "-2000001",
      senderId: "1000002",
      senderName: "Bob",
      text: "hello team",
      out: false,
      media: null,
      service: null,
    });
  });

  it("treats a private incoming message without from_id as sent by the chat", () => {
    const message = new Api.Message({
      id: 1,
      peerId: new Api.PeerUser({ userId: bigInt(1000001) }),
      date: 1,
      message: "hi",
    });
    expect(reshapeMessage(message, entities)).toMatchObject({ senderId: "1000001", senderName: "Alice Liddell" });
  });

  it("words service messages", () => {
    const service = new Api.MessageService({
      id: 1,
      peerId: new Api.PeerChat({ chatId: bigInt(2000001) }),
      fromId: new Api.PeerUser({ userId: bigInt(1000001) }),
      date: 1,
      action: new Api.MessageActionChatAddUser({ users: [bigInt(1000002)] }),
    });
    expect(reshapeMessage(service, entities)?.service).toEqual({ type: "addUser", users: ["Bob"] });
    const created = new Api.MessageService({
      id: 2,
      peerId: new Api.PeerChannel({ channelId: bigInt(3000001) }),
      date: 1,
      action: new Api.MessageActionChannelCreate({ title: "Sandbox News" }),
    });
    expect(reshapeMessage(created, entities)?.service).toEqual({ type: "channelCreate", title: "Sandbox News" });
  });

  it("drops empty messages", () => {
    expect(reshapeMessage(new Api.MessageEmpty({ id: 3 }), entities)).toBeNull();
  });
});

describe("reshapeMedia", () => {
  const doc = (attributes: Api.TypeDocumentAttribute[]) =>
    new Api.MessageMediaDocument({
      document: new Api.Document({
        id: bigInt(1),
        accessHash: bigInt(1),
        fileReference: Buffer.alloc(0),
        date: 0,
        mimeType: "application/octet-stream",
        size: bigInt(10),
        dcId: 2,
        attributes,
      }),
    });

  it("types every kind of media as a placeholder", () => {
    expect(reshapeMedia(new Api.MessageMediaPhoto({}))?.kind).toBe("photo");
    expect(reshapeMedia(doc([new Api.DocumentAttributeAudio({ voice: true, duration: 12 })]))).toEqual({
      kind: "voice",
      label: null,
      duration: 12,
    });
    expect(
      reshapeMedia(
        doc([new Api.DocumentAttributeAudio({ duration: 200, performer: "Queen", title: "Bohemian Rhapsody" })]),
      ),
    ).toEqual({
      kind: "audio",
      label: "Queen — Bohemian Rhapsody",
      duration: 200,
    });
    expect(
      reshapeMedia(doc([new Api.DocumentAttributeSticker({ alt: "😀", stickerset: new Api.InputStickerSetEmpty() })]))
        ?.kind,
    ).toBe("sticker");
    expect(reshapeMedia(doc([new Api.DocumentAttributeFilename({ fileName: "cv.pdf" })]))).toEqual({
      kind: "document",
      label: "cv.pdf",
      duration: null,
    });
    expect(
      reshapeMedia(doc([new Api.DocumentAttributeVideo({ duration: 5, w: 1, h: 1, roundMessage: true })]))?.kind,
    ).toBe("round");
    expect(
      reshapeMedia(
        doc([new Api.DocumentAttributeVideo({ duration: 5, w: 1, h: 1 }), new Api.DocumentAttributeAnimated()]),
      )?.kind,
    ).toBe("gif");
    expect(reshapeMedia(new Api.MessageMediaGeo({ geo: new Api.GeoPointEmpty() }))?.kind).toBe("location");
    expect(reshapeMedia(new Api.MessageMediaEmpty())).toBeNull();
    expect(reshapeMedia(undefined)).toBeNull();
  });
});

describe("reshapeDialog", () => {
  it("carries unread count, pinned, muted and the last message", () => {
    const entities = entityMapOf([alice], [team]);
    const top = new Api.Message({
      id: 41,
      peerId: new Api.PeerChat({ chatId: bigInt(2000001) }),
      fromId: new Api.PeerUser({ userId: bigInt(1000001) }),
      date: 500,
      message: "last post",
    });
    const dialog = new Api.Dialog({
      pinned: true,
      peer: new Api.PeerChat({ chatId: bigInt(2000001) }),
      topMessage: 41,
      readInboxMaxId: 36,
      readOutboxMaxId: 0,
      unreadCount: 5,
      unreadMentionsCount: 0,
      unreadReactionsCount: 0,
      notifySettings: new Api.PeerNotifySettings({ muteUntil: 2_000 }),
    });
    const dto = reshapeDialog(dialog, entities, messageIndexOf([top]), 1_000);
    expect(dto).toMatchObject({
      peerId: "-2000001",
      kind: "group",
      title: "Sandbox Team",
      initials: "ST",
      pinned: true,
      muted: true,
      unreadCount: 5,
      date: 500,
      lastMessage: { id: 41, text: "last post", senderName: "Alice Liddell" },
    });
    expect(reshapeDialog(dialog, entities, messageIndexOf([top]), 3_000)?.muted).toBe(false);
  });

  it("returns null when Telegram sent no entity for the peer", () => {
    const dialog = new Api.Dialog({
      peer: new Api.PeerUser({ userId: bigInt(42) }),
      topMessage: 1,
      readInboxMaxId: 0,
      readOutboxMaxId: 0,
      unreadCount: 0,
      unreadMentionsCount: 0,
      unreadReactionsCount: 0,
      notifySettings: new Api.PeerNotifySettings({}),
    });
    expect(reshapeDialog(dialog, new Map(), new Map(), 0)).toBeNull();
  });
});

describe("sortDialogs", () => {
  const d = (peerId: string, date: number, pinned = false) => ({ peerId, date, pinned }) as DialogDto;
  it("puts pinned chats first in pin order, then the newest", () => {
    const sorted = sortDialogs(
      [d("1", 10), d("2", 30), d("3", 5, true), d("4", 50, true), d("5", 20)],
      new Map([
        ["4", 0],
        ["3", 1],
      ]),
    );
    expect(sorted.map((x) => x.peerId)).toEqual(["4", "3", "2", "5", "1"]);
  });
});

describe("reshapeAuthorization", () => {
  it("keeps the 64-bit hash exact as a string", () => {
    const session = reshapeAuthorization(
      new Api.Authorization({
        current: false,
        hash: bigInt("-7999999999999999999"),
        deviceModel: "iPhone 15",
        platform: "iOS",
        systemVersion: "18.1",
        apiId: 1,
        appName: "Telegram iOS",
        appVersion: "11.0",
        dateCreated: 1,
        dateActive: 2,
        ip: "127.0.0.1",
        country: "Netherlands",
        region: "North Holland",
      }),
    );
    expect(session).toEqual({
      hash: "-7999999999999999999",
      current: false,
      device: "iPhone 15",
      platform: "iOS 18.1",
      app: "Telegram iOS 11.0",
      ip: "127.0.0.1",
      location: "North Holland, Netherlands",
      createdAt: 1,
      activeAt: 2,
    });
  });
});

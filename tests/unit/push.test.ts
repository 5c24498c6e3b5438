// Web Push's pure parts: the VAPID settings in the env, the development key pair, how a
// chat's notification is worded and collapsed, and the browser label.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { isVapidPair, parseEnv } from "@/lib/env";
import { MEDIA_KINDS, notificationTag } from "@/lib/notifications/should-notify";
import { chatPushPayload, chatTopic, ChatPushQueue, notificationWords, type ChatPushItem } from "@/lib/push/chat-push";
import { browserLabel } from "@/lib/push/subscriptions";
import { ensureDevVapidKeys, parseDotenvKeys } from "../../scripts/setup";

const cwd = os.tmpdir();
const SECRET = "s".repeat(40);
const KEY = Buffer.alloc(32, 3).toString("base64");
const PAIR = {
  VAPID_PUBLIC_KEY: "BKMAweeBZxmmIO4eHx52i2PbQtz688-Mie9qDZp_WwBSv-cjaaFNKSM_oPxXB0Zx77LfU1ApQtx2SlHZ9rBJ3P4",
  VAPID_PRIVATE_KEY: "MANNYHc7clg2hl8nx4z23Ew8jQaqF4N2hyrXa0n842c",
};
const production = { NODE_ENV: "production", AUTH_SECRET: SECRET, TELEGRAM_SESSION_KEY: KEY };
const problems = (source: Record<string, string>) => {
  try {
    parseEnv(source, cwd);
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
};

describe("WEB_PUSH and the VAPID keys", () => {
  test("production has push off by default and needs no keys", () => {
    expect(parseEnv(production, cwd).WEB_PUSH).toBe(false);
  });

  test("production with WEB_PUSH=on names each missing key and the subject", () => {
    const found = problems({ ...production, WEB_PUSH: "on" }).map((p) => p.split(" ")[0]);
    expect(found).toEqual(["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"]);
    const env = parseEnv({ ...production, WEB_PUSH: "on", ...PAIR, VAPID_SUBJECT: "mailto:ops@example.com" }, cwd);
    expect(env).toMatchObject({ WEB_PUSH: true, ...PAIR, VAPID_SUBJECT: "mailto:ops@example.com" });
  });

  test("keys of two different pairs, malformed keys and a bad subject are refused", () => {
    const other = "A".repeat(43);
    expect(
      problems({ ...production, WEB_PUSH: "on", ...PAIR, VAPID_PRIVATE_KEY: other, VAPID_SUBJECT: "mailto:a@b.c" }),
    ).toEqual(["VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY (they must be one key pair)"]);
    expect(problems({ NODE_ENV: "test", VAPID_PUBLIC_KEY: "abc" })[0]).toMatch(/^VAPID_PUBLIC_KEY must be a base64url/);
    expect(problems({ NODE_ENV: "test", VAPID_SUBJECT: "ops@example.com" })[0]).toMatch(/^VAPID_SUBJECT must be/);
    expect(problems({ NODE_ENV: "test", WEB_PUSH: "yes" })[0]).toMatch(/^WEB_PUSH must be "on" or "off"/);
  });

  test("development asks for the keys npm run dev generates, unless push is off", () => {
    const dev = { NODE_ENV: "development", AUTH_SECRET: SECRET, TELEGRAM_SESSION_KEY: KEY };
    expect(problems(dev).join("\n")).toMatch(/VAPID_PUBLIC_KEY is required in development.*npm run dev/);
    expect(parseEnv({ ...dev, WEB_PUSH: "off" }, cwd).WEB_PUSH).toBe(false);
  });

  test("tests get a fixed, valid pair", () => {
    const env = parseEnv({ NODE_ENV: "test" }, cwd);
    expect(env.WEB_PUSH).toBe(true);
    expect(isVapidPair(env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY)).toBe(true);
  });
});

describe("development key pair", () => {
  let dir = "";
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("is generated once into a private file as a valid pair, and kept afterwards", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-vapid-"));
    const file = path.join(dir, ".env.local");
    fs.writeFileSync(file, "AUTH_SECRET=x");
    expect(ensureDevVapidKeys(file, {})).toEqual(["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"]);
    const text = fs.readFileSync(file, "utf8");
    expect(text.startsWith("AUTH_SECRET=x\n")).toBe(true);
    expect([...parseDotenvKeys(text)]).toEqual(["AUTH_SECRET", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"]);
    const value = (name: string) => new RegExp(`^${name}=(.+)$`, "m").exec(text)![1]!;
    expect(isVapidPair(value("VAPID_PUBLIC_KEY"), value("VAPID_PRIVATE_KEY"))).toBe(true);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(ensureDevVapidKeys(file, {})).toEqual([]);
    expect(fs.readFileSync(file, "utf8")).toBe(text);
    // Set in the environment instead: nothing is written.
    fs.rmSync(file);
    expect(ensureDevVapidKeys(file, { VAPID_PUBLIC_KEY: PAIR.VAPID_PUBLIC_KEY })).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe("a chat's notification", () => {
  const item = (over: Partial<ChatPushItem> = {}): ChatPushItem => ({
    userId: "u1",
    peerId: "-100777",
    message: { id: 5, peerId: "-100777", text: "Salary  expectations:\n120k", senderName: "Grace Hopper", media: null },
    dialog: { title: "Hiring", kind: "group" },
    count: 1,
    ...over,
  });
  const withMessage = (message: Partial<ChatPushItem["message"]>, over: Partial<ChatPushItem> = {}) =>
    item({ message: { ...item().message, ...message }, ...over });
  const photo = { kind: "photo", label: null, duration: null } as const;
  const cv = { kind: "document", label: "CV.pdf", duration: null } as const;

  test("is worded as the in-tab one: the group names it, the sender leads the one-line preview, a click opens the chat", () => {
    expect(chatPushPayload(item(), "en")).toEqual({
      v: 1,
      kind: "message",
      peerId: "-100777",
      title: "Hiring",
      body: "Grace Hopper: Salary expectations: 120k",
      tag: "tgdesk-chat:-100777",
      url: "/telegram/chats/-100777",
      count: 1,
    });
    // The same tag as the tab's notification of the chat, so each replaces the other.
    expect(chatPushPayload(item(), "ru").tag).toBe(notificationTag("-100777"));
  });

  test("a private chat is named by the person, or by the sender when the chat is not known yet", () => {
    const privateChat = { dialog: { title: "Grace Hopper", kind: "user" as const } };
    expect(chatPushPayload(item(privateChat), "en")).toMatchObject({
      title: "Grace Hopper",
      body: "Salary expectations: 120k",
    });
    expect(chatPushPayload(item({ dialog: null }), "ru")).toMatchObject({
      title: "Grace Hopper",
      body: "Salary expectations: 120k",
    });
    expect(chatPushPayload(withMessage({ senderName: null }, { dialog: null }), "en").title).toBe("New message");
    expect(chatPushPayload(withMessage({ senderName: null }, { dialog: null }), "ru").title).toBe("Новое сообщение");
  });

  test("a long text is cut, and media is named with its label and caption in either language", () => {
    const long = chatPushPayload(withMessage({ text: "x".repeat(500) }, { dialog: null }), "en");
    expect(long.body).toBe(`${"x".repeat(139)}…`);
    expect(chatPushPayload(withMessage({ text: "", media: photo }, { dialog: null }), "ru").body).toBe("Фотография");
    expect(chatPushPayload(withMessage({ text: "", media: photo }), "ru").body).toBe("Grace Hopper: Фотография");
    expect(chatPushPayload(withMessage({ text: "my CV", media: cv }, { dialog: null }), "en").body).toBe(
      "File · CV.pdf · my CV",
    );
    expect(chatPushPayload(withMessage({ text: "my CV", media: cv }, { dialog: null }), "ru").body).toBe(
      "Файл · CV.pdf · my CV",
    );
  });

  test("a burst says how many, with Russian plural forms", () => {
    expect(chatPushPayload(item({ count: 3 }), "ru")).toMatchObject({ title: "Hiring", body: "3 новых сообщения" });
    expect(chatPushPayload(item({ count: 5 }), "ru").body).toBe("5 новых сообщений");
    expect(chatPushPayload(item({ count: 21 }), "ru").body).toBe("21 новое сообщение");
    expect(chatPushPayload(item({ count: 2 }), "en").body).toBe("2 new messages");
    expect(chatPushPayload(item({ count: 2 }), "en").count).toBe(2);
  });

  test("every media kind has a word in both catalogues", () => {
    for (const locale of ["en", "ru"] as const) {
      const { media } = notificationWords(locale);
      expect(Object.keys(media).sort()).toEqual([...MEDIA_KINDS].sort());
      for (const kind of MEDIA_KINDS) expect(media[kind], `${locale} ${kind}`).not.toMatch(/^$|dashboard\.media/);
    }
    expect(notificationWords("en").media.document).toBe("File");
    expect(notificationWords("ru").media.voice).toBe("Голосовое сообщение");
  });

  test("the Topic is short, URL-safe and one per chat", () => {
    for (const peer of ["123", "-456", "-1001234567890123"]) {
      expect(chatTopic(peer)).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    }
    expect(chatTopic("-456")).not.toBe(chatTopic("456"));
  });
});

describe("ChatPushQueue", () => {
  afterEach(() => vi.useRealTimers());

  test("folds a burst per chat into one send, and what arrives during a send into the next", async () => {
    vi.useFakeTimers();
    const sent: Array<{ peerId: string; count: number; id: number }> = [];
    const releases = new Map<string, () => void>();
    const release = (peerId: string) => releases.get(peerId)!();
    const queue = new ChatPushQueue(async (item) => {
      sent.push({ peerId: item.peerId, count: item.count, id: item.message.id });
      await new Promise<void>((resolve) => releases.set(item.peerId, resolve));
    }, 300);
    const add = (peerId: string, id: number) =>
      queue.add({
        userId: "u",
        peerId,
        dialog: null,
        message: { id, peerId, text: `m${id}`, senderName: "A", media: null },
      });
    add("1", 1);
    add("1", 2);
    add("2", 3);
    await vi.advanceTimersByTimeAsync(299);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([
      { peerId: "1", count: 2, id: 2 },
      { peerId: "2", count: 1, id: 3 },
    ]);
    add("1", 4);
    add("1", 5);
    await vi.advanceTimersByTimeAsync(1_000);
    // Chat 1's send is still under way: the newer two wait for it.
    expect(sent).toHaveLength(2);
    release("2");
    release("1");
    await vi.advanceTimersByTimeAsync(300);
    expect(sent.at(-1)).toEqual({ peerId: "1", count: 2, id: 5 });
    release("1");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toHaveLength(3);
    expect(queue.size).toBe(0);
  });
});

test("every handler under app/api/push is wrapped in withUser()", () => {
  const root = path.join(process.cwd(), "app/api/push");
  const routes = fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts");
  expect(routes.length).toBe(3);
  for (const file of routes) {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    const handlers = [...source.matchAll(/export\s+const\s+(GET|POST|PUT|PATCH|DELETE)\b([^\n]*)/g)];
    expect(handlers.length, file).toBeGreaterThan(0);
    for (const [, method, rest] of handlers) expect(rest, `${file} ${method}`).toMatch(/=\s*withUser\b/);
    expect(source, file).not.toMatch(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/);
  }
});

test("a browser label names browser and system, nothing more", () => {
  expect(
    browserLabel(
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    ),
  ).toBe("Chrome · Linux");
  expect(browserLabel("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0")).toBe(
    "Firefox · Windows",
  );
  expect(
    browserLabel(
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    ),
  ).toBe("Safari · iOS");
  expect(browserLabel(null)).toBe("");
});

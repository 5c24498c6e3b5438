// In-tab notifications in a real Chromium with the permission granted: a message from the
// sandbox notifies with the sender's name and a preview, a click opens the chat, a muted
// chat (muted live from the "phone") stays silent, the favicon carries the unread count,
// and messages missed while the app was down notify once per chat. The page's
// Notification is wrapped (init script) to record each notification while still showing
// the real one.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let alice: { page: Page; context: BrowserContext };
let fileDir: string;

interface Shown {
  title: string;
  body: string;
  tag: string;
}

/** Runs in the page before its own scripts: records notifications and chimes, changes nothing else. */
function recordNotifications(): void {
  const Real = window.Notification;
  const shown: Array<{ title: string; body: string; tag: string; instance: Notification }> = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push({ title, body: options?.body ?? "", tag: options?.tag ?? "", instance: this });
    }
  }
  // The permission may be asked only from a click, never by the page on its own.
  let permissionRequests = 0;
  const requestPermission = Real.requestPermission.bind(Real);
  Recorded.requestPermission = (callback?: NotificationPermissionCallback) => {
    permissionRequests += 1;
    return requestPermission(callback);
  };
  let chimes = 0;
  const proto = BaseAudioContext.prototype;
  const createOscillator = Object.getOwnPropertyDescriptor(proto, "createOscillator")!.value as (
    this: BaseAudioContext,
  ) => OscillatorNode;
  proto.createOscillator = function (this: BaseAudioContext) {
    chimes += 1;
    return createOscillator.call(this);
  };
  // What the live stream brought, so a test can know a message reached the page without
  // waiting on the list (which may still be hydrating when the first events come).
  const streamed: string[] = [];
  const RealSource = window.EventSource;
  class RecordedSource extends RealSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      this.addEventListener("message", (event) => streamed.push(String(event.data)));
    }
  }
  Object.assign(window, {
    Notification: Recorded,
    EventSource: RecordedSource,
    __streamed: () => streamed,
    __notifications: shown,
    __chimes: () => chimes,
    __permissionRequests: () => permissionRequests,
  });
}

type Recording = Window & {
  __streamed: () => string[];
  __notifications: Array<Shown & { instance: Notification }>;
  __chimes: () => number;
  __permissionRequests: () => number;
};

const shown = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as Recording).__notifications.map(({ title, body, tag }) => ({ title, body, tag })),
  );

/** Waits (bounded) for a notification whose body contains `text`. */
async function notified(page: Page, text: string, timeout = 10_000): Promise<Shown> {
  await page.waitForFunction(
    (wanted) => (window as unknown as Recording).__notifications.some((n) => n.body.includes(wanted)),
    text,
    { timeout },
  );
  return (await shown(page)).find((n) => n.body.includes(text))!;
}

const userId = (username: string) => String(sandbox.running.sandbox.world.userByKey(username)!.id);

async function openDashboard(page: Page): Promise<void> {
  await page.goto("/telegram/dashboard");
  await page.getByTestId("chat-list").waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
    timeout: 15_000,
  });
}

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  fileDir = await mkdtemp(join(tmpdir(), "tgdesk-notify-"));
  try {
    const user = await createTestUser(app);
    alice = await newPage(browser, app);
    await alice.context.grantPermissions(["notifications"], { origin: app.url });
    await alice.context.addInitScript(recordNotifications);
    await signInByRequest(alice.page, user.email, user.password);
    await linkTelegramAccount(alice.context, app, sandbox, "alice");
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
}, 120_000);

afterAll(async () => {
  await e2e?.stop();
  if (fileDir) await rm(fileDir, { recursive: true, force: true });
});

test("a message notifies with the sender's name and a preview, chimes, badges the favicon; a click opens the chat", async () => {
  const page = alice.page;
  await openDashboard(page);
  // Permission was granted by the browser context, so no banner offers to ask for it.
  expect(await page.getByTestId("notifications-banner").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as Recording).__permissionRequests())).toBe(0);

  await sandbox.control.sendMessage("erin", "alice", "Notice period is one month");
  const erin = userId("erin");
  expect(await notified(page, "Notice period is one month")).toEqual({
    title: "Erin Brockovich",
    body: "Notice period is one month",
    tag: `tgdesk-chat:${erin}`,
  });
  expect(await page.evaluate(() => (window as unknown as Recording).__chimes())).toBeGreaterThan(0);

  // The favicon shows the same total as the title, drawn onto a PNG.
  await page.waitForFunction(
    () => {
      const count = /^\((\d+)\)/.exec(document.title)?.[1];
      const icon = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
      return count !== undefined && icon?.dataset.badgeCount === count && icon.href.startsWith("data:image/png");
    },
    undefined,
    { timeout: 10_000 },
  );

  // A file is worded with its name.
  const cv = join(fileDir, "CV.pdf");
  await writeFile(cv, "%PDF-1.4 a candidate's CV");
  await sandbox.control.sendFile({ from: "carol", to: "alice", path: cv, fileName: "CV.pdf" });
  expect((await notified(page, "CV.pdf")).body).toBe("File · CV.pdf");

  // Clicking Erin's notification opens her chat.
  await page.evaluate((tag) => {
    const found = (window as unknown as Recording).__notifications.filter((n) => n.tag === tag).at(-1);
    found!.instance.dispatchEvent(new Event("click"));
  }, `tgdesk-chat:${erin}`);
  await page.waitForURL((url) => url.pathname === `/telegram/chats/${erin}`, { timeout: 10_000 });
  await page.getByTestId("composer").waitFor();

  // Now Erin's chat is open in a visible tab: her next message shows there, not as a notification.
  await sandbox.control.sendMessage("erin", "alice", "Seen in the open chat");
  await sandbox.control.sendMessage("carol", "alice", "Carol after the open chat");
  await notified(page, "Carol after the open chat");
  await page.getByTestId("chat-scroller").getByText("Seen in the open chat").waitFor();
  expect((await shown(page)).filter((n) => n.body.includes("Seen in the open chat"))).toEqual([]);
});

test("a chat muted on the phone goes quiet at once, as does one muted from the start; sound can be switched off", async () => {
  const page = alice.page;
  await openDashboard(page);
  const bob = userId("bob");
  const bobRow = page.getByTestId("chat-list").locator(`a[href="/telegram/chats/${bob}"]`);
  expect(await bobRow.getByTestId("chat-muted").count()).toBe(0);

  expect(await sandbox.control.mute("alice", "bob")).toMatchObject({ ok: true, mutedUntil: 2_147_483_647 });
  // The app heard updateNotifySettings: the list shows the bell crossed out without a reload.
  await bobRow.getByTestId("chat-muted").waitFor({ timeout: 10_000 });

  await page.goto("/telegram/settings");
  const card = page.getByTestId("notifications-settings");
  await expect.poll(() => card.getByTestId("notification-permission").getAttribute("data-state")).toBe("granted");
  await card.getByTestId("notifications-sound").uncheck();
  expect(await page.evaluate(() => (window as unknown as Recording).__permissionRequests())).toBe(0);
  await openDashboard(page);
  const chimesBefore = await page.evaluate(() => (window as unknown as Recording).__chimes());

  await sandbox.control.sendMessage("bob", "alice", "Bob while muted");
  await sandbox.control.sendMessage("frank", "alice", "Frank, muted since the seed");
  await sandbox.control.sendMessage("erin", "alice", "Erin after the muted ones");
  // Erin's came last over the same stream: had the muted ones notified, they would be here.
  await notified(page, "Erin after the muted ones");
  // Bob's and Frank's reached the page over the live stream; they just did not notify.
  await page.waitForFunction(
    () =>
      ["Bob while muted", "Frank, muted since the seed"].every((text) =>
        (window as unknown as Recording).__streamed().some((data) => data.includes(text)),
      ),
    undefined,
    { timeout: 10_000 },
  );
  const bodies = (await shown(page)).map((n) => n.body);
  expect(bodies.filter((b) => b.includes("while muted") || b.includes("muted since the seed"))).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as Recording).__chimes())).toBe(chimesBefore);

  await sandbox.control.mute("alice", "bob", 0);
  await bobRow.getByTestId("chat-muted").waitFor({ state: "detached", timeout: 10_000 });
});

test("messages missed while the app was down notify once per chat, collapsed", async () => {
  const page = alice.page;
  await openDashboard(page);
  const before = (await shown(page)).length;
  await app.kill();
  for (let i = 1; i <= 3; i++) await sandbox.control.sendMessage("erin", "alice", `while away ${i}`);
  await sandbox.control.sendMessage("carol", "alice", "Carol while away");
  await sandbox.control.sendMessage("frank", "alice", "Frank while away");
  await app.restart();

  await page.waitForFunction(
    (from) => (window as unknown as Recording).__notifications.slice(from).some((n) => n.body === "3 new messages"),
    before,
    { timeout: 30_000 },
  );
  // Quiet again, then exactly one notification per chat that had something new.
  await page.waitForFunction(
    (from) => (window as unknown as Recording).__notifications.slice(from).length >= 2,
    before,
    { timeout: 10_000 },
  );
  const recovered = (await shown(page)).slice(before);
  expect(recovered).toHaveLength(2);
  expect(recovered).toEqual(
    expect.arrayContaining([
      { title: "Erin Brockovich", body: "3 new messages", tag: `tgdesk-chat:${userId("erin")}` },
      { title: "Carol Danvers", body: "Carol while away", tag: `tgdesk-chat:${userId("carol")}` },
    ]),
  );
}, 60_000);

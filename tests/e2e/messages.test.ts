// Replies, edits, deletions and forwards in both directions, live, in real Chromium against
// `next start` and the sandbox data centre over real MTProto: what the other side does
// (through the sandbox's control API, as their phone) shows up in the open chat at once,
// what Alice does in the page reaches the other side's box, and the webhooks hear of edits
// and deletions. One linked account for the whole file.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, test } from "vitest";

import { CHAT_PAGE_SIZE } from "@/lib/telegram/limits";
import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

interface Hook {
  type: string;
  data: { chatId?: string | null; messageIds?: string[]; message?: { id?: string; text?: string } };
}

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let alice: { page: Page; context: BrowserContext };
let secret = "";
const hooks: Hook[] = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    try {
      // Only what verifies counts: a forged or mangled delivery never reaches `hooks`.
      hooks.push(
        new Webhook(secret).verify(Buffer.concat(chunks).toString("utf8"), {
          "webhook-id": String(request.headers["webhook-id"]),
          "webhook-timestamp": String(request.headers["webhook-timestamp"]),
          "webhook-signature": String(request.headers["webhook-signature"]),
        }) as Hook,
      );
      response.writeHead(204).end();
    } catch {
      response.writeHead(400).end();
    }
  });
});

const userId = (username: string) => String(sandbox.running.sandbox.world.userByKey(username)!.id);
// By the message's own text: a reply's bubble also holds the text it quotes.
const bubble = (page: Page, text: string) =>
  page
    .getByTestId("chat-scroller")
    .getByTestId("message")
    .filter({ has: page.getByTestId("message-text").getByText(text, { exact: true }) })
    .last();

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  // `next start` runs with NODE_ENV=production: a loopback receiver needs the admin's setting.
  e2e = await startTelegramE2E({ WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: "1" });
  ({ sandbox, app, browser } = e2e);
  try {
    const user = await createTestUser(app);
    alice = await newPage(browser, app);
    await signInByRequest(alice.page, user.email, user.password);
    await linkTelegramAccount(alice.context, app, sandbox, "alice");
    const created = await alice.context.request.post("/api/profile/webhooks", {
      headers: { origin: app.url },
      data: {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        events: ["message.edited", "message.deleted"],
      },
    });
    expect(created.status()).toBe(201);
    secret = ((await created.json()) as { secret: string }).secret;
    await alice.page.goto(`/telegram/chats/${userId("erin")}`);
    await alice.page.getByTestId("composer").waitFor();
    await alice.page.waitForFunction(() => document.documentElement.dataset.live === "connected", undefined, {
      timeout: 15_000,
    });
  } catch (error) {
    console.log(app?.logs());
    throw error;
  }
});

afterAll(async () => {
  await e2e?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function openMenu(page: Page, text: string): Promise<void> {
  const target = bubble(page, text);
  await target.hover();
  await target.getByTestId("message-menu-button").click();
  await page.getByTestId("message-menu").waitFor();
}

test("the other side's edit and deletion show live, and the webhooks deliver message.edited and message.deleted", async () => {
  const page = alice.page;
  const sent = await sandbox.control.sendMessage("erin", "alice", "Erin's first draft");
  await bubble(page, "Erin's first draft").waitFor();

  await sandbox.control.editMessage("erin", "alice", sent.id!, "Erin's final word");
  const edited = bubble(page, "Erin's final word");
  await edited.getByTestId("message-edited").waitFor();
  expect(await page.getByTestId("chat-scroller").getByText("Erin's first draft").count()).toBe(0);
  const editedId = await edited.getAttribute("data-id");

  await sandbox.control.deleteMessages("erin", [sent.id!], true);
  await expect.poll(() => page.locator(`[data-testid=message][data-id="${editedId}"]`).count()).toBe(0);

  await expect
    .poll(() => hooks.map((h) => h.type), { timeout: 20_000 })
    .toEqual(expect.arrayContaining(["message.edited", "message.deleted"]));
  const hookEdit = hooks.find((h) => h.type === "message.edited")!;
  expect(hookEdit.data.message).toMatchObject({ text: "Erin's final word" });
  expect(hooks.find((h) => h.type === "message.deleted")!.data.messageIds).toEqual([editedId]);
});

test("Alice edits (Esc cancels, Enter saves) and deletes for both from the message menu; Erin's side follows", async () => {
  const page = alice.page;
  const composer = page.getByTestId("composer");
  await composer.fill("Alice typed this");
  await composer.press("Enter");
  await bubble(page, "Alice typed this").getByTestId("tick-sent").waitFor();

  // The menu by keyboard: focus its button, open with Enter, ↓ to Edit.
  await bubble(page, "Alice typed this").getByTestId("message-menu-button").focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("message-action-reply").waitFor();
  await page.keyboard.press("ArrowDown");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("message-action-edit");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.getByTestId("composer-mode").getAttribute("data-kind")).toBe("edit");
  expect(await composer.inputValue()).toBe("Alice typed this");
  await composer.press("Escape");
  await expect.poll(() => page.getByTestId("composer-mode").count()).toBe(0);

  await openMenu(page, "Alice typed this");
  await page.getByTestId("message-action-edit").click();
  await composer.fill("Alice corrected this");
  await composer.press("Enter");
  await bubble(page, "Alice corrected this").getByTestId("message-edited").waitFor();
  await expect
    .poll(async () => {
      const [last] = await sandbox.control.messages("erin", "alice", 1);
      return { text: last?.text, edited: (last?.editDate ?? 0) > 0 };
    })
    .toEqual({ text: "Alice corrected this", edited: true });

  // Telegram's 48 hours: the seeded chat is from 2025. The refusal is a closed, worded code.
  const old = (await sandbox.control.messages("alice", "erin", 20)).find(
    (m) => m.out && m.date < Date.now() / 1000 - 3 * 86_400,
  )!;
  const refused = await alice.context.request.patch(`/api/telegram/chats/${userId("erin")}/messages/${old.id}`, {
    headers: { origin: app.url },
    data: { text: "rewriting history" },
  });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({ error: { code: "message_edit_time_expired" } });

  await openMenu(page, "Alice corrected this");
  await page.getByTestId("message-action-delete").click();
  const dialog = page.getByTestId("delete-message-dialog");
  await dialog.getByTestId("delete-revoke").check();
  await dialog.getByTestId("dialog-confirm").click();
  await expect.poll(() => bubble(page, "Alice corrected this").count()).toBe(0);
  await expect
    .poll(async () =>
      (await sandbox.control.messages("erin", "alice", 5)).some((m) => m.text === "Alice corrected this"),
    )
    .toBe(false);
});

test("replies both ways: the quote shows and jumps to the message; Alice replies from the menu", async () => {
  const page = alice.page;
  const asked = await sandbox.control.sendMessage("erin", "alice", "When can you start?");
  await bubble(page, "When can you start?").waitFor();
  await sandbox.control.reply("erin", "alice", "Also: salary expectations?", asked.id!);
  const reply = bubble(page, "Also: salary expectations?");
  await expect.poll(() => reply.getByTestId("reply-quote-text").textContent()).toBe("When can you start?");
  const askedInPage = await bubble(page, "When can you start?").getAttribute("data-id");
  await reply.getByTestId("reply-quote").click();
  await page.getByTestId("around-view").waitFor();
  expect(await page.getByTestId("around-view").getAttribute("data-around")).toBe(askedInPage);
  await page.getByTestId("around-back").click();

  await openMenu(page, "When can you start?");
  await page.getByTestId("message-action-reply").click();
  await expect.poll(() => page.getByTestId("composer-mode").getAttribute("data-kind")).toBe("reply");
  await page.getByTestId("composer").fill("Next Monday");
  await page.getByTestId("composer").press("Enter");
  await expect
    .poll(() => bubble(page, "Next Monday").getByTestId("reply-quote-text").textContent())
    .toBe("When can you start?");
  await expect
    .poll(async () => (await sandbox.control.messages("erin", "alice", 1))[0])
    .toMatchObject({ text: "Next Monday", replyTo: asked.id });

  await openMenu(page, "Next Monday");
  await page.getByTestId("message-action-forward").click();
  await page.getByTestId("forward-search").fill("Frank");
  await page.getByTestId("forward-target").first().click();
  await expect.poll(() => page.getByTestId("forward-dialog").isVisible()).toBe(false);
  await expect
    .poll(async () => (await sandbox.control.messages("frank", "alice", 1))[0])
    .toMatchObject({ text: "Next Monday", forwarded: true });
});

test("a file sent with the reply bar open replies to that message and ends the bar; a bad replyTo sends nothing", async () => {
  const page = alice.page;
  const asked = await sandbox.control.sendMessage("erin", "alice", "Could you send the contract?");
  await bubble(page, "Could you send the contract?").waitFor();
  await openMenu(page, "Could you send the contract?");
  await page.getByTestId("message-action-reply").click();
  await expect.poll(() => page.getByTestId("composer-mode").getAttribute("data-kind")).toBe("reply");
  await page.getByTestId("attach-input").setInputFiles({
    name: "contract.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("The contract, signed."),
  });
  await page.getByTestId("staged-file").waitFor();
  await page.getByTestId("composer").fill("Contract attached");
  await page.getByTestId("send").click();
  await expect.poll(() => page.getByTestId("composer-mode").count()).toBe(0);

  // Erin's Telegram has the file as a reply to her question, and Alice's bubble quotes it.
  await expect
    .poll(async () => (await sandbox.control.messages("erin", "alice", 1))[0], { timeout: 30_000 })
    .toMatchObject({ text: "Contract attached", replyTo: asked.id });
  expect((await sandbox.control.files("erin", "alice", 1))[0]).toMatchObject({
    fileName: "contract.txt",
    caption: "Contract attached",
  });
  await expect
    .poll(() => bubble(page, "Contract attached").getByTestId("reply-quote-text").textContent())
    .toBe("Could you send the contract?");

  // A reply id that is not a positive message id is a 400 before any byte goes to Telegram.
  const newest = (await sandbox.control.messages("erin", "alice", 1))[0]!.id;
  for (const [index, bad] of ["0", "-3", "abc", "1.5", "2147483648"].entries()) {
    const refused = await alice.context.request.post(
      `/api/telegram/chats/${userId("erin")}/files?name=never.txt&randomId=${7700 + index}&replyTo=${encodeURIComponent(bad)}`,
      { headers: { origin: app.url, "content-type": "text/plain" }, data: Buffer.from("never sent") },
    );
    expect(refused.status(), bad).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "invalid_request" } });
  }
  expect((await sandbox.control.messages("erin", "alice", 1))[0]!.id).toBe(newest);
});

test("the forward picker finds any chat of the account on the server, not only the loaded ones; ↑ ↓ and Enter pick", async () => {
  const page = alice.page;
  // A chat that ends up far below the first page of the list: 55 newer chats come after it.
  const far = await sandbox.control.addUser({ firstName: "Quentin", lastName: "Farpage", username: "quentin_farpage" });
  await sandbox.control.sendMessage(far.id, "alice", "Hello from far down the list");
  const fillers = await Promise.all(
    Array.from({ length: CHAT_PAGE_SIZE + 5 }, (_, i) =>
      sandbox.control.addUser({ firstName: "Filler", lastName: String(i + 1).padStart(2, "0") }),
    ),
  );
  await Promise.all(fillers.map((filler, i) => sandbox.control.sendMessage(filler.id, "alice", `Filler message ${i}`)));
  await sandbox.control.sendMessage("erin", "alice", "Please pass this on");
  // A fresh page loads only the first page of chats (and has Erin's message from the server).
  await page.goto(`/telegram/chats/${userId("erin")}`);
  await bubble(page, "Please pass this on").waitFor({ timeout: 30_000 });

  await openMenu(page, "Please pass this on");
  await page.getByTestId("message-action-forward").click();
  const dialog = page.getByTestId("forward-dialog");
  const targets = dialog.getByTestId("forward-target");
  await targets.first().waitFor();
  expect(await targets.count()).toBeLessThanOrEqual(CHAT_PAGE_SIZE);
  expect(await dialog.locator(`[data-testid=forward-target][data-peer="${far.id}"]`).count()).toBe(0);

  // The box keeps focus; ↓ and ↑ move the choice through the server's matches.
  const search = dialog.getByTestId("forward-search");
  await search.fill("Filler");
  await expect.poll(() => targets.count(), { timeout: 15_000 }).toBe(CHAT_PAGE_SIZE + 5);
  await expect.poll(() => targets.nth(0).getAttribute("data-active")).toBe("true");
  await search.press("ArrowDown");
  await expect.poll(() => targets.nth(1).getAttribute("data-active")).toBe("true");
  await search.press("ArrowUp");
  await search.press("ArrowUp");
  await expect.poll(() => targets.last().getAttribute("data-active")).toBe("true");

  await search.fill("no such chat anywhere");
  await expect
    .poll(() => dialog.getByTestId("forward-empty").textContent(), { timeout: 15_000 })
    .toBe("No chat matches “no such chat anywhere”.");

  await search.fill("farpage");
  await expect.poll(() => targets.first().getAttribute("data-peer"), { timeout: 15_000 }).toBe(String(far.id));
  expect(await targets.count()).toBe(1);
  await search.press("Enter");
  await expect.poll(() => dialog.isVisible()).toBe(false);
  await expect
    .poll(async () => (await sandbox.control.messages(far.id, "alice", 1))[0])
    .toMatchObject({ text: "Please pass this on", forwarded: true });
  // 110 sandbox calls and the app taking in 56 new chats live: minutes on a busy machine.
}, 180_000);

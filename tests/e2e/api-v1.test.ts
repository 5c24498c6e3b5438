// API v1 end to end: real Chromium creates a token on the profile page, then plain HTTP
// (no cookies) uses it against `next start` and the sandbox data centre over TCP.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { v1Routes } from "@/lib/api/v1/routes";
import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signInByRequest, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let alice: { page: Page; context: BrowserContext };
let fullToken: string;

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  alice = await siteUserWithTelegram("alice");
});

afterAll(async () => {
  await e2e?.stop();
});

const userId = (username: string) => sandbox.running.sandbox.world.userByKey(username)!.id;

async function siteUserWithTelegram(username: string): Promise<{ page: Page; context: BrowserContext }> {
  const user = await createTestUser(app);
  const opened = await newPage(browser, app);
  await signInByRequest(opened.page, user.email, user.password);
  await linkTelegramAccount(opened.context, app, sandbox, username);
  return opened;
}

/** Creates a token through the profile page's form and returns the secret shown once. */
async function createTokenInUi(page: Page, name: string, scopes: string[]): Promise<string> {
  await page.goto("/profile");
  await page.getByTestId("api-token-name").fill(name);
  for (const scope of ["messages:read", "messages:send", "contacts:read", "webhooks:manage"]) {
    await page.getByTestId(`api-token-scope-${scope}`).setChecked(scopes.includes(scope));
  }
  await page.getByTestId("api-token-create").click();
  const secret = page.getByTestId("api-token-secret");
  await secret.waitFor();
  const token = await secret.inputValue();
  await page.getByTestId("api-token-done").click();
  await expect.poll(() => page.getByTestId("api-token").filter({ hasText: name }).count()).toBe(1);
  return token;
}

/** A request with the token only: a fresh fetch, no browser cookies. */
function call(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
}

async function accountId(token: string): Promise<string> {
  const response = await call(token, "/accounts");
  expect(response.status).toBe(200);
  const body = v1Routes.accounts.response.parse(await response.json());
  expect(body.data).toHaveLength(1);
  return body.data[0]!.id;
}

describe("API v1 with a token made on the profile page", () => {
  test("the token is shown once, listed by its prefix, and lists chats over HTTP with rate-limit headers", async () => {
    fullToken = await createTokenInUi(alice.page, "CRM", ["messages:read", "messages:send", "contacts:read"]);
    expect(fullToken).toMatch(/^tgd_[A-Za-z0-9_-]{43}$/);
    const row = alice.page.getByTestId("api-token").filter({ hasText: "CRM" });
    await expect.poll(() => row.textContent()).toContain(fullToken.slice(0, 12));
    // The secret itself is not on the page once the dialog is closed.
    expect(await alice.page.content()).not.toContain(fullToken);

    const account = await accountId(fullToken);
    const response = await call(fullToken, `/accounts/${account}/chats?limit=5`);
    expect(response.status, `${account}: ${await response.clone().text()}`).toBe(200);
    expect(Number(response.headers.get("ratelimit-limit"))).toBeGreaterThan(0);
    expect(response.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
    expect(response.headers.get("ratelimit-reset")).toMatch(/^\d+$/);
    const page = v1Routes.chats.response.parse(await response.json());
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.length).toBeLessThanOrEqual(5);
    expect(page.nextCursor).not.toBeNull();
    const next = v1Routes.chats.response.parse(
      await (await call(fullToken, `/accounts/${account}/chats?limit=5&cursor=${page.nextCursor}`)).json(),
    );
    const firstIds = new Set(page.data.map((chat) => chat.id));
    expect(next.data.some((chat) => firstIds.has(chat.id))).toBe(false);
    // Where bob's chat sorts depends on the seed's dates; one page of the whole list holds it.
    const all = v1Routes.chats.response.parse(
      await (await call(fullToken, `/accounts/${account}/chats?limit=100`)).json(),
    );
    expect(all.data.map((chat) => chat.id)).toContain(String(userId("bob")));
    expect(all.data.map((chat) => chat.id).slice(0, 10)).toEqual([...page.data, ...next.data].map((chat) => chat.id));
  });

  test("a send with an Idempotency-Key, retried, reaches the sandbox once; the same key with another body is 422", async () => {
    const account = await accountId(fullToken);
    const path = `/accounts/${account}/chats/${userId("frank")}/messages`;
    const text = `API exactly once ${Date.now()}`;
    const send = (body: unknown) =>
      call(fullToken, path, {
        method: "POST",
        headers: { "idempotency-key": "e2e-key-1" },
        body: JSON.stringify(body),
      });
    const first = await send({ text });
    expect(first.status).toBe(201);
    const second = await send({ text });
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const sent = v1Routes.sendMessage.response.parse(await first.json());
    expect(v1Routes.sendMessage.response.parse(await second.json()).message.id).toBe(sent.message.id);
    expect(sent.message.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const received = await sandbox.control.messages("frank", "alice", 10);
    expect(received.filter((message) => message.text === text)).toHaveLength(1);

    const other = await send({ text: `${text} (changed)` });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe("idempotency_key_reused");
    const after = await sandbox.control.messages("frank", "alice", 10);
    expect(after.filter((message) => message.text.startsWith(text))).toHaveLength(1);

    // The message reads back through the API, paging forwards from the one before it.
    const before = Number(sent.message.id) - 1;
    const page = v1Routes.messages.response.parse(
      await (await call(fullToken, `/accounts/${account}/chats/${userId("frank")}/messages?after=${before}`)).json(),
    );
    expect(page.data[0]).toMatchObject({ id: sent.message.id, text, out: true });
  });

  test("a message is edited (PATCH) and deleted (DELETE, revoke for both sides) through the API; refusals are coded", async () => {
    const account = await accountId(fullToken);
    const chat = `/accounts/${account}/chats/${userId("frank")}/messages`;
    const send = async (to: string, text: string) => {
      const response = await call(fullToken, `/accounts/${account}/chats/${to}/messages`, {
        method: "POST",
        headers: { "idempotency-key": `edit-delete-${to}-${text.length}-${Date.now()}` },
        body: JSON.stringify({ text }),
      });
      expect(response.status).toBe(201);
      return v1Routes.sendMessage.response.parse(await response.json()).message;
    };
    const stamp = Date.now();
    const sent = await send(String(userId("frank")), `API draft ${stamp}`);
    const patch = (id: string, body: unknown) =>
      call(fullToken, `${chat}/${id}`, { method: "PATCH", body: JSON.stringify(body) });
    const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

    const edited = await patch(sent.id, { text: `API final ${stamp}` });
    expect(edited.status).toBe(200);
    const editedBody = v1Routes.editMessage.response.parse(await edited.json());
    expect(editedBody.message).toMatchObject({ id: sent.id, text: `API final ${stamp}`, out: true });
    expect(editedBody.message.editedAt).not.toBeNull();
    await expect
      .poll(async () =>
        (await sandbox.control.messages("frank", "alice", 5)).find((m) => m.text === `API final ${stamp}`),
      )
      .toMatchObject({ editDate: expect.any(Number) as number });
    expect((await sandbox.control.messages("frank", "alice", 5)).some((m) => m.text === `API draft ${stamp}`)).toBe(
      false,
    );

    // Telegram's refusals and bad input, each with its code; none changes the message.
    const same = await patch(sent.id, { text: `API final ${stamp}` });
    expect([same.status, await codeOf(same)]).toEqual([409, "message_not_modified"]);
    const blank = await patch(sent.id, { text: "   " });
    expect([blank.status, await codeOf(blank)]).toEqual([400, "invalid_request"]);
    const extra = await patch(sent.id, { text: "x", revoke: true });
    expect([extra.status, await codeOf(extra)]).toEqual([400, "invalid_request"]);
    const missing = await patch("2147480000", { text: "nobody" });
    expect([missing.status, await codeOf(missing)]).toEqual([404, "message_id_invalid"]);
    const badId = await patch("0", { text: "nobody" });
    expect([badId.status, await codeOf(badId)]).toEqual([404, "not_found"]);
    const theirs = (await sandbox.control.messages("alice", "frank", 20)).find((m) => !m.out)!;
    const notAuthor = await patch(String(theirs.id), { text: "not mine" });
    expect([notAuthor.status, await codeOf(notAuthor)]).toEqual([403, "message_author_required"]);

    // A message of another chat of the same account is not this chat's: 404, and it stays.
    const inBobsChat = await send(String(userId("bob")), `For Bob only ${stamp}`);
    const elsewhere = await call(fullToken, `${chat}/${inBobsChat.id}?revoke=true`, { method: "DELETE" });
    expect([elsewhere.status, await codeOf(elsewhere)]).toEqual([404, "message_id_invalid"]);
    expect((await sandbox.control.messages("bob", "alice", 5)).some((m) => m.text === `For Bob only ${stamp}`)).toBe(
      true,
    );
    const badRevoke = await call(fullToken, `${chat}/${sent.id}?revoke=yes`, { method: "DELETE" });
    expect([badRevoke.status, await codeOf(badRevoke)]).toEqual([400, "invalid_request"]);

    // revoke=true: gone on both sides; a repeat is 404.
    const removed = await call(fullToken, `${chat}/${sent.id}?revoke=true`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(v1Routes.deleteMessage.response.parse(await removed.json())).toEqual({ ok: true });
    const ids = async (user: string, peer: string) =>
      (await sandbox.control.messages(user, peer, 20)).map((m) => m.text);
    await expect.poll(() => ids("frank", "alice")).not.toContain(`API final ${stamp}`);
    expect(await ids("alice", "frank")).not.toContain(`API final ${stamp}`);
    const again = await call(fullToken, `${chat}/${sent.id}?revoke=true`, { method: "DELETE" });
    expect([again.status, await codeOf(again)]).toEqual([404, "message_id_invalid"]);

    // Without revoke (the default) only the account's own copy goes.
    const mineOnly = await send(String(userId("frank")), `Keep for Frank ${stamp}`);
    const removedForMe = await call(fullToken, `${chat}/${mineOnly.id}`, { method: "DELETE" });
    expect(removedForMe.status).toBe(200);
    await expect.poll(() => ids("alice", "frank")).not.toContain(`Keep for Frank ${stamp}`);
    expect(await ids("frank", "alice")).toContain(`Keep for Frank ${stamp}`);
  });

  test("a token without messages:send gets 403 insufficient_scope and sends nothing", async () => {
    const readOnly = await createTokenInUi(alice.page, "Read only", ["messages:read"]);
    const account = await accountId(readOnly);
    const text = `must not send ${Date.now()}`;
    const response = await call(readOnly, `/accounts/${account}/chats/${userId("frank")}/messages`, {
      method: "POST",
      headers: { "idempotency-key": "scope-test" },
      body: JSON.stringify({ text }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");
    const received = await sandbox.control.messages("frank", "alice", 10);
    expect(received.some((message) => message.text === text)).toBe(false);

    // Editing and deleting need messages:send too; the message stays as it was.
    const kept = await call(fullToken, `/accounts/${account}/chats/${userId("frank")}/messages`, {
      method: "POST",
      headers: { "idempotency-key": "scope-test-kept" },
      body: JSON.stringify({ text: `kept as sent ${Date.now()}` }),
    });
    const keptMessage = v1Routes.sendMessage.response.parse(await kept.json()).message;
    const messagePath = `/accounts/${account}/chats/${userId("frank")}/messages/${keptMessage.id}`;
    for (const init of [
      { method: "PATCH", body: JSON.stringify({ text: "changed without the scope" }) },
      { method: "DELETE" },
    ]) {
      const refused = await call(readOnly, `${messagePath}?revoke=true`, init);
      expect(refused.status, init.method).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");
    }
    const frankSees = await sandbox.control.messages("frank", "alice", 10);
    expect(frankSees.find((message) => message.text === keptMessage.text)).toMatchObject({ editDate: null });
  });

  test("another user's account and chat are 404; the browser's cookie does not authenticate /api/v1", async () => {
    // Frank is not in the seeded team group (chat 2000001) that Alice is in.
    const frank = await siteUserWithTelegram("frank");
    const frankToken = await createTokenInUi(frank.page, "Frank's", ["messages:read"]);
    const aliceAccount = await accountId(fullToken);
    const frankAccount = await accountId(frankToken);
    // The sandbox seeds its team group as chat 2000001 (a basic group: marked id negative).
    const teamChat = "-2000001";
    expect((await call(fullToken, `/accounts/${aliceAccount}/chats/${teamChat}/messages?limit=1`)).status).toBe(200);
    // Frank's token on Alice's account id.
    const foreign = await call(frankToken, `/accounts/${aliceAccount}/chats`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("not_found");
    // Frank's own account, Alice's group chat.
    const chat = await call(frankToken, `/accounts/${frankAccount}/chats/${teamChat}/messages`);
    expect(chat.status).toBe(404);
    expect(((await chat.json()) as { error: { code: string } }).error.code).toBe("not_found");
    // Editing or deleting a message of Alice's: 404 whether by her account id or by her chat.
    const frankWriter = await createTokenInUi(frank.page, "Frank's writer", ["messages:send"]);
    const [teamMessage] = v1Routes.messages.response.parse(
      await (await call(fullToken, `/accounts/${aliceAccount}/chats/${teamChat}/messages?limit=1`)).json(),
    ).data;
    for (const target of [aliceAccount, frankAccount]) {
      const messagePath = `/accounts/${target}/chats/${teamChat}/messages/${teamMessage!.id}`;
      for (const init of [
        { method: "PATCH", body: JSON.stringify({ text: "Frank was here" }) },
        { method: "DELETE" },
      ]) {
        const refused = await call(frankWriter, `${messagePath}?revoke=true`, init);
        expect(refused.status, `${init.method} ${target}`).toBe(404);
        expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("not_found");
      }
    }
    const still = v1Routes.messages.response.parse(
      await (await call(fullToken, `/accounts/${aliceAccount}/chats/${teamChat}/messages?limit=1`)).json(),
    ).data[0];
    expect(still).toEqual(teamMessage);

    // Signed in with a cookie, but without a token: refused.
    const cookieOnly = await alice.context.request.get("/api/v1/me");
    expect(cookieOnly.status()).toBe(401);
  });

  test("a revoked token gets 401 at once", async () => {
    const token = await createTokenInUi(alice.page, "Short lived", ["messages:read"]);
    expect((await call(token, "/me")).status).toBe(200);
    const row = alice.page.getByTestId("api-token").filter({ hasText: "Short lived" });
    await row.getByTestId("api-token-revoke").click();
    await alice.page.getByTestId("api-token-revoke-dialog").getByTestId("dialog-confirm").click();
    await expect.poll(() => row.getByTestId("api-token-state").count()).toBe(1);
    const response = await call(token, "/me");
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_token");
  });

  test("an admin sees every user's tokens at /admin/tokens, never a secret, and a revoke there is a 401 at once", async () => {
    const token = await createTokenInUi(alice.page, "Admin will revoke", ["messages:read"]);
    expect((await call(token, "/me")).status).toBe(200);
    const admin = await createTestUser(app, { role: "admin" });
    const opened = await newPage(browser, app);
    try {
      await signInByRequest(opened.page, admin.email, admin.password);
      await opened.page.goto("/admin/tokens");
      const row = opened.page.getByTestId("admin-token-row").filter({ hasText: "Admin will revoke" });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain(token.slice(0, 12));
      // Alice's other tokens are listed too; no secret is on the page.
      await expect.poll(() => opened.page.getByTestId("admin-token-row").filter({ hasText: "CRM" }).count()).toBe(1);
      const html = await opened.page.content();
      expect(html).not.toContain(token);
      expect(html).not.toContain(fullToken);
      await row.getByTestId("admin-token-revoke").click();
      await opened.page.getByTestId("admin-token-revoke-dialog").getByTestId("dialog-confirm").click();
      await expect.poll(async () => (await call(token, "/me")).status).toBe(401);
      await expect.poll(() => row.getByTestId("admin-token-revoke").count()).toBe(0);
      // The owner's page shows it revoked; her other token still works.
      expect((await call(fullToken, "/me")).status).toBe(200);
    } finally {
      await opened.context.close();
    }
  });

  test("the OpenAPI document is served and the reference page renders it", async () => {
    const response = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/accounts/{accountId}/chats/{chatId}/messages");
    expect(
      Object.keys(document.paths["/accounts/{accountId}/chats/{chatId}/messages/{messageId}"] as object).sort(),
    ).toEqual(["delete", "patch"]);
    await alice.page.goto("/api-docs");
    await expect.poll(() => alice.page.getByTestId("api-operation").count()).toBe(Object.keys(v1Routes).length);
  });
});

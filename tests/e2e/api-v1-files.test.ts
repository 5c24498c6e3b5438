// API v1's file routes end to end: real tokens (created with the app's own code in its
// database), plain HTTP to `next start`, the sandbox data centre over TCP. Bytes are compared
// with what the sandbox stores (its control API).
import { randomBytes as nodeRandomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { ApiScope } from "@/lib/api/scopes";
import type { TestSandbox } from "../integration/support/sandbox";
import { createTestUser, newPage, signIn, type LaunchedBrowser, type StartedApp } from "../support/e2e";
import { linkTelegramAccount, startTelegramE2E, type TelegramE2E } from "../support/telegram-e2e";

let e2e: TelegramE2E;
let sandbox: TestSandbox;
let app: StartedApp;
let browser: LaunchedBrowser;
let ivan: string;
/** alice's site user: a token with both message scopes, one that may only read; her account's id. */
let aliceToken: string;
let aliceReadOnly: string;
let aliceAccount: string;
/** erin's site user, with her own linked account. */
let erinToken: string;
let erinAccount: string;

/** Random bytes as a plain Uint8Array (what fetch takes as a body). */
const randomBytes = (n: number) => new Uint8Array(nodeRandomBytes(n));

async function linkedUserWithTokens(username: string, scopeSets: ApiScope[][]) {
  const user = await createTestUser(app);
  const opened = await newPage(browser, app);
  await signIn(opened.page, user.email, user.password);
  await linkTelegramAccount(opened.context, app, sandbox, username);
  await opened.context.close();
  const [{ createDb }, { createApiToken }] = await Promise.all([import("@/lib/db"), import("@/lib/api/tokens")]);
  const db = createDb(app.databaseUrl);
  try {
    const tokens: string[] = [];
    for (const scopes of scopeSets) {
      const created = await createApiToken(db, user, { name: `files ${scopes.join(" ")}`, scopes, expiresAt: null });
      tokens.push(created.token);
    }
    return tokens;
  } finally {
    await db.$disconnect();
  }
}

function call(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });
}

async function accountIdOf(token: string): Promise<string> {
  const response = await call(token, "/accounts");
  expect(response.status).toBe(200);
  const { data } = (await response.json()) as { data: Array<{ id: string }> };
  expect(data).toHaveLength(1);
  return data[0]!.id;
}

beforeAll(async () => {
  e2e = await startTelegramE2E();
  ({ sandbox, app, browser } = e2e);
  try {
    ivan = String(sandbox.running.sandbox.world.userByKey("ivan")!.id);
    [aliceToken, aliceReadOnly] = (await linkedUserWithTokens("alice", [
      ["messages:read", "messages:send"],
      ["messages:read"],
    ])) as [string, string];
    [erinToken] = (await linkedUserWithTokens("erin", [["messages:read", "messages:send"]])) as [string];
    aliceAccount = await accountIdOf(aliceToken);
    erinAccount = await accountIdOf(erinToken);
  } catch (error) {
    console.log(app.logs());
    throw error;
  }
});

afterAll(async () => {
  await e2e?.stop();
});

async function seededCv() {
  const cv = (await sandbox.control.files("alice", "ivan", 50)).find((file) => file.fileName === "CV_Ivan_Petrov.pdf");
  if (!cv) throw new Error("the seeded CV is missing");
  return cv;
}

describe("GET …/messages/{messageId}/media", () => {
  test("streams the file with its name and type, honours one Range, and refuses an impossible one", async () => {
    const cv = await seededCv();
    const expected = await sandbox.control.fileBytes({ fileId: cv.fileId });
    const path = `/accounts/${aliceAccount}/chats/${ivan}/messages/${cv.messageId}/media`;

    const whole = await call(aliceToken, path);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("application/pdf");
    expect(whole.headers.get("content-disposition")).toBe('attachment; filename="CV_Ivan_Petrov.pdf"');
    expect(whole.headers.get("x-file-size")).toBe(String(expected.length));
    expect(whole.headers.get("ratelimit-limit")).not.toBeNull();
    expect(Buffer.from(await whole.arrayBuffer()).equals(expected)).toBe(true);

    const part = await call(aliceToken, path, { headers: { range: "bytes=100-999" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-999/${expected.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(expected.subarray(100, 1000))).toBe(true);

    const beyond = await call(aliceToken, path, { headers: { range: `bytes=${expected.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${expected.length}`);
  });

  test("another user's account, a message of another chat and a message without a file are all 404", async () => {
    const cv = await seededCv();
    // erin's token on alice's account.
    const foreign = await call(erinToken, `/accounts/${aliceAccount}/chats/${ivan}/messages/${cv.messageId}/media`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("not_found");
    // erin's own account, alice's message id: not in erin's chat with ivan.
    const notHers = await call(erinToken, `/accounts/${erinAccount}/chats/${ivan}/messages/${cv.messageId}/media`);
    expect(notHers.status).toBe(404);
    // A text message of alice's chat.
    const page = await call(aliceToken, `/accounts/${aliceAccount}/chats/${ivan}/messages?limit=50`);
    const { data } = (await page.json()) as { data: Array<{ id: string; media: unknown }> };
    const text = data.find((message) => message.media === null);
    expect(text).toBeDefined();
    const noFile = await call(aliceToken, `/accounts/${aliceAccount}/chats/${ivan}/messages/${text!.id}/media`);
    expect(noFile.status).toBe(404);
    // A malformed message id is answered alike.
    expect((await call(aliceToken, `/accounts/${aliceAccount}/chats/${ivan}/messages/0/media`)).status).toBe(404);
  });
});

describe("POST …/chats/{chatId}/files", () => {
  const filesPath = () => `/accounts/${aliceAccount}/chats/${ivan}/files`;
  const ivanFiles = async () => sandbox.control.files("ivan", "alice", 100);

  test("uploads the raw body, sends it once per Idempotency-Key, and the other side gets the same bytes", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 777);
    const key = randomUUID();
    const before = (await ivanFiles()).length;
    const send = () =>
      call(aliceToken, `${filesPath()}?name=${encodeURIComponent("Отчёт 2026.pdf")}&caption=API%20file`, {
        method: "POST",
        headers: { "content-type": "application/pdf", "idempotency-key": key },
        body: bytes,
      });

    const first = await send();
    expect(first.status).toBe(201);
    const { message } = (await first.json()) as { message: { id: string; text: string; media: unknown } };
    expect(message.text).toBe("API file");
    expect(message.media).not.toBeNull();
    const received = (await ivanFiles())[0]!;
    expect(received.fileName).toBe("Отчёт 2026.pdf");
    expect(received.mimeType).toBe("application/pdf");
    expect(received.caption).toBe("API file");
    expect((await sandbox.control.fileBytes({ fileId: received.fileId })).equals(Buffer.from(bytes))).toBe(true);

    // The client did not see the answer and retries: the first answer again, nothing sent twice.
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(((await retry.json()) as { message: { id: string } }).message.id).toBe(message.id);
    expect((await ivanFiles()).length).toBe(before + 1);

    // The same key for another file is a different request.
    const reused = await call(aliceToken, `${filesPath()}?name=other.bin`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "idempotency-key": key },
      body: randomBytes(1000),
    });
    expect(reused.status).toBe(422);
    expect((await ivanFiles()).length).toBe(before + 1);
  });

  test("needs messages:send, an Idempotency-Key, a name and a declared length; refusals send nothing", async () => {
    const before = (await ivanFiles()).length;
    const body = randomBytes(2048);
    const post = (token: string, query: string, headers: Record<string, string>, payload: BodyInit = body) =>
      call(token, `${filesPath()}${query}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream", ...headers },
        body: payload,
        duplex: "half",
      } as RequestInit);

    const readOnly = await post(aliceReadOnly, "?name=a.bin", { "idempotency-key": randomUUID() });
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");

    const noKey = await post(aliceToken, "?name=a.bin", {});
    expect(noKey.status).toBe(400);

    const noName = await post(aliceToken, "", { "idempotency-key": randomUUID() });
    expect(noName.status).toBe(400);

    // A streamed body of unknown length (chunked): 411, before anything is read or sent.
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(body));
        controller.close();
      },
    });
    const unknownLength = await post(aliceToken, "?name=a.bin", { "idempotency-key": randomUUID() }, chunked);
    expect(unknownLength.status).toBe(411);
    expect(((await unknownLength.json()) as { error: { code: string } }).error.code).toBe("length_required");

    // erin's token on alice's account.
    const foreign = await post(erinToken, "?name=a.bin", { "idempotency-key": randomUUID() });
    expect(foreign.status).toBe(404);

    expect((await ivanFiles()).length).toBe(before);
  });
});

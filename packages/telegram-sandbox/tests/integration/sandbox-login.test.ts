import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, type TelegramClient } from "telegram";
import { SANDBOX_API_HASH, SANDBOX_API_ID } from "@/lib/telegram/gramjs/connect-core";
import {
  exportToken,
  newClient,
  qrLogin,
  startTestSandbox,
  tokenUrl,
  waitForLoginToken,
  type TestSandbox,
} from "@/tests/integration/support/sandbox";

let sb: TestSandbox;
const clients: TelegramClient[] = [];
const client = (session = "") => {
  const c = newClient(sb, session);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await sb?.stop();
});

describe("sandbox handshake and QR login (real GramJS over TCP)", () => {
  it("completes the auth-key exchange and answers help.getConfig", async () => {
    const c = client();
    expect(await c.connect()).toBe(true);
    const cfg = await c.invoke(new Api.help.GetConfig());
    expect(cfg.thisDc).toBe(2);
    expect(cfg.dcOptions.map((d) => d.port)).toEqual([sb.port, sb.port + 1, sb.port + 2]);
    expect(await c.checkAuthorization()).toBe(false);
  });

  it("logs alice in by QR (no 2FA) with the scan done by her phone session", async () => {
    const c = client();
    await c.connect();
    const { user } = await qrLogin(c, sb, "alice");
    expect(user.username).toBe("alice");
    const me = await c.getMe();
    expect(me.username).toBe("alice");
    expect(me.self).toBe(true);
  });
});

describe("2FA, expiry, migration, phone login", () => {
  it("QR login with 2FA: wrong password first, then the right one", async () => {
    const c = client();
    await c.connect();
    const r = await qrLogin(c, sb, "bob", ["not-it", "bob-password"]);
    expect(r.passwordErrors).toEqual(["PASSWORD_HASH_INVALID"]);
    expect(r.user.username).toBe("bob");
    expect((await c.getMe()).username).toBe("bob");
  });

  it("FLOOD_WAIT after repeated wrong passwords", async () => {
    const c = client();
    await c.connect();
    await expect(qrLogin(c, sb, "judy", ["a", "b", "c", "d", "e", "f"])).rejects.toThrow(
      /PASSWORD_HASH_INVALID, PASSWORD_HASH_INVALID, PASSWORD_HASH_INVALID, PASSWORD_HASH_INVALID, PASSWORD_HASH_INVALID, FLOOD_WAIT_\d+/,
    );
  });

  it("expired tokens: AUTH_TOKEN_EXPIRED on scan, a fresh export works", async () => {
    await sb.control.setTokenTtl(1);
    try {
      const c = client();
      await c.connect();
      const t = await exportToken(c);
      if (!(t instanceof Api.auth.LoginToken)) throw new Error("token expected");
      expect(t.expires - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 2100));
      await expect(sb.control.scan(tokenUrl(t.token), "erin")).rejects.toMatchObject({ error: "AUTH_TOKEN_EXPIRED" });
      const fresh = await exportToken(c);
      if (!(fresh instanceof Api.auth.LoginToken)) throw new Error("token expected");
      expect(fresh.token.equals(t.token)).toBe(false);
      const pushed = waitForLoginToken(c);
      await sb.control.scan(tokenUrl(fresh.token), "erin");
      await pushed;
      const done = await exportToken(c);
      expect(done).toBeInstanceOf(Api.auth.LoginTokenSuccess);
    } finally {
      await sb.control.setTokenTtl(30);
    }
  });

  it("a token cannot be accepted twice", async () => {
    const c = client();
    await c.connect();
    const t = (await exportToken(c)) as Api.auth.LoginToken;
    await sb.control.scan(tokenUrl(t.token), "frank");
    await expect(sb.control.scan(tokenUrl(t.token), "frank")).rejects.toMatchObject({
      error: "AUTH_TOKEN_ALREADY_ACCEPTED",
    });
  });

  it("exceptIds: an already linked account cannot accept", async () => {
    const users = await sb.control.listUsers();
    const ivan = users.find((u) => u.username === "ivan")!;
    const c = client();
    await c.connect();
    const t = (await exportToken(c, [ivan.id])) as Api.auth.LoginToken;
    await expect(sb.control.scan(tokenUrl(t.token), "ivan")).rejects.toMatchObject({ error: "AUTH_TOKEN_EXCEPTION" });
  });

  it("QR login migrates to the user's home DC (carol, DC1)", async () => {
    const c = client();
    await c.connect();
    const r = await qrLogin(c, sb, "carol");
    expect(r.migratedTo).toBe(1);
    expect(r.user.username).toBe("carol");
    expect(c.session.dcId).toBe(1);
    expect((await c.getMe()).username).toBe("carol");
  });

  it("QR login with migration and 2FA (dave, DC3)", async () => {
    const c = client();
    await c.connect();
    const r = await qrLogin(c, sb, "dave", ["dave-password"]);
    expect(r.migratedTo).toBe(3);
    expect((await c.getMe()).username).toBe("dave");
  });

  it("phone-code login follows PHONE_MIGRATE to the home DC", async () => {
    const c = client();
    await c.connect();
    const users = await sb.control.listUsers();
    const grace = users.find((u) => u.username === "grace")!;
    await c.start({
      phoneNumber: async () => grace.phone,
      phoneCode: async () => grace.code,
      onError: async (e) => {
        throw e;
      },
    });
    expect(c.session.dcId).toBe(1);
    expect((await c.getMe()).username).toBe("grace");
  });

  it("a wrong phone code is PHONE_CODE_INVALID", async () => {
    const c = client();
    await c.connect();
    const sent = await c.invoke(
      new Api.auth.SendCode({
        phoneNumber: "9996620005",
        apiId: SANDBOX_API_ID,
        apiHash: SANDBOX_API_HASH,
        settings: new Api.CodeSettings({}),
      }),
    );
    await expect(
      c.invoke(
        new Api.auth.SignIn({
          phoneNumber: "9996620005",
          phoneCodeHash: (sent as Api.auth.SentCode).phoneCodeHash,
          phoneCode: "00000",
        }),
      ),
    ).rejects.toMatchObject({ errorMessage: "PHONE_CODE_INVALID" });
  });
});

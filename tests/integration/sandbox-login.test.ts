import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, type TelegramClient } from "telegram";
import { newClient, qrLogin, startTestSandbox, type TestSandbox } from "./support/sandbox";

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

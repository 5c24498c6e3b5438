// The "Scan as demo user" helper talks to the sandbox's control API; against real
// Telegram it must not exist at all.
import { afterEach, describe, expect, it, vi } from "vitest";

async function bridgeWith(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  return import("@/lib/telegram/login/sandbox-bridge");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("sandbox bridge", () => {
  it("is closed in production mode", async () => {
    const bridge = await bridgeWith({
      NODE_ENV: "test",
      TELEGRAM_MODE: "production",
      TELEGRAM_API_ID: "12345",
      TELEGRAM_API_HASH: "0123456789abcdef0123456789abcdef",
    });
    expect(bridge.sandboxControl()).toBeNull();
    expect(await bridge.sandboxDemoUsers()).toBeNull();
  });

  it("points at the configured control port in sandbox mode, and reports a stopped sandbox as no users", async () => {
    const bridge = await bridgeWith({
      NODE_ENV: "test",
      TELEGRAM_MODE: "sandbox",
      SANDBOX_HOST: "127.0.0.1",
      SANDBOX_CONTROL_PORT: "9",
    });
    expect(bridge.sandboxControl()?.baseUrl).toBe("http://127.0.0.1:9");
    expect(await bridge.sandboxDemoUsers()).toEqual([]);
  });
});

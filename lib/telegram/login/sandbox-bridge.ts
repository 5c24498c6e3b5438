import "server-only";

import { env } from "@/lib/env";
import { readControlToken, SandboxControlClient } from "@tgdesk/telegram-sandbox/control-client";

/**
 * The app's only door to the sandbox's control API, for the "Scan as demo user" helper.
 * Closed (null) in production mode, so that helper cannot exist against real Telegram.
 * The token is read at each call because the sandbox writes a new one whenever it starts;
 * before its first start there is none, and the calls fail like a stopped sandbox's.
 */
export function sandboxControl(): SandboxControlClient | null {
  if (env.TELEGRAM_MODE !== "sandbox") return null;
  let token = "";
  try {
    token = readControlToken(env.SANDBOX_DIR);
  } catch {
    // Not started yet: the control server refuses an empty token.
  }
  return new SandboxControlClient(`http://${env.SANDBOX_HOST}:${env.SANDBOX_CONTROL_PORT}`, token, 3_000);
}

export interface DemoUser {
  username: string;
  label: string;
}

/** Seeded users a person can scan as: null outside the sandbox, [] when it is not running. */
export async function sandboxDemoUsers(): Promise<DemoUser[] | null> {
  const control = sandboxControl();
  if (!control) return null;
  try {
    const users = await control.listUsers();
    return users
      .filter((user): user is typeof user & { username: string } => Boolean(user.username) && user.username !== "bench")
      .map((user) => ({
        username: user.username,
        label: `${[user.firstName, user.lastName].filter(Boolean).join(" ")} (@${user.username})${user.has2fa ? " · 2FA" : ""} · DC${user.homeDc}`,
      }));
  } catch {
    return [];
  }
}

import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TelegramClient, sessions } from "telegram";
import { env } from "@/lib/env";
import { SANDBOX_API_HASH, SANDBOX_API_ID, buildTelegramClient, type TelegramClientSettings } from "./connect-core";

export { buildTelegramClient, trustServerKey, type TelegramClientSettings, type TelegramMode } from "./connect-core";

export interface CreateTelegramClientOptions extends Partial<Omit<TelegramClientSettings, "session">> {
  session: string | sessions.StringSession;
}

/** API id and hash for auth.exportLoginToken and friends, in the current mode. */
export function telegramCredentials(): { apiId: number; apiHash: string } {
  if (env.TELEGRAM_MODE === "production") return { apiId: env.TELEGRAM_API_ID!, apiHash: env.TELEGRAM_API_HASH! };
  return { apiId: SANDBOX_API_ID, apiHash: SANDBOX_API_HASH };
}

let sandboxKey: { dir: string; pem: string } | undefined;

/** The sandbox writes its public key into SANDBOX_DIR on first start. */
function sandboxPublicKey(): string {
  if (sandboxKey?.dir === env.SANDBOX_DIR) return sandboxKey.pem;
  const file = join(env.SANDBOX_DIR, "rsa-public.pem");
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch {
    throw new Error(`Sandbox public key not found at ${file}: start the sandbox (npm run sandbox -- start) first`);
  }
  sandboxKey = { dir: env.SANDBOX_DIR, pem };
  return pem;
}

/**
 * The one way the app builds a GramJS client. Sandbox mode dials the loopback DCs and
 * trusts the sandbox key; production uses Telegram's DCs. Retries and timeouts are
 * finite, so a broken setup fails instead of hanging. Call destroy() when done.
 */
export function createTelegramClient(opts: CreateTelegramClientOptions): TelegramClient {
  const mode = opts.mode ?? env.TELEGRAM_MODE;
  const creds = mode === env.TELEGRAM_MODE ? telegramCredentials() : { apiId: opts.apiId, apiHash: opts.apiHash };
  return buildTelegramClient({
    ...opts,
    mode,
    apiId: opts.apiId ?? creds.apiId,
    apiHash: opts.apiHash ?? creds.apiHash,
    sandbox:
      mode === "sandbox"
        ? (opts.sandbox ?? { host: env.SANDBOX_HOST, port: env.SANDBOX_PORT, publicKeyPem: sandboxPublicKey() })
        : undefined,
  });
}

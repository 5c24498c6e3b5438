import "server-only";

import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { remember } from "@/lib/remember";
import { keyringFrom, type SessionKeyring } from "@/lib/crypto/session-envelope";
import { WebhookWorker, workerOptionsFromEnv } from "./worker";

// One worker per process, shared by every bundle (instrumentation, route handlers).
const state = remember<{ worker: WebhookWorker | null }>("webhooks.worker", () => ({ worker: null }));

/** Starts the delivery worker (instrumentation.ts, once per server process). Idempotent. */
export function startWebhookWorker(): WebhookWorker {
  state.worker ??= new WebhookWorker(workerOptionsFromEnv(db, env));
  state.worker.start();
  return state.worker;
}

export async function stopWebhookWorker(): Promise<void> {
  await state.worker?.stop();
}

/** The key ring webhook secrets are sealed with: the same as Telegram sessions'. */
export function webhookKeyring(): SessionKeyring {
  return keyringFrom(env.TELEGRAM_SESSION_KEY, env.TELEGRAM_SESSION_KEY_PREVIOUS);
}

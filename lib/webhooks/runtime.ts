import "server-only";

import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { remember } from "@/lib/remember";
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

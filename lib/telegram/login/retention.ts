import "server-only";

// Login attempts are kept as a trace (settings shows recent ones) but not forever: rows
// older than AUTH_ATTEMPT_RETENTION_DAYS are deleted by a sweep that instrumentation.ts
// starts once per server process.
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { remember } from "@/lib/remember";

const SWEEP_EVERY_MS = 6 * 60 * 60 * 1000;

/** Deletes attempts started before now − `days`; returns how many. Older than any live attempt can be. */
export async function sweepOldAuthAttempts(store: Db, days: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const { count } = await store.authAttempt.deleteMany({ where: { startedAt: { lt: cutoff } } });
  return count;
}

const state = remember("telegram.authAttemptRetention", () => ({ timer: null as NodeJS.Timeout | null }));

/** Sweeps now and then every few hours; idempotent (dev reloads call it again). */
export function startAuthAttemptRetention(store: Db): void {
  if (state.timer) return;
  const sweep = () => {
    sweepOldAuthAttempts(store, env.AUTH_ATTEMPT_RETENTION_DAYS).then(
      (count) => {
        if (count > 0) logger.info({ count, days: env.AUTH_ATTEMPT_RETENTION_DAYS }, "deleted old login attempts");
      },
      (error: unknown) => logger.warn({ err: error }, "login attempt retention sweep failed"),
    );
  };
  sweep();
  state.timer = setInterval(sweep, SWEEP_EVERY_MS);
  state.timer.unref();
}

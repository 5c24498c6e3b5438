// Next.js calls register() once when a server process starts: the one place background
// work (the account pool's idle sweeper, its shutdown handlers, the login attempt
// retention sweep) begins, instead of as a
// side effect of whichever module a request happened to import first.
export async function register(): Promise<void> {
  // The edge runtime has no timers worth keeping and no GramJS.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTelegramRuntime } = await import("@/lib/telegram/runtime/lifecycle");
  startTelegramRuntime();
  // A wrong or rotated TELEGRAM_SESSION_KEY is said once, at start, with how many
  // accounts it affects, instead of as failures on every dashboard request.
  const [{ checkStoredSessions }, { logger }] = await Promise.all([
    import("@/lib/telegram/runtime/stored-sessions"),
    import("@/lib/log"),
  ]);
  await checkStoredSessions().catch((error: unknown) =>
    logger.error({ err: error }, "could not check the stored Telegram sessions against TELEGRAM_SESSION_KEY"),
  );
  const [{ startAuthAttemptRetention }, { db }] = await Promise.all([
    import("@/lib/telegram/login/retention"),
    import("@/lib/db"),
  ]);
  startAuthAttemptRetention(db);
  // Webhook deliveries waiting in the outbox (from before a restart, too) go out from here.
  const { startWebhookWorker } = await import("@/lib/webhooks/runtime");
  startWebhookWorker();
}

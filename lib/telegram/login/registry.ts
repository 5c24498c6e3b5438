import "server-only";

import { randomUUID } from "node:crypto";

import { parseSessionKey, sealSession } from "@/lib/crypto/session-envelope";
import { db } from "@/lib/db";
import { recordWebhookEvent } from "@/lib/webhooks/outbox";
import { wakeWebhookWorkers } from "@/lib/webhooks/worker";
import { env } from "@/lib/env";
import type { CodedError } from "@/lib/http/coded-error";
import type { ErrorCode } from "@/lib/http/error-codes";
import { logger } from "@/lib/log";
import { remember } from "@/lib/remember";
import { adoptLoggedInClient } from "../runtime/lifecycle";
import { createTelegramClient, telegramCredentials } from "../gramjs/connect";
import { sessionContext } from "../runtime/session-context";
import { GramJsLoginDriver } from "./gramjs-driver";
import { LIVE_STATUSES, LoginAttempt, type LoginOptions, type TelegramIdentity } from "./machine";
import { takeLoginStart, type LoginStartLimit } from "./start-limit";
import type { LoginMethod, LoginState } from "./types";
import { auditOwnTelegramEvent } from "@/lib/admin/audit-telegram";
import { telegramAccountLabel } from "../account-label";

/**
 * The process-wide set of login attempts, at most one per site user.
 *
 * It is remember()ed on globalThis: a module-level Map would hold a different set of
 * attempts per route bundle, and the password POST would not find the attempt the QR
 * POST made.
 */
interface Registry {
  /** Live attempts, at most one per site user; an attempt leaves as it finishes. */
  attempts: Map<string, LoginAttempt>;
  /**
   * How each user's last attempt ended, kept for a while so the page can still show it.
   * Only the plain state is kept: a finished attempt's GramJS client must be free to go.
   */
  finished: Map<string, { state: LoginState; timer: NodeJS.Timeout }>;
  /** Site users whose start is under way, so a double click joins it instead of racing. */
  starting: Map<string, Promise<LoginAttempt>>;
  sweep: Promise<void> | null;
}

const registry: Registry = remember<Registry>("telegram.loginRegistry", () => ({
  attempts: new Map(),
  finished: new Map(),
  starting: new Map(),
  sweep: null,
}));

const log = logger.child({ module: "telegram.login" });

/** A finished attempt's result stays readable this long, so the page can show it. */
const FINAL_STATE_TTL_MS = 10 * 60_000;
/** A restart is reported to pages whose attempt was cut off at most this long ago. */
const RESTART_REPORT_WINDOW_MS = 30 * 60_000;

/** A request that does not fit the user's login attempt; its code is the API's. */
export class LoginError extends Error implements CodedError {
  constructor(
    readonly code: "no_attempt" | "not_awaiting_password" | "login_step_changed" | "rate_limited",
    message: string,
    readonly details?: { retryAfterSeconds: number },
  ) {
    super(message);
    this.name = "LoginError";
  }

  get errorCode(): ErrorCode {
    return this.code;
  }

  get publicMessage(): string {
    return this.message;
  }
}

/** Test seam: lets integration tests shorten lifetimes and timeouts. Production uses the defaults. */
let attemptOptions: LoginOptions & { requestTimeoutMs?: number; startLimit?: LoginStartLimit } = {};
export function configureLoginAttempts(
  options: LoginOptions & { requestTimeoutMs?: number; startLimit?: LoginStartLimit },
): void {
  attemptOptions = options;
}

export async function startLogin(
  userId: string,
  options: { restart?: boolean; method?: LoginMethod } = {},
): Promise<LoginState> {
  await sweepInterruptedAttempts();
  const pending = registry.starting.get(userId);
  if (pending) return (await pending).current;

  const method = options.method ?? "qr";
  const existing = registry.attempts.get(userId);
  if (existing && !options.restart && existing.method === method) return existing.current;
  // Registered before its first await, so concurrent starts join this one.
  const starting = (async () => {
    // Only a new attempt counts (it makes a new auth key); a refused restart keeps the old one.
    const wait = await takeLoginStart(userId, attemptOptions.startLimit);
    if (wait > 0) {
      throw new LoginError("rate_limited", `Too many new logins; try again in ${wait} seconds.`, {
        retryAfterSeconds: wait,
      });
    }
    if (existing) await existing.cancel();
    return createAttempt(userId, method);
  })();
  registry.starting.set(userId, starting);
  try {
    const attempt = await starting;
    return await attempt.start();
  } finally {
    registry.starting.delete(userId);
  }
}

export async function getLoginState(
  userId: string,
  wait?: { afterVersion: number; timeoutMs: number; signal?: AbortSignal },
): Promise<LoginState> {
  await sweepInterruptedAttempts();
  const attempt = registry.attempts.get(userId);
  if (attempt) {
    return wait ? attempt.waitForChange(wait.afterVersion, wait.timeoutMs, wait.signal) : attempt.current;
  }
  const finished = registry.finished.get(userId)?.state;
  if (finished?.status === "success" && !(await stillLinked(userId, finished.account.id))) {
    // Unlinked, logged out or revoked since: answering "success" would send the login page
    // straight back to a dashboard that has no account (the re-link loop).
    clearFinished(userId);
    return { status: "none", version: 0 };
  }
  return finished ?? restartedAttemptState(userId);
}

async function stillLinked(userId: string, accountId: string): Promise<boolean> {
  const row = await db.telegramAccount.findFirst({
    where: { id: accountId, userId, status: "active" },
    select: { id: true },
  });
  return row !== null;
}

export async function submitLoginPassword(userId: string, password: string): Promise<LoginState> {
  const attempt = registry.attempts.get(userId);
  if (!attempt) {
    throw new LoginError("no_attempt", "There is no login in progress. Create a new QR code.");
  }
  if (attempt.current.status !== "password") {
    throw new LoginError("not_awaiting_password", "This login is not waiting for a password.");
  }
  return attempt.submitPassword(password);
}

/** The live phone-login attempt in `status`, or the error the API answers with. */
function phoneAttempt(userId: string, status: "phone" | "code"): LoginAttempt {
  const attempt = registry.attempts.get(userId);
  if (!attempt) throw new LoginError("no_attempt", "There is no login in progress. Start again.");
  if (attempt.current.status !== status) {
    throw new LoginError(
      "login_step_changed",
      `This login is not waiting for ${status === "phone" ? "a phone number" : "a code"}.`,
    );
  }
  return attempt;
}

export async function submitLoginPhone(userId: string, phone: string): Promise<LoginState> {
  return phoneAttempt(userId, "phone").submitPhone(phone);
}

export async function submitLoginCode(userId: string, code: string): Promise<LoginState> {
  return phoneAttempt(userId, "code").submitCode(code);
}

export async function resendLoginCode(userId: string): Promise<LoginState> {
  return phoneAttempt(userId, "code").resendCode();
}

export async function changeLoginPhone(userId: string): Promise<LoginState> {
  return phoneAttempt(userId, "code").changePhone();
}

export async function cancelLogin(userId: string): Promise<LoginState> {
  const attempt = registry.attempts.get(userId);
  if (!attempt) return registry.finished.get(userId)?.state ?? { status: "none", version: 0 };
  return attempt.cancel();
}

/** Cancels every live attempt (tests and benchmarks). */
export async function cancelAllLogins(): Promise<void> {
  await Promise.all([...registry.attempts.values()].map((attempt) => attempt.cancel()));
}

export function liveAttemptCount(): number {
  return registry.attempts.size;
}

async function createAttempt(userId: string, method: LoginMethod): Promise<LoginAttempt> {
  const linked = await db.telegramAccount.findMany({
    where: { userId, status: "active" },
    select: { telegramUserId: true },
  });
  const record = await db.authAttempt.create({
    data: { id: randomUUID(), userId, method, status: "started" },
    select: { id: true },
  });
  const { requestTimeoutMs, ...machineOptions } = attemptOptions;
  const driver = new GramJsLoginDriver(createTelegramClient({ session: "" }), telegramCredentials(), requestTimeoutMs);
  const attempt = new LoginAttempt(
    record.id,
    userId,
    driver,
    {
      onSuccess: (identity) => linkAccount(userId, record.id, identity, driver),
      onTransition: (next, previous) => recordTransition(attempt, next, previous),
      onScanned: () => log.info({ attemptId: record.id, userId }, "login token scanned"),
    },
    undefined,
    { ...machineOptions, method, exceptIds: linked.map((account) => account.telegramUserId) },
  );
  registry.attempts.set(userId, attempt);
  clearFinished(userId);
  log.info({ attemptId: record.id, userId, method }, "login attempt created");
  return attempt;
}

async function linkAccount(
  userId: string,
  attemptId: string,
  identity: TelegramIdentity,
  driver: GramJsLoginDriver,
): Promise<{ account: { id: string; name: string; username: string | null }; adopted: boolean }> {
  const session = driver.exportSession();
  const key = parseSessionKey(env.TELEGRAM_SESSION_KEY);
  const profile = {
    firstName: identity.firstName,
    lastName: identity.lastName,
    username: identity.username,
    phone: identity.phone,
    dcId: identity.dcId,
  };
  // The envelope is bound to the row it lives in, so the id is chosen before sealing.
  const existing = await db.telegramAccount.findUnique({
    where: { userId_telegramUserId: { userId, telegramUserId: identity.id } },
    select: { id: true },
  });
  const id = existing?.id ?? randomUUID();
  const sessionCiphertext = sealSession(session, key, sessionContext(userId, id));
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.telegramAccount.upsert({
      where: { id },
      create: {
        id,
        userId,
        telegramUserId: identity.id,
        sessionCiphertext,
        status: "active",
        linkedAt: now,
        ...profile,
      },
      update: { sessionCiphertext, status: "active", linkedAt: now, revokedAt: null, ...profile },
    });
    await recordWebhookEvent(tx, {
      userId,
      type: "account.linked",
      identity: `${id}:${now.toISOString()}`,
      orderingKey: id,
      data: {
        accountId: id,
        telegramUserId: identity.id,
        firstName: identity.firstName,
        lastName: identity.lastName,
        username: identity.username,
      },
      at: now,
    });
  });
  wakeWebhookWorkers();
  await db.authAttempt.update({
    where: { id: attemptId },
    data: { telegramAccountId: id, accountLabel: telegramAccountLabel(profile) },
  });
  const name = [identity.firstName, identity.lastName].filter(Boolean).join(" ");
  const handle = identity.username ? ` (@${identity.username})` : "";
  log.info({ attemptId, accountId: id, telegramUserId: identity.id }, `linked as ${name}${handle}`);
  await auditOwnTelegramEvent("telegram.link", userId, { id, label: `${name}${handle}` }, { dcId: identity.dcId });
  // Hand the logged-in client to the dashboard's account pool: the first dashboard
  // render then needs no second connection.
  let adopted = false;
  try {
    await adoptLoggedInClient({ id, userId, telegramUserId: identity.id }, driver.client);
    adopted = true;
  } catch (error) {
    log.warn(
      { attemptId, accountId: id, err: error },
      "account pool did not adopt the login client; it will be destroyed",
    );
  }
  return { account: { id, name, username: identity.username }, adopted };
}

const DB_STATUS: Record<LoginState["status"], string> = {
  none: "started",
  starting: "started",
  qr: "qr",
  phone: "phone",
  code: "code",
  password: "password",
  success: "succeeded",
  expired: "expired",
  cancelled: "cancelled",
  failed: "failed",
};

function recordTransition(attempt: LoginAttempt, next: LoginState, previous: LoginState): void {
  const context = { attemptId: attempt.id, userId: attempt.userId };
  if (next.status === "qr" && previous.status === "qr") {
    log.debug({ ...context, renewals: next.qr.renewals }, "login token renewed");
    return;
  }
  if (next.status === "code" && previous.status === "code") {
    // The number itself is never logged: it identifies a person.
    if (next.error) log.info({ ...context, error: next.error }, "login code not accepted");
    else if (!next.checking && previous.checking) log.info(context, "login code sent again");
    return;
  }
  if (next.status === "phone" && previous.status === "phone") {
    if (next.error) log.info({ ...context, error: next.error }, "phone number not accepted");
    return;
  }
  if (next.status === "password" && previous.status === "password") {
    if (next.error === "wrong_password") log.info(context, "password rejected");
    else if (next.error) log.warn({ ...context, error: next.error }, "password check did not complete");
    return;
  }
  if (next.status === "success" && previous.status === "password") log.info(context, "password accepted");
  logTransition(context, next, attempt.lastErrorCode);
  const final = !LIVE_STATUSES.has(next.status);
  void db.authAttempt
    .update({
      where: { id: attempt.id },
      data: {
        status: DB_STATUS[next.status],
        errorCode: next.status === "failed" ? (attempt.lastErrorCode ?? next.code) : undefined,
        finishedAt: final ? new Date() : undefined,
      },
    })
    .catch((error: unknown) => log.error({ ...context, err: error }, "could not record login transition"));
  if (final) retire(attempt, next);
}

function logTransition(context: object, next: LoginState, errorCode: string | null): void {
  switch (next.status) {
    case "qr":
      log.info(context, "login token issued");
      break;
    case "password":
      log.info(context, "password required");
      break;
    case "code":
      log.info({ ...context, delivery: next.delivery }, "login code sent");
      break;
    case "success":
      log.info({ ...context, accountId: next.account.id }, "login succeeded");
      break;
    case "failed":
      log.warn({ ...context, code: next.code, telegramCode: errorCode }, "login failed");
      break;
    default:
      log.info(context, `login ${next.status}`);
  }
}

function retire(attempt: LoginAttempt, state: LoginState): void {
  if (registry.attempts.get(attempt.userId) === attempt) registry.attempts.delete(attempt.userId);
  clearFinished(attempt.userId);
  const timer = setTimeout(() => registry.finished.delete(attempt.userId), FINAL_STATE_TTL_MS);
  timer.unref();
  registry.finished.set(attempt.userId, { state, timer });
}

function clearFinished(userId: string): void {
  const previous = registry.finished.get(userId);
  if (previous) clearTimeout(previous.timer);
  registry.finished.delete(userId);
}

/**
 * A process that starts finds AuthAttempt rows that were live when the last one died.
 * Their GramJS clients are gone with it, so they are closed as failed, and the page that
 * was polling them is told to start again instead of spinning.
 */
function sweepInterruptedAttempts(): Promise<void> {
  const sweep = (registry.sweep ??= db.authAttempt
    .updateMany({
      where: { status: { in: ["started", "qr", "phone", "code", "password"] } },
      data: { status: "failed", errorCode: "SERVER_RESTARTED", finishedAt: new Date() },
    })
    .then(
      (result) => {
        if (result.count > 0) log.warn({ count: result.count }, "closed login attempts cut off by a restart");
      },
      (error: unknown) => {
        // Forget the failure: a memoised rejection would refuse every later login, where
        // the next request should simply try the sweep again.
        if (registry.sweep === sweep) registry.sweep = null;
        log.error({ err: error }, "could not close login attempts cut off by a restart");
        throw error;
      },
    ));
  return sweep;
}

async function restartedAttemptState(userId: string): Promise<LoginState> {
  const last = await db.authAttempt.findFirst({
    where: { userId },
    orderBy: { startedAt: "desc" },
    select: { id: true, errorCode: true, finishedAt: true },
  });
  const recent = last?.finishedAt && Date.now() - last.finishedAt.getTime() < RESTART_REPORT_WINDOW_MS;
  if (last && recent && last.errorCode === "SERVER_RESTARTED") {
    return { status: "failed", attemptId: last.id, version: 1, code: "server_restarted", retryAt: null };
  }
  return { status: "none", version: 0 };
}

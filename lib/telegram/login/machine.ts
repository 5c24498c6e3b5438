import { TelegramError, toTelegramError } from "../errors";
import type {
  CodeDelivery,
  CodeErrorCode,
  LoginFailureCode,
  LoginMethod,
  LoginState,
  PasswordErrorCode,
  PhoneErrorCode,
} from "./types";

/**
 * One QR login attempt as a state machine, free of GramJS, the database and real time:
 * the driver speaks to Telegram, the hooks persist, the clock schedules. That keeps every
 * transition testable with a fake clock and a fake driver.
 *
 *   starting ─► qr ─(scan)─► success
 *                │  └─(2FA)─► password ─► success
 *                └─► expired | cancelled | failed        (from any live state)
 *
 *   starting ─► phone ─(auth.sendCode)─► code ─(auth.signIn)─► success
 *                                         └─(2FA)─► password ─► success
 *
 * All work runs through one queue, so a token renewal, an updateLoginToken push and a
 * password submission never interleave on the same GramJS client.
 */

export interface LoginClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: LoginClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending attempt must never keep a shutting-down server alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface TelegramIdentity {
  id: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
  phone: string | null;
  dcId: number;
}

export type TokenResult =
  | { kind: "token"; token: Buffer; /** Local epoch ms, already corrected for server clock skew. */ expiresAt: number }
  | { kind: "migrate"; dcId: number; token: Buffer }
  | { kind: "success"; user: TelegramIdentity };

/** What auth.sendCode answered, without the hash (the machine keeps that to itself). */
export interface SentCode {
  phoneCodeHash: string;
  delivery: CodeDelivery;
  length: number | null;
  nextDelivery: CodeDelivery | null;
  /** Seconds before a resend may be asked for. */
  timeoutSeconds: number | null;
}

export interface LoginDriver {
  connect(): Promise<void>;
  exportLoginToken(exceptIds: readonly string[]): Promise<TokenResult>;
  importLoginToken(dcId: number, token: Buffer): Promise<TokenResult>;
  getPasswordHint(): Promise<string | null>;
  /** Fetches fresh SRP parameters and checks the password; resolves with the user. */
  checkPassword(password: string): Promise<TelegramIdentity>;
  /** auth.sendCode (Telegram moves the client to the phone's home DC on PHONE_MIGRATE_X). */
  sendCode(phone: string): Promise<SentCode>;
  /** auth.signIn; SESSION_PASSWORD_NEEDED when the account has a cloud password. */
  signIn(phone: string, phoneCodeHash: string, code: string): Promise<TelegramIdentity>;
  /** Called when Telegram pushes updateLoginToken (the phone accepted the token). */
  onLoginTokenUpdate(listener: () => void): void;
  destroy(): Promise<void>;
}

interface LinkedAccount {
  id: string;
  name: string;
  username: string | null;
}

export interface LoginHooks {
  /**
   * Persists the account. Returning `adopted: true` hands the driver's client over
   * (to the account pool); otherwise the machine destroys it.
   */
  onSuccess(user: TelegramIdentity, driver: LoginDriver): Promise<{ account: LinkedAccount; adopted: boolean }>;
  onTransition?(next: LoginState, previous: LoginState): void;
  /** Telegram pushed updateLoginToken: the phone accepted the code. */
  onScanned?(): void;
}

export interface LoginOptions {
  /** How long an unscanned attempt lives before it expires by itself. */
  qrLifetimeMs?: number;
  /** How long the password step waits for the person. */
  passwordLifetimeMs?: number;
  /** Renew this long before the token expires (capped at a quarter of its lifetime). */
  renewMarginMs?: number;
  /** Telegram user ids already linked by this site user: Telegram will not log them in again. */
  exceptIds?: readonly string[];
  /** QR code (the default) or phone number and code. */
  method?: LoginMethod;
}

type LiveState = Extract<LoginState, { status: "starting" | "qr" | "phone" | "code" | "password" }>;

export const LIVE_STATUSES: ReadonlySet<LoginState["status"]> = new Set([
  "starting",
  "qr",
  "phone",
  "code",
  "password",
]);

const MAX_TOKEN_RETRIES = 3;

export class LoginAttempt {
  private state: LoginState;
  private queue: Promise<unknown> = Promise.resolve();
  private renewTimer: unknown = null;
  private deadlineTimer: unknown = null;
  private waiters = new Set<() => void>();
  private driverReleased = false;
  /** Telegram's own code for the failure, for the audit record (never shown raw). */
  lastErrorCode: string | null = null;
  private readonly options: Required<LoginOptions>;

  constructor(
    readonly id: string,
    readonly userId: string,
    private readonly driver: LoginDriver,
    private readonly hooks: LoginHooks,
    private readonly clock: LoginClock = systemClock,
    options: LoginOptions = {},
  ) {
    this.options = {
      qrLifetimeMs: options.qrLifetimeMs ?? 5 * 60_000,
      passwordLifetimeMs: options.passwordLifetimeMs ?? 10 * 60_000,
      renewMarginMs: options.renewMarginMs ?? 5_000,
      exceptIds: options.exceptIds ?? [],
      method: options.method ?? "qr",
    };
    const deadline = clock.now() + this.options.qrLifetimeMs;
    this.state = { status: "starting", attemptId: id, method: this.options.method, version: 1, deadline };
    this.armDeadline(deadline);
  }

  get current(): LoginState {
    return this.state;
  }

  get isFinal(): boolean {
    return !LIVE_STATUSES.has(this.state.status);
  }

  /** Connects and shows the first QR code. Resolves once that has happened or failed. */
  start(): Promise<LoginState> {
    this.driver.onLoginTokenUpdate(() => {
      if (this.state.status !== "qr") return;
      this.hooks.onScanned?.();
      // The phone accepted the token: exporting again now returns the authorization.
      void this.enqueue(() => this.issueToken());
    });
    return this.enqueue(async () => {
      await this.driver.connect();
      if (this.options.method === "phone") this.askForPhone(null);
      else await this.issueToken();
    });
  }

  get method(): LoginMethod {
    return this.options.method;
  }

  /** Phone login: asks Telegram to send a code to `phone` (digits, with the country code). */
  submitPhone(phone: string): Promise<LoginState> {
    return this.enqueue(async () => {
      const state = this.state;
      if (state.status !== "phone") return;
      if (state.retryAt !== null && state.retryAt > this.clock.now()) {
        this.update({ ...state, error: "flood_wait" });
        return;
      }
      this.update({ ...state, checking: true, error: null });
      try {
        this.phone = phone;
        this.showCode(await this.driver.sendCode(phone));
      } catch (error) {
        this.handlePhoneError(toTelegramError(error));
      }
    });
  }

  /** Phone login: sends the code again (the delivery Telegram offers next). */
  resendCode(): Promise<LoginState> {
    return this.enqueue(async () => {
      const state = this.state;
      if (state.status !== "code" || (state.resendAt !== null && state.resendAt > this.clock.now())) return;
      this.update({ ...state, checking: true, error: null });
      try {
        this.showCode(await this.driver.sendCode(state.phone));
      } catch (error) {
        this.handleCodeError(toTelegramError(error));
      }
    });
  }

  /** Phone login: back to the number (a typo in it), the same attempt and client. */
  changePhone(): Promise<LoginState> {
    return this.enqueue(() => {
      if (this.state.status === "code") this.askForPhone(null);
      return Promise.resolve();
    });
  }

  submitCode(code: string): Promise<LoginState> {
    return this.enqueue(async () => {
      const state = this.state;
      if (state.status !== "code" || this.phoneCodeHash === null) return;
      if (state.retryAt !== null && state.retryAt > this.clock.now()) {
        this.update({ ...state, error: "flood_wait" });
        return;
      }
      this.update({ ...state, checking: true, error: null });
      try {
        const user = await this.driver.signIn(state.phone, this.phoneCodeHash, code);
        await this.succeed(user);
      } catch (error) {
        const telegramError = toTelegramError(error);
        if (telegramError.code === "SESSION_PASSWORD_NEEDED") await this.askForPassword();
        else this.handleCodeError(telegramError);
      }
    });
  }

  private phone: string | null = null;
  private phoneCodeHash: string | null = null;

  private askForPhone(error: PhoneErrorCode | null, retryAt: number | null = null): void {
    this.phoneCodeHash = null;
    this.update({
      status: "phone",
      attemptId: this.id,
      method: "phone",
      version: 0,
      deadline: this.deadline(),
      checking: false,
      error,
      retryAt,
    });
  }

  private showCode(sent: SentCode): void {
    this.phoneCodeHash = sent.phoneCodeHash;
    const now = this.clock.now();
    const deadline = now + this.options.passwordLifetimeMs;
    this.armDeadline(deadline);
    this.update({
      status: "code",
      attemptId: this.id,
      method: "phone",
      version: 0,
      deadline,
      phone: this.phone ?? "",
      delivery: sent.delivery,
      length: sent.length,
      nextDelivery: sent.nextDelivery,
      resendAt: sent.nextDelivery === null ? null : now + (sent.timeoutSeconds ?? 0) * 1000,
      checking: false,
      error: null,
      retryAt: null,
    });
  }

  private handlePhoneError(error: TelegramError): void {
    if (error.isNetwork) return this.askForPhone("network");
    switch (error.code) {
      case "PHONE_NUMBER_INVALID":
      case "PHONE_NUMBER_UNOCCUPIED":
        return this.askForPhone("phone_number_invalid");
      case "PHONE_NUMBER_BANNED":
        return this.askForPhone("phone_number_banned");
      case "FLOOD_WAIT":
        return this.askForPhone("flood_wait", this.clock.now() + (error.seconds ?? 60) * 1000);
      default:
        this.fail(error);
    }
  }

  private handleCodeError(error: TelegramError): void {
    const state = this.state;
    if (state.status !== "code") return;
    const settle = (code: CodeErrorCode, extra: Partial<typeof state> = {}) =>
      this.update({ ...state, checking: false, error: code, ...extra });
    if (error.isNetwork) return settle("network");
    switch (error.code) {
      case "PHONE_CODE_INVALID":
      case "PHONE_CODE_EMPTY":
        return settle("code_invalid");
      case "PHONE_CODE_EXPIRED":
        // The code is dead: only a new one helps, so a resend is offered at once.
        return settle("code_expired", { resendAt: this.clock.now() });
      case "FLOOD_WAIT":
        return settle("flood_wait", { retryAt: this.clock.now() + (error.seconds ?? 60) * 1000 });
      default:
        this.fail(error);
    }
  }

  submitPassword(password: string): Promise<LoginState> {
    return this.enqueue(async () => {
      const state = this.state;
      if (state.status !== "password") return;
      if (state.retryAt !== null && state.retryAt > this.clock.now()) {
        this.update({ ...state, error: "flood_wait" });
        return;
      }
      this.update({ ...state, checking: true, error: null });
      try {
        const user = await this.driver.checkPassword(password);
        await this.succeed(user);
      } catch (error) {
        await this.handlePasswordError(toTelegramError(error));
      }
    });
  }

  cancel(): Promise<LoginState> {
    // Not queued: a cancel must win over a request that is stuck on the network.
    this.finish({ status: "cancelled", attemptId: this.id, method: this.options.method, version: 0 });
    return Promise.resolve(this.state);
  }

  /**
   * Resolves with the state once its version passes `afterVersion`, after `timeoutMs`,
   * or when `signal` aborts (the browser went away: its waiter must not linger).
   */
  waitForChange(afterVersion: number, timeoutMs: number, signal?: AbortSignal): Promise<LoginState> {
    if (this.state.version > afterVersion || this.isFinal || signal?.aborted) return Promise.resolve(this.state);
    return new Promise((resolve) => {
      const done = () => {
        this.clock.clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener("abort", done);
        resolve(this.state);
      };
      const timer = this.clock.setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  /** Long polls waiting on this attempt right now. */
  get waiterCount(): number {
    return this.waiters.size;
  }

  private enqueue(task: () => Promise<void>): Promise<LoginState> {
    const run = this.queue.then(async () => {
      if (this.isFinal) return;
      try {
        await task();
      } catch (error) {
        this.fail(error);
      }
    });
    this.queue = run;
    return run.then(() => this.state);
  }

  private async issueToken(retries = 0): Promise<void> {
    if (this.isFinal) return;
    let result: TokenResult;
    try {
      result = await this.driver.exportLoginToken(this.options.exceptIds);
    } catch (error) {
      await this.handleTokenError(toTelegramError(error), retries);
      return;
    }
    await this.handleTokenResult(result, retries);
  }

  private async handleTokenResult(result: TokenResult, retries: number): Promise<void> {
    if (this.isFinal) return;
    switch (result.kind) {
      case "success":
        await this.succeed(result.user);
        return;
      case "migrate": {
        // The account lives on another DC: finish the login there (auth.importLoginToken).
        let imported: TokenResult;
        try {
          imported = await this.driver.importLoginToken(result.dcId, result.token);
        } catch (error) {
          await this.handleTokenError(toTelegramError(error), retries);
          return;
        }
        await this.handleTokenResult(imported, retries);
        return;
      }
      case "token":
        this.showToken(result.token, result.expiresAt);
        return;
    }
  }

  private showToken(token: Buffer, expiresAt: number): void {
    const now = this.clock.now();
    const previous = this.state;
    const renewals = previous.status === "qr" ? previous.qr.renewals + 1 : 0;
    this.update({
      status: "qr",
      attemptId: this.id,
      method: "qr",
      version: 0,
      deadline: this.deadline(),
      qr: { url: `tg://login?token=${token.toString("base64url")}`, issuedAt: now, expiresAt, renewals },
    });
    const lifetime = Math.max(0, expiresAt - now);
    const margin = Math.min(this.options.renewMarginMs, lifetime / 4);
    this.clearRenewal();
    this.renewTimer = this.clock.setTimeout(
      () => {
        this.renewTimer = null;
        if (this.state.status === "qr") void this.enqueue(() => this.issueToken());
      },
      Math.max(0, lifetime - margin),
    );
  }

  private async handleTokenError(error: TelegramError, retries: number): Promise<void> {
    switch (error.code) {
      case "SESSION_PASSWORD_NEEDED":
        await this.askForPassword();
        return;
      case "AUTH_TOKEN_EXPIRED":
      case "AUTH_TOKEN_ALREADY_ACCEPTED":
      case "AUTH_TOKEN_INVALID":
        // The phone was too late or scanned twice: a fresh token is the whole remedy.
        if (retries < MAX_TOKEN_RETRIES) {
          await this.issueToken(retries + 1);
          return;
        }
        break;
    }
    this.fail(error);
  }

  private async askForPassword(): Promise<void> {
    this.clearRenewal();
    const hint = await this.driver.getPasswordHint();
    const deadline = this.clock.now() + this.options.passwordLifetimeMs;
    this.armDeadline(deadline);
    this.update({
      status: "password",
      attemptId: this.id,
      method: this.options.method,
      version: 0,
      deadline,
      hint,
      phone: this.options.method === "phone" ? this.phone : null,
      checking: false,
      error: null,
      retryAt: null,
    });
  }

  private async handlePasswordError(error: TelegramError): Promise<void> {
    const state = this.state;
    if (state.status !== "password") return;
    const settle = (code: PasswordErrorCode, extra: Partial<typeof state> = {}) =>
      this.update({ ...state, checking: false, error: code, ...extra });
    if (error.isNetwork) {
      settle("network");
      return;
    }
    switch (error.code) {
      case "PASSWORD_HASH_INVALID":
        settle("wrong_password");
        return;
      case "SRP_ID_INVALID":
      case "SRP_PASSWORD_CHANGED":
      case "PASSWORD_EMPTY": {
        // The password was changed (or removed) on another device while we waited.
        const hint = await this.driver.getPasswordHint().catch(() => state.hint);
        settle("password_changed", { hint });
        return;
      }
      case "FLOOD_WAIT":
        settle("flood_wait", { retryAt: this.clock.now() + (error.seconds ?? 60) * 1000 });
        return;
      default:
        this.fail(error);
    }
  }

  private async succeed(user: TelegramIdentity): Promise<void> {
    if (this.isFinal) return;
    const { account, adopted } = await this.hooks.onSuccess(user, this.driver);
    this.driverReleased = adopted;
    this.finish({ status: "success", attemptId: this.id, method: this.options.method, version: 0, account });
  }

  private fail(error: unknown): void {
    if (this.isFinal) return;
    const telegramError = toTelegramError(error);
    let code: LoginFailureCode = "telegram_error";
    if (telegramError.code === "FLOOD_WAIT") code = "flood_wait";
    else if (telegramError.isNetwork) code = "network";
    else if (telegramError.code === "UNKNOWN") code = "internal";
    const retryAt = telegramError.seconds !== null ? this.clock.now() + telegramError.seconds * 1000 : null;
    this.finish(
      { status: "failed", attemptId: this.id, method: this.options.method, version: 0, code, retryAt },
      telegramError,
    );
  }

  /** Expires the attempt when its deadline passes; used by the timer and by a restart sweep. */
  expire(): void {
    this.finish({ status: "expired", attemptId: this.id, method: this.options.method, version: 0 });
  }

  private finish(next: LoginState, cause?: TelegramError): void {
    if (this.isFinal) return;
    if (cause) this.lastErrorCode = cause.code;
    this.clearRenewal();
    this.clock.clearTimeout(this.deadlineTimer);
    this.update(next);
    if (!this.driverReleased) {
      this.driverReleased = true;
      // Every exit path ends the client for good; destroy() also stops its update loop.
      void this.driver.destroy().catch(() => undefined);
    }
  }

  private update(next: LoginState): void {
    const previous = this.state;
    this.state = { ...next, version: previous.version + 1 } as LoginState;
    this.hooks.onTransition?.(this.state, previous);
    for (const wake of [...this.waiters]) wake();
  }

  private deadline(): number {
    const state = this.state as LiveState;
    return state.deadline;
  }

  private armDeadline(deadline: number): void {
    this.clock.clearTimeout(this.deadlineTimer);
    this.deadlineTimer = this.clock.setTimeout(() => this.expire(), Math.max(0, deadline - this.clock.now()));
  }

  private clearRenewal(): void {
    if (this.renewTimer !== null) this.clock.clearTimeout(this.renewTimer);
    this.renewTimer = null;
  }
}

// Per-account token buckets in front of every Telegram call (docs/decisions/telegram-token-buckets.md).
// Pure: no Node or GramJS imports, a clock passed in, so unit tests drive it exactly.
import type { CodedError } from "@/lib/http/coded-error";

export type BucketClass = "resolve" | "search" | "history" | "dialogs" | "send" | "files" | "other";

export interface BucketSpec {
  /** Calls allowed in a burst. */
  capacity: number;
  /** Tokens added back per second (the sustained rate). */
  refillPerSecond: number;
}

/**
 * Resolving and searching are what Telegram restricts accounts for (looking up many
 * people quickly), so they are tight; reading is moderate; sending is per chat, at
 * Telegram's own pace of about one message a second in a chat.
 */
export const DEFAULT_BUCKETS: Record<BucketClass, BucketSpec> = {
  resolve: { capacity: 5, refillPerSecond: 0.1 },
  search: { capacity: 10, refillPerSecond: 0.5 },
  history: { capacity: 30, refillPerSecond: 3 },
  dialogs: { capacity: 20, refillPerSecond: 2 },
  send: { capacity: 5, refillPerSecond: 1 },
  files: { capacity: 100, refillPerSecond: 30 },
  other: { capacity: 30, refillPerSecond: 5 },
};

/** A wait up to this long is served by waiting; a longer one fails at once as rate_limited. */
export const MAX_BUCKET_WAIT_MS = 3_000;

const CLASS_OF: Record<string, BucketClass> = {
  "contacts.ResolveUsername": "resolve",
  "contacts.ResolvePhone": "resolve",
  "contacts.ImportContacts": "resolve",
  "contacts.Search": "resolve",
  "messages.Search": "search",
  "messages.SearchGlobal": "search",
  "messages.GetHistory": "history",
  "messages.GetMessages": "history",
  "channels.GetMessages": "history",
  "messages.ReadHistory": "history",
  "channels.ReadHistory": "history",
  "messages.GetPeerDialogs": "history",
  "messages.GetDialogs": "dialogs",
  "contacts.GetContacts": "dialogs",
  "users.GetUsers": "dialogs",
  "users.GetFullUser": "dialogs",
  "messages.GetFullChat": "dialogs",
  "channels.GetFullChannel": "dialogs",
  "messages.SendMessage": "send",
  "messages.SendMedia": "send",
  "messages.SendMultiMedia": "send",
  "messages.ForwardMessages": "send",
};

/** Which bucket a GramJS request class name draws from. */
export function bucketClassOf(method: string): BucketClass {
  return CLASS_OF[method] ?? (method.startsWith("upload.") || method === "photos.GetUserPhotos" ? "files" : "other");
}

/**
 * A classic token bucket with reservations: a caller that must wait takes its token now
 * (the count goes below zero), so callers queue in arrival order and each waits for the
 * tokens owed before it. rate-limiter-flexible's memory limiter counts fixed windows,
 * which allows twice the burst across a window edge; that edge burst is what draws a
 * FLOOD_WAIT, hence this small bucket.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly spec: BucketSpec,
    private readonly now: () => number,
  ) {
    this.tokens = spec.capacity;
    this.at = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.spec.capacity, this.tokens + ((t - this.at) / 1000) * this.spec.refillPerSecond);
    this.at = t;
  }

  /**
   * Takes a token: 0 when one was there, else the wait in ms with the token reserved, or
   * `{ refusedMs }` (nothing reserved) when that wait would exceed `maxWaitMs`.
   */
  take(maxWaitMs: number): number | { refusedMs: number } {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    const waitMs = Math.ceil(((1 - this.tokens) / this.spec.refillPerSecond) * 1000);
    if (waitMs > maxWaitMs) return { refusedMs: waitMs };
    this.tokens -= 1;
    return waitMs;
  }

  /** Gives back a reserved token whose call never went out (aborted while waiting). */
  refund(): void {
    this.refill();
    this.tokens = Math.min(this.spec.capacity, this.tokens + 1);
  }

  /** Whole tokens left now (never below zero: reservations show as zero). */
  available(): number {
    this.refill();
    return Math.max(0, Math.floor(this.tokens));
  }

  /** Milliseconds until the bucket is full again. */
  msUntilFull(): number {
    this.refill();
    return Math.ceil(((this.spec.capacity - this.tokens) / this.spec.refillPerSecond) * 1000);
  }
}

/** Our own limit, before Telegram's: worded like a flood wait, never sent to Telegram. */
export class RateLimitedError extends Error implements CodedError {
  readonly errorCode = "rate_limited" as const;
  readonly publicMessage: string;
  readonly details: { seconds: number; bucket: BucketClass };

  constructor(
    readonly bucket: BucketClass,
    readonly seconds: number,
  ) {
    super(`rate limited (${bucket}): ${seconds}s`);
    this.name = "RateLimitedError";
    this.publicMessage = `Too many ${bucket} requests for this account. Try again in ${seconds} seconds.`;
    this.details = { seconds, bucket };
  }
}

/** One bucket class as the settings page shows it. */
export interface BucketState {
  bucket: BucketClass;
  capacity: number;
  refillPerSecond: number;
  /** Tokens left; for "send", in the chat with the fewest. */
  available: number;
  /** Chats with a send bucket of their own (send only). */
  chats?: number;
  /** Calls that had to wait for a token / were refused, since the account connected. */
  delayed: number;
  refused: number;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("The operation was aborted.", "AbortError");
}

/** Every bucket of one account: one per class, and one per chat for sending. */
export class RateBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly delayed = new Map<BucketClass, number>();
  private readonly refused = new Map<BucketClass, number>();

  constructor(
    private readonly specs: Record<BucketClass, BucketSpec> = DEFAULT_BUCKETS,
    private readonly now: () => number = Date.now,
    private readonly maxWaitMs = MAX_BUCKET_WAIT_MS,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
  ) {}

  private bucket(cls: BucketClass, chat?: string): TokenBucket {
    const key = cls === "send" ? `send:${chat ?? ""}` : cls;
    let b = this.buckets.get(key);
    if (!b) {
      // Idle chats' send buckets are full again: forget them rather than grow forever.
      if (cls === "send" && this.buckets.size > 500) this.dropFullSendBuckets();
      b = new TokenBucket(this.specs[cls], this.now);
      this.buckets.set(key, b);
    }
    return b;
  }

  /**
   * Waits for a token of `method`'s bucket (per chat for sends). Resolves at once while
   * tokens remain, after a short wait when one is due soon, and otherwise throws
   * RateLimitedError without waiting. An abort while waiting gives the token back.
   */
  async acquire(method: string, chat?: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    const cls = bucketClassOf(method);
    const bucket = this.bucket(cls, chat);
    const taken = bucket.take(this.maxWaitMs);
    if (taken === 0) return;
    if (typeof taken === "object") {
      this.refused.set(cls, (this.refused.get(cls) ?? 0) + 1);
      throw new RateLimitedError(cls, Math.ceil(taken.refusedMs / 1000));
    }
    this.delayed.set(cls, (this.delayed.get(cls) ?? 0) + 1);
    try {
      await this.sleep(taken, signal);
    } catch (error) {
      bucket.refund();
      throw error;
    }
  }

  snapshot(): BucketState[] {
    return (Object.keys(this.specs) as BucketClass[]).map((cls) => {
      const spec = this.specs[cls];
      const mine =
        cls === "send"
          ? [...this.buckets].filter(([key]) => key.startsWith("send:")).map(([, b]) => b)
          : [this.buckets.get(cls)].filter((b): b is TokenBucket => !!b);
      const available = mine.length ? Math.min(...mine.map((b) => b.available())) : spec.capacity;
      return {
        bucket: cls,
        capacity: spec.capacity,
        refillPerSecond: spec.refillPerSecond,
        available,
        ...(cls === "send" ? { chats: mine.length } : {}),
        delayed: this.delayed.get(cls) ?? 0,
        refused: this.refused.get(cls) ?? 0,
      };
    });
  }

  private dropFullSendBuckets(): void {
    for (const [key, b] of this.buckets) if (key.startsWith("send:") && b.msUntilFull() <= 0) this.buckets.delete(key);
  }
}

/** The full buckets of an account that is not connected (nothing spent). */
export function idleBucketStates(specs: Record<BucketClass, BucketSpec> = DEFAULT_BUCKETS): BucketState[] {
  return new RateBuckets(specs).snapshot();
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

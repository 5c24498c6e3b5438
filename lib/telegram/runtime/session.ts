import "server-only";

import { EventEmitter } from "node:events";
import { long } from "../gramjs/long";
import { randomBytes } from "node:crypto";
import { Api, type TelegramClient } from "telegram";

import type { LiveEvent, PeerId } from "../dto";
import { SESSION_GONE_CODES, TelegramError, toTelegramError, withDeadline } from "../errors";
import { Lru } from "./lru";
import { gramJsEntityCaches } from "../gramjs/internals";
import { entityMapOf, peerIdOf, type Entity } from "../gramjs/mappers";
import type { PoolResource } from "./pool";
import { AvatarCache, ContactsCache, DialogsCache, MediaMessageCache, ProfileCache } from "./caches";
import { DEFAULT_BUCKETS, RateBuckets, type BucketClass, type BucketSpec } from "./rate-buckets";
import type { UpdateGate } from "./update-gate";

/** Bound of the per-account entity cache (ours); GramJS's own caches are trimmed to this too. */
const PEER_CACHE_SIZE = 5_000;
/** Longest a single MTProto call may take before the page is told Telegram is unreachable. */
export const INVOKE_TIMEOUT_MS = 15_000;
/** A ping the connection does not answer within this is taken as a dead link, not a slow Telegram. */
export const PROBE_TIMEOUT_MS = 3_000;
/** How long a request arriving mid-reconnect waits for the new client before failing fast. */
export const RECONNECT_GRACE_MS = 1_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from 250 ms, capped at
 * 2 s, with "equal jitter" (half fixed, half random) so a fleet of accounts does not dial
 * back in lockstep. The cap is low on purpose: the page waits on this after Telegram is
 * back (goal: p95 under 3 s), and a refused dial costs Telegram nothing.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(2_000, 250 * 2 ** Math.min(attempt, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type ConnectionState = "online" | "reconnecting";

export interface PeerRecord {
  entity: Entity;
  input: Api.TypeInputPeer;
  /**
   * The peer is one of the account's dialogs or contacts, so its chat may be opened.
   * Senders seen only inside a group are known (for names) but not reachable.
   */
  reachable: boolean;
}

export interface AccountRef {
  id: string;
  userId: string;
  telegramUserId: string;
}

export interface SessionHooks {
  /** Telegram ended the session (terminated elsewhere, logged out): revoke and evict. */
  onSessionGone(session: AccountSession, code: string): Promise<void>;
  /** A request succeeded: the account was used (throttled lastUsedAt). */
  onUsed(session: AccountSession): void;
  /**
   * Dials a fresh, connected client for this account after the connection was lost
   * (throws when it cannot). Without it the session never reconnects (tests).
   */
  reconnect?(session: AccountSession): Promise<TelegramClient>;
  /** Connection state changes, for logs. */
  onConnectionState?(
    session: AccountSession,
    state: ConnectionState,
    detail: { attempt: number; downMs: number; reason?: string },
  ): void;
}

/**
 * One linked account's live state in the pool: its GramJS client and the caches that
 * keep the dashboard within its request budget. Every MTProto call goes through
 * `invoke`, which is where floods, revocation and cache trimming are handled once.
 */
export class AccountSession implements PoolResource {
  readonly peers = new Lru<PeerId, PeerRecord>(PEER_CACHE_SIZE);
  readonly events = new EventEmitter();
  readonly profile: ProfileCache;
  readonly dialogs: DialogsCache;
  readonly contacts: ContactsCache;
  readonly avatars = new AvatarCache();
  readonly mediaMessages: MediaMessageCache<Api.Message>;
  /** Highest message id this process marked read per chat; skips a needless readHistory. */
  readonly readUpTo = new Lru<PeerId, number>(PEER_CACHE_SIZE);
  /**
   * Until when Telegram asked us to wait, per method (ms since epoch); calls of that
   * method fail fast meanwhile. Per method because Telegram's limits are: a flood on
   * avatar downloads must not stop the chat from opening.
   */
  readonly floodUntil = new Map<string, number>();
  /** Our own per-method token buckets, so the app never provokes a FLOOD_WAIT itself. */
  readonly buckets: RateBuckets;
  private isRevoked = false;
  private isDestroyed = false;
  private gate: UpdateGate | null = null;
  private current: TelegramClient;
  private state: ConnectionState = "online";
  private downSince = 0;
  private reconnectLoop: Promise<void> | null = null;
  private readonly clientSetups: Array<(client: TelegramClient) => void> = [];
  private readonly stateWaiters = new Set<() => void>();
  private wakeReconnect: (() => void) | null = null;
  private readonly probing = new WeakSet<TelegramClient>();
  /**
   * Rejects the requests still waiting on the current client when it is retired: one entry
   * per request in flight, removed when it settles. (Not one long-lived promise raced by every
   * request: each Promise.race leaves a reaction on it that keeps the race's result alive, so
   * every answer, every 512 KB file slice included, stayed in memory until the next reconnect.
   * Ten 200 MB downloads held 2 GB that way.)
   */
  private readonly retireWaiters = new Set<(error: Error) => void>();

  constructor(
    readonly account: AccountRef,
    client: TelegramClient,
    private readonly hooks: SessionHooks,
    readonly now: () => number = Date.now,
    bucketSpecs: Record<BucketClass, BucketSpec> = DEFAULT_BUCKETS,
  ) {
    this.buckets = new RateBuckets(bucketSpecs, now);
    // A stream per open tab; the default limit of 10 would warn for a busy user.
    this.events.setMaxListeners(200);
    this.profile = new ProfileCache(now);
    this.dialogs = new DialogsCache(now);
    this.contacts = new ContactsCache(now);
    this.mediaMessages = new MediaMessageCache(now);
    this.current = client;
    this.watchConnection(client);
  }

  /**
   * The account's GramJS client. It is replaced after a lost connection, so read it at
   * each use; never keep it.
   */
  get client(): TelegramClient {
    return this.current;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  /**
   * Runs `setup` on the client now and on every client that replaces it after a
   * reconnect (event handlers, GramJS settings), so a reconnect loses none of them.
   */
  onEachClient(setup: (client: TelegramClient) => void): void {
    this.clientSetups.push(setup);
    setup(this.current);
  }

  /** The gate that orders and recovers this account's updates (see live-updates.ts), if any. */
  get updateGate(): UpdateGate | null {
    return this.gate;
  }

  attachUpdateGate(gate: UpdateGate): void {
    this.gate = gate;
  }

  /** Telegram ended this session; every later call fails fast. */
  get revoked(): boolean {
    return this.isRevoked;
  }

  get destroyed(): boolean {
    return this.isDestroyed;
  }

  /** Marks the session ended by Telegram and tells every open stream. Idempotent. */
  revoke(): void {
    if (this.isRevoked) return;
    this.isRevoked = true;
    // Requests already on the wire would otherwise wait out INVOKE_TIMEOUT_MS on a client
    // that is about to be destroyed, and a page would read "network" for "session ended".
    this.retireInFlight(new TelegramError("SESSION_REVOKED"));
    this.emit({ type: "revoked" });
  }

  get selfPeerId(): PeerId {
    return this.account.telegramUserId;
  }

  /**
   * Every MTProto call of the dashboard. `dcId` sends it to another DC (avatars stored
   * there) through GramJS's exported sender; that sender's auth key is not the account's
   * session, so its AUTH_KEY_UNREGISTERED does not revoke the account.
   */
  async invoke<R extends Api.AnyRequest>(request: R, dcId?: number, signal?: AbortSignal): Promise<R["__response"]> {
    if (this.revoked) throw new TelegramError("SESSION_REVOKED");
    const method = request.className;
    const waitMs = (this.floodUntil.get(method) ?? 0) - this.now();
    // No retry storm: while Telegram's wait runs, answer from here without asking again.
    if (waitMs > 0) throw new TelegramError("FLOOD_WAIT", Math.ceil(waitMs / 1000));
    // Our own pace before Telegram's: a short wait for a token, else rate_limited. A
    // request aborted meanwhile (a newer search) never reaches Telegram.
    await this.buckets.acquire(method, chatKeyOf(request), signal);
    // While the link is down a request must not hang on a dead client: a moment's grace
    // covers a reconnect about to finish, then the page is told "reconnecting".
    if (this.state === "reconnecting" && !(await this.waitOnline(RECONNECT_GRACE_MS))) {
      throw new TelegramError("RECONNECTING");
    }
    const client = this.current;
    let retire: ((error: Error) => void) | undefined;
    const retired = new Promise<never>((_, reject) => (retire = reject));
    this.retireWaiters.add(retire!);
    try {
      // GramJS can wait forever on a connection that went away; a page must not, and a
      // request on a client found dead is answered "reconnecting" at once.
      // An abort cannot recall what is on the wire; it frees the caller at once.
      const result = await withDeadline(
        Promise.race([client.invoke(request, dcId), retired, ...(signal ? [aborted(signal)] : [])]),
        INVOKE_TIMEOUT_MS,
      );
      this.hooks.onUsed(this);
      this.trimGramJsCaches();
      // Our own sends and reads move the account's pts too; the gate must know, or the
      // next pushed update would look like a gap.
      this.gate?.acknowledge(result, request);
      return result;
    } catch (raw) {
      if (signal?.aborted && raw === signal.reason) throw raw;
      const error = toTelegramError(raw);
      if (error.code === "FLOOD_WAIT" && error.seconds !== null) {
        this.floodUntil.set(method, this.now() + error.seconds * 1000);
      } else if (SESSION_GONE_CODES.has(error.code) && dcId === undefined && !this.revoked) {
        await this.hooks.onSessionGone(this, error.code);
      } else if (error.isNetwork && client === this.current) {
        // Not awaited: the probe takes up to PROBE_TIMEOUT_MS and this request has failed anyway.
        void this.probe(client);
      }
      throw error;
    } finally {
      this.retireWaiters.delete(retire!);
    }
  }

  /** Rejects every request still waiting on the current client with `error`. */
  private retireInFlight(error: TelegramError): void {
    for (const retire of this.retireWaiters) retire(error);
    this.retireWaiters.clear();
  }

  /**
   * After a timeout or a network error: a connection that still answers a ping is a slow
   * Telegram (keep it; the next request may be quick); one that does not is dead, and
   * the client is replaced.
   */
  async probe(client: TelegramClient = this.current): Promise<"alive" | "dead"> {
    if (client !== this.current || this.state === "reconnecting") return "dead";
    try {
      await withDeadline(
        client.invoke(new Api.Ping({ pingId: long(randomBytes(6).readUIntLE(0, 6)) })),
        PROBE_TIMEOUT_MS,
      );
      return "alive";
    } catch {
      if (client === this.current) this.connectionLost("probe failed");
      return "dead";
    }
  }

  /**
   * The link to Telegram is gone (GramJS said so, or a probe went unanswered): stop
   * sending to the client, tell every open stream, and dial a new one with backoff for
   * as long as this session lives. Idempotent.
   */
  connectionLost(reason: string): void {
    if (this.isDestroyed || this.isRevoked || !this.hooks.reconnect) return;
    if (this.state === "reconnecting") {
      // Something new happened (Telegram may be back): try now rather than after the wait.
      this.wakeReconnect?.();
      return;
    }
    this.state = "reconnecting";
    this.downSince = this.now();
    this.hooks.onConnectionState?.(this, "reconnecting", { attempt: 0, downMs: 0, reason });
    this.emit({ type: "connection", state: "reconnecting" });
    this.reconnectLoop = this.runReconnect().finally(() => {
      this.reconnectLoop = null;
    });
  }

  /** Resolves true once the session is online, false after `ms` or when it ends. */
  private waitOnline(ms: number): Promise<boolean> {
    if (this.state === "online") return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stateWaiters.delete(done);
        resolve(this.state === "online" && !this.isDestroyed);
      };
      const timer = setTimeout(done, ms);
      this.stateWaiters.add(done);
    });
  }

  private async runReconnect(): Promise<void> {
    const dead = this.current;
    this.retireInFlight(new TelegramError("RECONNECTING"));
    // The dead client's own retries would fight ours (and GramJS gives up after a few).
    void dead.destroy().catch(() => undefined);
    for (let attempt = 0; !this.isDestroyed && !this.isRevoked; attempt++) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, reconnectDelayMs(attempt));
        this.wakeReconnect = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeReconnect = null;
      if (this.isDestroyed || this.isRevoked) return;
      let next: TelegramClient;
      try {
        next = await this.hooks.reconnect!(this);
      } catch (raw) {
        const error = toTelegramError(raw);
        if (SESSION_GONE_CODES.has(error.code)) {
          await this.hooks.onSessionGone(this, error.code);
          return;
        }
        if (attempt === 0 || attempt % 10 === 0) {
          this.hooks.onConnectionState?.(this, "reconnecting", {
            attempt: attempt + 1,
            downMs: this.now() - this.downSince,
          });
        }
        continue;
      }
      if (this.isDestroyed || this.isRevoked) {
        await next.destroy().catch(() => undefined);
        return;
      }
      this.current = next;
      this.watchConnection(next);
      for (const setup of this.clientSetups) setup(next);
      // Updates pushed while we were away never arrived: with an update gate they are
      // fetched with getDifference (its setup hook runs above); the chat list is read
      // again anyway and the page refetches what it shows.
      this.dialogs.markStale();
      this.state = "online";
      this.hooks.onConnectionState?.(this, "online", { attempt: attempt + 1, downMs: this.now() - this.downSince });
      for (const waiter of [...this.stateWaiters]) waiter();
      // The page refetches what it shows on this (what arrived meanwhile); see live-updates.
      this.emit({ type: "connection", state: "online" });
      return;
    }
  }

  /**
   * GramJS reports a lost link as an UpdateConnectionState through the update handlers.
   * "disconnected" is also said when its ping loop merely woke up late (a busy event
   * loop) or while it redials a dropped socket itself, so it is checked with a ping
   * before the client is given up; "broken" (the DC forgot the key) is not.
   */
  private watchConnection(client: TelegramClient): void {
    client.addEventHandler((update: unknown) => {
      if (client !== this.current) return;
      const state = connectionStateOf(update);
      if (state === "broken") this.connectionLost(state);
      else if (state === "disconnected" && !this.probing.has(client)) {
        this.probing.add(client);
        void this.probe(client).finally(() => this.probing.delete(client));
      }
    });
  }

  /** Remembers entities from a response; `reachable` marks dialog and contact peers. */
  rememberEntities(
    users: ReadonlyArray<Api.TypeUser>,
    chats: ReadonlyArray<Api.TypeChat>,
    reachable: ReadonlySet<PeerId> | "all" = new Set(),
  ): Map<PeerId, Entity> {
    const map = entityMapOf(users, chats);
    for (const [peerId, entity] of map) {
      const known = this.peers.get(peerId);
      const input = inputPeerOf(entity);
      if (!input) continue;
      const isReachable = reachable === "all" || reachable.has(peerId) || (known?.reachable ?? false);
      this.peers.set(peerId, { entity, input, reachable: isReachable });
    }
    return map;
  }

  /** Known entities as a lookup for the mappers (names of senders, titles). */
  entityLookup(extra?: ReadonlyMap<PeerId, Entity>): ReadonlyMap<PeerId, Entity> {
    const peers = this.peers;
    return {
      get: (key: PeerId) => extra?.get(key) ?? peers.get(key)?.entity,
    } as ReadonlyMap<PeerId, Entity>;
  }

  emit(event: LiveEvent): void {
    this.events.emit("live", event);
  }

  async destroy(): Promise<void> {
    if (this.isDestroyed) return;
    this.isDestroyed = true;
    // Evicted (unlinked, idle, shut down) with requests in flight: free them now, not
    // after INVOKE_TIMEOUT_MS; "reconnecting" makes the page try again on a new session.
    this.retireInFlight(new TelegramError("RECONNECTING"));
    this.wakeReconnect?.();
    for (const waiter of [...this.stateWaiters]) waiter();
    this.events.emit("closed");
    this.events.removeAllListeners();
    await this.gate?.close();
    // destroy(), not disconnect(): disconnect leaves GramJS's update loop pinging.
    await this.current.destroy();
    await this.reconnectLoop;
  }

  /**
   * GramJS keeps every entity it ever saw (client._entityCache, the session's entity
   * set) and never forgets one. We resolve peers from our own bounded cache, so its
   * copies can be dropped whenever they grow past the bound.
   */
  private trimGramJsCaches(): void {
    const { cacheMap, sessionEntities } = gramJsEntityCaches(this.client);
    if (cacheMap.size > PEER_CACHE_SIZE) cacheMap.clear();
    if (sessionEntities && sessionEntities.size > PEER_CACHE_SIZE) sessionEntities.clear();
  }
}

/** The chat a send goes to, so each chat has its own send bucket. */
function chatKeyOf(request: Api.AnyRequest): string | undefined {
  const peer = (request as { peer?: unknown }).peer;
  if (peer instanceof Api.InputPeerUser) return `u${peer.userId.toString()}`;
  if (peer instanceof Api.InputPeerChat) return `c${peer.chatId.toString()}`;
  if (peer instanceof Api.InputPeerChannel) return `ch${peer.channelId.toString()}`;
  return peer && typeof peer === "object" ? (peer as { className?: string }).className : undefined;
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });
}

/**
 * GramJS's UpdateConnectionState (state -1 disconnected, 0 broken, 1 connected). Its class
 * lives in "telegram/network", which the package root does not export, and importing a
 * subpath can load a second copy of GramJS (docs: offline-stack notes), so it is
 * recognised by shape: TL updates all carry a className, this one does not.
 */
export function connectionStateOf(update: unknown): "disconnected" | "broken" | "connected" | null {
  if (typeof update !== "object" || update === null || "className" in update) return null;
  if (update.constructor?.name !== "UpdateConnectionState") return null;
  const state = (update as { state?: unknown }).state;
  return state === -1 ? "disconnected" : state === 0 ? "broken" : state === 1 ? "connected" : null;
}

export function inputPeerOf(entity: Entity): Api.TypeInputPeer | null {
  if (entity instanceof Api.User) {
    return new Api.InputPeerUser({ userId: entity.id, accessHash: entity.accessHash ?? long(0) });
  }
  if (entity instanceof Api.Chat || entity instanceof Api.ChatForbidden) {
    return new Api.InputPeerChat({ chatId: entity.id });
  }
  if (entity instanceof Api.Channel || entity instanceof Api.ChannelForbidden) {
    return new Api.InputPeerChannel({ channelId: entity.id, accessHash: entity.accessHash ?? long(0) });
  }
  return null;
}

export { peerIdOf };

import "server-only";

import { EventEmitter } from "node:events";
import { long } from "../gramjs/long";
import { Api, type TelegramClient } from "telegram";

import type { LiveEvent, PeerId } from "../dto";
import { SESSION_GONE_CODES, TelegramError, toTelegramError, withDeadline } from "../errors";
import { Lru } from "./lru";
import { gramJsEntityCaches } from "../gramjs/internals";
import { entityMapOf, peerIdOf, type Entity } from "../gramjs/mappers";
import type { PoolResource } from "./pool";
import { AvatarCache, ContactsCache, DialogsCache, ProfileCache } from "./caches";

/** Bound of the per-account entity cache (ours); GramJS's own caches are trimmed to this too. */
export const PEER_CACHE_SIZE = 5_000;
/** Longest a single MTProto call may take before the page is told Telegram is unreachable. */
export const INVOKE_TIMEOUT_MS = 15_000;

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
  /** Highest message id this process marked read per chat; skips a needless readHistory. */
  readonly readUpTo = new Lru<PeerId, number>(PEER_CACHE_SIZE);
  /**
   * Until when Telegram asked us to wait, per method (ms since epoch); calls of that
   * method fail fast meanwhile. Per method because Telegram's limits are: a flood on
   * avatar downloads must not stop the chat from opening.
   */
  readonly floodUntil = new Map<string, number>();
  private isRevoked = false;
  private isDestroyed = false;

  constructor(
    readonly account: AccountRef,
    readonly client: TelegramClient,
    private readonly hooks: SessionHooks,
    readonly now: () => number = Date.now,
  ) {
    // A stream per open tab; the default limit of 10 would warn for a busy user.
    this.events.setMaxListeners(200);
    this.profile = new ProfileCache(now);
    this.dialogs = new DialogsCache(now);
    this.contacts = new ContactsCache(now);
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
  async invoke<R extends Api.AnyRequest>(request: R, dcId?: number): Promise<R["__response"]> {
    if (this.revoked) throw new TelegramError("SESSION_REVOKED");
    const method = request.className;
    const waitMs = (this.floodUntil.get(method) ?? 0) - this.now();
    // No retry storm: while Telegram's wait runs, answer from here without asking again.
    if (waitMs > 0) throw new TelegramError("FLOOD_WAIT", Math.ceil(waitMs / 1000));
    try {
      // GramJS can wait forever on a connection that went away; a page must not.
      const result = await withDeadline(this.client.invoke(request, dcId), INVOKE_TIMEOUT_MS);
      this.hooks.onUsed(this);
      this.trimGramJsCaches();
      return result;
    } catch (raw) {
      const error = toTelegramError(raw);
      if (error.code === "FLOOD_WAIT" && error.seconds !== null) {
        this.floodUntil.set(method, this.now() + error.seconds * 1000);
      } else if (SESSION_GONE_CODES.has(error.code) && dcId === undefined) {
        await this.hooks.onSessionGone(this, error.code);
      }
      throw error;
    }
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
    this.events.emit("closed");
    this.events.removeAllListeners();
    // destroy(), not disconnect(): disconnect leaves GramJS's update loop pinging.
    await this.client.destroy();
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

import "server-only";

import { Api } from "telegram";

import { logger } from "@/lib/log";
import { peerIdOf } from "../gramjs/mappers";
import { Lru } from "./lru";

const log = logger.child({ module: "telegram.update-gate" });

/** Where an account's update state lives between runs (the database; memory in tests). */
export interface UpdateStateStore {
  load(accountId: string): Promise<UpdateState | null>;
  save(accountId: string, state: UpdateState): Promise<void>;
}

/** Telegram's updates.State plus each channel's pts (channels number their updates apart). */
export interface UpdateState {
  pts: number;
  qts: number;
  date: number;
  seq: number;
  /** channel id (decimal string) → pts */
  channels: Record<string, number>;
}

export interface UpdateGateDeps {
  accountId: string;
  store: UpdateStateStore;
  invoke<R extends Api.AnyRequest>(request: R): Promise<R["__response"]>;
  /** The live pipeline: every update, live or recovered, reaches consumers through this. */
  publish(update: AnyUpdate): void;
  /** Users and chats that came with a difference, before its updates are published. */
  remember(users: Api.TypeUser[], chats: Api.TypeChat[], peers: Set<string>): void;
  /** An input channel for a channel id, from the entities already known. */
  inputChannel(channelId: string): Api.TypeInputChannel | null;
  /** Too much was missed to replay: whatever shows the account's chats must be read again. */
  resync(): void;
  /** Batches state writes; tests pass 0. */
  saveDelayMs?: number;
}

/** A recovery that fails (Telegram away) is tried again after this; a reconnect also retries. */
const RETRY_MS = 1_000;
/** Pages of one recovery at most; a Telegram that never says "final" must not spin us. */
const MAX_PAGES = 1_000;
/** Live updates held while a difference runs; beyond this they are dropped (the difference has them). */
const MAX_QUEUE = 10_000;
/** Messages per recovered channel page. */
const CHANNEL_LIMIT = 100;
/** Message keys published lately: a message reaches consumers once even if two paths bring it. */
const PUBLISHED_KEYS = 5_000;

/** What GramJS hands an update handler: an update, or a short update container of one. */
export type AnyUpdate = Api.TypeUpdate | Api.TypeUpdates;

type PtsInfo =
  { kind: "common"; pts: number; count: number } | { kind: "channel"; id: string; pts: number; count: number };

/**
 * Applies an account's updates in pts order, exactly once, and keeps what it applied in
 * the store. Gaps (pts != local pts + pts_count) and every (re)start are filled with
 * updates.getDifference / getChannelDifference before live updates go on; updates at or
 * below the local pts are duplicates and dropped. One worker runs at a time, so the
 * order of publishing is the order of pts. See docs/decisions/update-gap-recovery.md.
 */
export class UpdateGate {
  private state: UpdateState | null = null;
  private readonly queue: AnyUpdate[] = [];
  private readonly retried = new WeakSet<object>();
  private readonly published = new Lru<string, true>(PUBLISHED_KEYS);
  private needsStart = true;
  private needsDifference = false;
  private readonly channelsToFetch = new Set<string>();
  private running: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly deps: UpdateGateDeps) {}

  /** The applied state (a copy), or null before the first one is known. */
  get current(): UpdateState | null {
    return this.state ? { ...this.state, channels: { ...this.state.channels } } : null;
  }

  /** Loads the stored state and fetches what was missed (process start, adoption). */
  start(): void {
    this.needsStart = true;
    this.kick();
  }

  /** A new connection: anything pushed while the link was down never arrived. */
  reconnected(): void {
    this.needsDifference = true;
    this.kick();
  }

  /** A pushed update, as GramJS dispatched it. */
  live(update: AnyUpdate): void {
    if (this.closed) return;
    if (this.queue.length >= MAX_QUEUE) {
      // Everything with a pts comes back in the difference; losing presence pings is fine.
      this.queue.length = 0;
      this.needsDifference = true;
    }
    this.queue.push(update);
    this.kick();
  }

  /**
   * The result of one of our own calls (a send, a read): its pts moves ours, but the
   * caller shows it, so nothing is published. A gap before it is fetched as usual.
   */
  acknowledge(result: unknown, request?: unknown): void {
    if (this.closed || !this.state) return;
    for (const update of ownUpdates(result, request)) {
      const info = ptsInfo(update);
      if (!info) continue;
      this.queue.push(Object.assign(update, { [SILENT]: true }));
    }
    this.kick();
  }

  /** True the first time a message is claimed: the caller may publish it. */
  claim(peerId: string, messageId: number): boolean {
    const key = `${peerId}:${messageId}`;
    if (this.published.has(key)) return false;
    this.published.set(key, true);
    return true;
  }

  /** A channel's pts as a dialog list showed it, for channels we have no position in yet. */
  seedChannel(channelId: string, pts: number): void {
    if (!this.state || this.state.channels[channelId] !== undefined || !(pts > 0)) return;
    this.state.channels[channelId] = pts;
    this.scheduleSave();
  }

  /** Resolves once nothing is queued or running (tests, benchmarks). */
  idle(): Promise<void> {
    if (!this.running && !this.pendingWork()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops and writes the state applied so far. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.running?.catch(() => undefined);
    await this.flush();
  }

  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const snapshot = this.current;
    if (!snapshot) return;
    this.saving = this.saving
      .then(() => this.deps.store.save(this.deps.accountId, snapshot))
      .catch((error: unknown) =>
        log.warn({ accountId: this.deps.accountId, err: error }, "could not save the update state"),
      );
    await this.saving;
  }

  private pendingWork(): boolean {
    return this.needsStart || this.needsDifference || this.channelsToFetch.size > 0 || this.queue.length > 0;
  }

  private kick(): void {
    if (this.running || this.closed) return;
    this.running = this.work()
      .catch((error: unknown) => {
        // Telegram away or a call refused: the queue stays, the work is tried again.
        log.warn({ accountId: this.deps.accountId, err: error }, "update recovery failed; retrying");
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.kick(), RETRY_MS);
        this.retryTimer.unref?.();
      })
      .finally(() => {
        this.running = null;
        if (!this.retryTimer && this.pendingWork() && !this.closed) this.kick();
        else if (!this.pendingWork() || this.closed) for (const done of this.idleWaiters.splice(0)) done();
      });
  }

  private async work(): Promise<void> {
    this.retryTimer = undefined;
    while (!this.closed) {
      if (this.needsStart) {
        await this.init();
        this.needsStart = false;
        continue;
      }
      if (this.needsDifference) {
        await this.difference();
        this.needsDifference = false;
        continue;
      }
      const channel = this.channelsToFetch.values().next();
      if (!channel.done) {
        await this.channelDifference(channel.value);
        this.channelsToFetch.delete(channel.value);
        continue;
      }
      const update = this.queue.shift();
      if (!update) return;
      this.apply(update);
    }
  }

  private async init(): Promise<void> {
    const stored = await this.deps.store.load(this.deps.accountId);
    if (stored) {
      this.state = stored;
      this.needsDifference = true;
      return;
    }
    const s = await this.deps.invoke(new Api.updates.GetState());
    this.state = { pts: s.pts, qts: s.qts, date: s.date, seq: s.seq, channels: this.state?.channels ?? {} };
    // Nothing to catch up on from a fresh state; later gaps are checked against it.
    await this.flush();
  }

  /** One live or acknowledged update against the local pts. */
  private apply(update: AnyUpdate): void {
    const state = this.state!;
    const silent = SILENT in update;
    if (update instanceof Api.UpdateChannelTooLong) {
      const id = update.channelId.toString();
      if (state.channels[id] === undefined && update.pts) state.channels[id] = update.pts;
      else this.channelsToFetch.add(id);
      return;
    }
    const info = ptsInfo(update);
    if (!info) {
      if (!silent) this.publish(update);
      return;
    }
    const local = info.kind === "common" ? state.pts : state.channels[info.id];
    if (local === undefined) {
      // A channel we have no position in yet: this update starts it.
      state.channels[(info as { id: string }).id] = info.pts;
    } else if (info.pts <= local) {
      return; // already applied
    } else if (local + info.count < info.pts && !this.retried.has(update)) {
      // A gap: fetch what is missing, then look at this update again.
      this.retried.add(update);
      this.queue.unshift(update);
      if (info.kind === "common") this.needsDifference = true;
      else this.channelsToFetch.add(info.id);
      return;
    } else if (info.kind === "common") state.pts = info.pts;
    else state.channels[info.id] = info.pts;
    const date = dateOf(update);
    if (date && date > state.date) state.date = date;
    if (!silent) this.publish(update);
    this.scheduleSave();
  }

  private publish(update: AnyUpdate): void {
    const key = messageKeyOf(update);
    if (key) {
      if (this.published.has(key)) return;
      this.published.set(key, true);
    }
    this.deps.publish(update);
  }

  private async difference(): Promise<void> {
    for (let page = 0; page < MAX_PAGES && !this.closed; page++) {
      const state = this.state!;
      const d = await this.deps.invoke(
        new Api.updates.GetDifference({ pts: state.pts, qts: state.qts, date: state.date }),
      );
      if (d instanceof Api.updates.DifferenceEmpty) {
        state.date = d.date;
        state.seq = d.seq;
        this.scheduleSave();
        return;
      }
      if (d instanceof Api.updates.DifferenceTooLong) {
        // Too much to replay: the chats are read again, then we start from where Telegram is.
        log.info({ accountId: this.deps.accountId, from: state.pts, to: d.pts }, "difference too long; resyncing");
        this.deps.resync();
        const s = await this.deps.invoke(new Api.updates.GetState());
        Object.assign(state, { pts: s.pts, qts: s.qts, date: s.date, seq: s.seq });
        await this.flush();
        return;
      }
      this.deps.remember(d.users, d.chats, peersOf(d.newMessages));
      for (const message of d.newMessages) {
        if (message instanceof Api.MessageEmpty) continue;
        const channel = message.peerId instanceof Api.PeerChannel;
        this.publish(
          channel
            ? new Api.UpdateNewChannelMessage({ message, pts: 0, ptsCount: 0 })
            : new Api.UpdateNewMessage({ message, pts: 0, ptsCount: 0 }),
        );
      }
      for (const update of d.otherUpdates) {
        if (update instanceof Api.UpdateChannelTooLong) {
          const id = update.channelId.toString();
          if (state.channels[id] !== undefined) this.channelsToFetch.add(id);
          else if (update.pts) state.channels[id] = update.pts;
          continue;
        }
        const info = ptsInfo(update);
        // Channel updates inside a difference still follow their channel's pts.
        if (info?.kind === "channel") this.apply(update);
        else this.publish(update);
      }
      const next = d instanceof Api.updates.DifferenceSlice ? d.intermediateState : d.state;
      Object.assign(state, { pts: next.pts, qts: next.qts, date: next.date, seq: next.seq });
      this.scheduleSave();
      if (d instanceof Api.updates.Difference) return;
    }
  }

  private async channelDifference(id: string): Promise<void> {
    const state = this.state!;
    for (let page = 0; page < MAX_PAGES && !this.closed; page++) {
      const pts = state.channels[id];
      const channel = this.deps.inputChannel(id);
      if (pts === undefined || !channel) return;
      const d = await this.deps.invoke(
        new Api.updates.GetChannelDifference({
          channel,
          filter: new Api.ChannelMessagesFilterEmpty(),
          pts,
          limit: CHANNEL_LIMIT,
        }),
      );
      if (d instanceof Api.updates.ChannelDifferenceEmpty) {
        state.channels[id] = d.pts;
        this.scheduleSave();
        return;
      }
      if (d instanceof Api.updates.ChannelDifferenceTooLong) {
        this.deps.remember(d.users, d.chats, new Set());
        const dialogPts = d.dialog instanceof Api.Dialog ? d.dialog.pts : undefined;
        if (dialogPts) state.channels[id] = dialogPts;
        this.deps.resync();
        await this.flush();
        return;
      }
      this.deps.remember(d.users, d.chats, peersOf(d.newMessages));
      for (const message of d.newMessages) {
        if (message instanceof Api.MessageEmpty) continue;
        this.publish(new Api.UpdateNewChannelMessage({ message, pts: 0, ptsCount: 0 }));
      }
      for (const update of d.otherUpdates) this.publish(update);
      state.channels[id] = d.pts;
      this.scheduleSave();
      if (d.final) return;
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.closed) return;
    const delay = this.deps.saveDelayMs ?? 250;
    this.saveTimer = setTimeout(() => void this.flush(), delay);
    this.saveTimer.unref?.();
  }
}

const SILENT = Symbol("tgdesk.acknowledged");

/** The pts an update moves: the account's common box, or one channel's. */
export function ptsInfo(update: AnyUpdate): PtsInfo | null {
  if (update instanceof Api.UpdateNewChannelMessage || update instanceof Api.UpdateEditChannelMessage) {
    const peer = update.message.peerId;
    if (!(peer instanceof Api.PeerChannel)) return null;
    return { kind: "channel", id: peer.channelId.toString(), pts: update.pts, count: update.ptsCount };
  }
  if (update instanceof Api.UpdateDeleteChannelMessages || update instanceof Api.UpdatePinnedChannelMessages) {
    return { kind: "channel", id: update.channelId.toString(), pts: update.pts, count: update.ptsCount };
  }
  if (
    update instanceof Api.UpdateNewMessage ||
    update instanceof Api.UpdateEditMessage ||
    update instanceof Api.UpdateDeleteMessages ||
    update instanceof Api.UpdateReadHistoryInbox ||
    update instanceof Api.UpdateReadHistoryOutbox ||
    update instanceof Api.UpdateReadMessagesContents ||
    update instanceof Api.UpdateWebPage ||
    update instanceof Api.UpdatePinnedMessages ||
    update instanceof Api.UpdateFolderPeers ||
    update instanceof Api.UpdateShortMessage ||
    update instanceof Api.UpdateShortChatMessage ||
    update instanceof Api.UpdateShortSentMessage
  ) {
    // Updates rebuilt from a difference carry pts 0: they are not checked again.
    if (!update.pts) return null;
    return { kind: "common", pts: update.pts, count: update.ptsCount };
  }
  return null;
}

/** `peerId:messageId` of a new message an update carries, for publishing it once. */
export function messageKeyOf(update: AnyUpdate): string | null {
  if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
    const m = update.message;
    if (m instanceof Api.MessageEmpty || !m.peerId) return null;
    return `${peerIdOf(m.peerId)}:${m.id}`;
  }
  if (update instanceof Api.UpdateShortMessage)
    return `${peerIdOf(new Api.PeerUser({ userId: update.userId }))}:${update.id}`;
  if (update instanceof Api.UpdateShortChatMessage)
    return `${peerIdOf(new Api.PeerChat({ chatId: update.chatId }))}:${update.id}`;
  return null;
}

function dateOf(update: AnyUpdate): number | null {
  if (update instanceof Api.UpdateShortMessage || update instanceof Api.UpdateShortChatMessage) return update.date;
  if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
    const m = update.message;
    return m instanceof Api.MessageEmpty ? null : m.date;
  }
  return null;
}

function peersOf(messages: Api.TypeMessage[]): Set<string> {
  const out = new Set<string>();
  for (const m of messages) if (!(m instanceof Api.MessageEmpty) && m.peerId) out.add(peerIdOf(m.peerId));
  return out;
}

/** The pts-carrying updates in the result of one of our own calls. */
function ownUpdates(result: unknown, request?: unknown): AnyUpdate[] {
  if (request instanceof Api.channels.DeleteMessages && result instanceof Api.messages.AffectedMessages) {
    // A channel's deletion answers with the channel's pts, not the account's.
    const channel = request.channel;
    if (!(channel instanceof Api.InputChannel)) return [];
    return [
      new Api.UpdateDeleteChannelMessages({
        channelId: channel.channelId,
        messages: request.id,
        pts: result.pts,
        ptsCount: result.ptsCount,
      }),
    ];
  }
  if (result instanceof Api.UpdateShortSentMessage) return [result];
  if (result instanceof Api.UpdateShort) return [result.update];
  if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) return result.updates;
  if (result instanceof Api.messages.AffectedMessages || result instanceof Api.messages.AffectedHistory) {
    // A read or a deletion: it moves pts like the update the other sessions get.
    return [new Api.UpdateReadMessagesContents({ messages: [], pts: result.pts, ptsCount: result.ptsCount })];
  }
  return [];
}

/** A store in memory, for sessions built without a database (tests, scripts). */
export function memoryUpdateStateStore(): UpdateStateStore & { saved: Map<string, UpdateState> } {
  const saved = new Map<string, UpdateState>();
  return {
    saved,
    load(accountId) {
      const s = saved.get(accountId);
      return Promise.resolve(s ? { ...s, channels: { ...s.channels } } : null);
    },
    save(accountId, state) {
      saved.set(accountId, { ...state, channels: { ...state.channels } });
      return Promise.resolve();
    },
  };
}

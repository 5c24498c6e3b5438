// Live messages notify at once; messages recovered after a break (the stream or the server
// was down) arrive as a burst and notify once per chat. Pure: timers are injected.
import { collapseByChat, mergeBatches, type ChatBatch, type IncomingMessage } from "./should-notify";

export interface BatcherTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: BatcherTimers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BatcherOptions {
  /** A recovery ends this long after its last message (or the catch-up's answer). */
  quietMs: number;
  /** …and at the latest this long after it began, whatever still arrives. */
  maxMs: number;
}

/**
 * Outside a recovery every message is delivered alone. `catchUpStarted()` (the tab
 * refetches after a break) opens a recovery: messages are held, `catchUpDone(counted)`
 * adds the chats whose unread count grew meanwhile, and once things are quiet each chat
 * is delivered once, with how many messages it stands for.
 */
export class NotificationBatcher {
  private recovering = false;
  private waitingForCatchUp = false;
  private held: IncomingMessage[] = [];
  private counted: ChatBatch[] = [];
  private quietTimer: unknown = null;
  private capTimer: unknown = null;

  constructor(
    private readonly deliver: (batches: ChatBatch[]) => void,
    private readonly options: BatcherOptions = { quietMs: 700, maxMs: 10_000 },
    private readonly timers: BatcherTimers = realTimers,
  ) {}

  /** A message that should notify (the caller has applied shouldNotify). */
  message(item: IncomingMessage): void {
    if (!this.recovering) {
      this.deliver([{ peerId: item.message.peerId, latest: item.message, dialog: item.dialog, count: 1 }]);
      return;
    }
    this.held.push(item);
    if (!this.waitingForCatchUp) this.armQuiet();
  }

  catchUpStarted(): void {
    if (!this.recovering) {
      this.recovering = true;
      this.capTimer = this.timers.set(() => this.flush(), this.options.maxMs);
    }
    this.waitingForCatchUp = true;
    this.clearQuiet();
  }

  catchUpDone(counted: readonly ChatBatch[]): void {
    if (!this.recovering) {
      if (counted.length) this.deliver([...counted]);
      return;
    }
    this.counted.push(...counted);
    this.waitingForCatchUp = false;
    this.armQuiet();
  }

  /** Delivers what is held, one batch per chat, and ends the recovery. */
  flush(): void {
    this.clearQuiet();
    if (this.capTimer !== null) this.timers.clear(this.capTimer);
    this.capTimer = null;
    const batches = mergeBatches(collapseByChat(this.held), this.counted);
    this.recovering = false;
    this.waitingForCatchUp = false;
    this.held = [];
    this.counted = [];
    if (batches.length) this.deliver(batches);
  }

  dispose(): void {
    this.clearQuiet();
    if (this.capTimer !== null) this.timers.clear(this.capTimer);
    this.capTimer = null;
  }

  private armQuiet(): void {
    this.clearQuiet();
    this.quietTimer = this.timers.set(() => this.flush(), this.options.quietMs);
  }

  private clearQuiet(): void {
    if (this.quietTimer !== null) this.timers.clear(this.quietTimer);
    this.quietTimer = null;
  }
}

// Others on the page that follow the live stream (in-tab notifications) without opening a
// second one: useLiveUpdates tells them what it receives and when it catches up.
import type { DialogDto, LiveEvent } from "@/lib/telegram/dto";

export type LiveSignal =
  | { type: "event"; accountId: string; event: LiveEvent }
  /** After a break the tab refetches what it shows; what arrives meanwhile was missed. */
  | { type: "catchUpStarted"; accountId: string }
  /** The refetch is done: the chat list as it was before and as it is now. */
  | { type: "catchUpDone"; accountId: string; before: DialogDto[]; after: DialogDto[] };

type Listener = (signal: LiveSignal) => void;

const listeners = new Set<Listener>();

/** Returns the unsubscribe function. */
export function addLiveListener(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function emitLiveSignal(signal: LiveSignal): void {
  for (const listener of listeners) {
    try {
      listener(signal);
    } catch (error) {
      // A listener's bug must not stop the caches from following the stream.
      console.error(error);
    }
  }
}

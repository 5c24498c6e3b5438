import "server-only";

/**
 * A cap on long-lived responses (event streams) per key. Each stream holds a listener on
 * the user's account session; without a cap one user opened 250 and Node warned past 200.
 */
export interface StreamSlots {
  /** A release function when a slot was free, otherwise null. Releasing twice is harmless. */
  take(key: string): (() => void) | null;
  count(key: string): number;
}

export function createStreamSlots(max: number): StreamSlots {
  const open = new Map<string, number>();
  return {
    take(key) {
      const now = open.get(key) ?? 0;
      if (now >= max) return null;
      open.set(key, now + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left <= 0) open.delete(key);
        else open.set(key, left);
      };
    },
    count: (key) => open.get(key) ?? 0,
  };
}

import { rpcError } from "./rpc";

export interface Fault {
  /** TL method name such as "auth.checkPassword", or "*" for every method. */
  method: string;
  /** rpc_error message to answer with, e.g. "FLOOD_WAIT_30"; code inferred unless given. */
  error?: string;
  code?: number;
  /** Delay before answering (or failing), in ms. */
  delayMs?: number;
  /** Only for this user id (any session of it). */
  userId?: number;
  /** How many calls this fault applies to; unlimited when absent. */
  times?: number;
}

export interface ActiveFault extends Fault {
  id: number;
}

/** Injected failures, consulted before every method runs. */
export class Faults {
  private list: ActiveFault[] = [];
  private nextId = 1;

  add(f: Fault): ActiveFault {
    const active = { ...f, method: normaliseMethod(f.method), id: this.nextId++ };
    this.list.push(active);
    return active;
  }

  clear(id?: number): void {
    this.list = id === undefined ? [] : this.list.filter((f) => f.id !== id);
  }

  all(): ActiveFault[] {
    return [...this.list];
  }

  /** Applies the first matching fault: waits, then throws its error if it has one. */
  async apply(method: string, userId: number | null): Promise<void> {
    const m = normaliseMethod(method);
    const f = this.list.find(
      (x) => (x.method === "*" || x.method === m) && (x.userId === undefined || x.userId === userId),
    );
    if (!f) return;
    if (f.times !== undefined && --f.times <= 0) this.clear(f.id);
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.error) throw rpcError(f.error, f.code);
  }
}

/** "auth.ExportLoginToken" (GramJS class name) and "auth.exportLoginToken" (TL) compare equal. */
export function normaliseMethod(name: string): string {
  return name.toLowerCase();
}

/** GramJS class name → TL method name: "auth.ExportLoginToken" → "auth.exportLoginToken". */
export function tlName(className: string): string {
  const i = className.lastIndexOf(".");
  const last = className.slice(i + 1);
  return className.slice(0, i + 1) + last.charAt(0).toLowerCase() + last.slice(1);
}

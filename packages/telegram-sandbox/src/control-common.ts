// What the control API's route modules share: errors with an HTTP status, byte replies,
// naming users, and running a method as a user's phone.
import { RpcError } from "./rpc";
import type { Sandbox } from "./sandbox";
import type { User } from "./world";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A reply that is bytes, not JSON (a file read back through the control API). */
export class RawBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

export function mustUser(s: Sandbox, key: unknown): User {
  if (typeof key !== "string" && typeof key !== "number") throw new HttpError(400, "user is required");
  const u = s.world.userByKey(String(key));
  if (!u) throw new HttpError(404, `no such user: ${String(key)}`);
  return u;
}

/** Runs an MTProto method as the sandbox's own authorised phone session of a user. */
export async function asPhone(s: Sandbox, u: User, req: unknown): Promise<void> {
  try {
    await s.dispatch(req, s.phoneSession(u.id));
  } catch (e) {
    if (e instanceof RpcError) throw new HttpError(409, e.errorMessage, { code: e.code, error: e.errorMessage });
    throw e;
  }
}

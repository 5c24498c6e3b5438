import type { Serializable } from "./tl";

/** An rpc_error to send back; handlers throw it. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}

/** Telegram's error codes by message shape (https://core.telegram.org/api/errors). */
export function codeFor(message: string): number {
  if (/_MIGRATE_\d+$/.test(message)) return 303;
  if (/^(FLOOD_WAIT_|SLOWMODE_WAIT_|FLOOD_PREMIUM_WAIT_)/.test(message)) return 420;
  if (
    /^(AUTH_KEY_UNREGISTERED|AUTH_KEY_INVALID|USER_DEACTIVATED|SESSION_REVOKED|SESSION_EXPIRED|SESSION_PASSWORD_NEEDED|USER_DEACTIVATED_BAN)$/.test(
      message,
    )
  )
    return 401;
  if (/^(INTERNAL|RPC_CALL_FAIL|RPC_MCGET_FAIL|NEED_MEMBER_INVALID)/.test(message)) return 500;
  if (
    /^(USER_PRIVACY_RESTRICTED|PRIVACY_PREMIUM_REQUIRED|CHAT_WRITE_FORBIDDEN|CHANNEL_PRIVATE|USER_IS_BLOCKED)$/.test(
      message,
    )
  )
    return 403;
  return 400;
}

export const rpcError = (message: string, code = codeFor(message)) => new RpcError(code, message);

export type HandlerResult = Buffer | Serializable;

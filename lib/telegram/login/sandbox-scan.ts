import "server-only";

import type { CodedError } from "@/lib/http/coded-error";
import type { ErrorCode } from "@/lib/http/error-codes";
import { getLoginState } from "./registry";
import { sandboxControl } from "./sandbox-bridge";

/** Why the sandbox did not play the phone's part. */
export class SandboxScanError extends Error implements CodedError {
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "SandboxScanError";
  }

  get publicMessage(): string {
    return this.message;
  }
}

/**
 * Sandbox only: accepts the user's current QR token as sandbox user `as`. The token comes
 * from the server's own attempt, never from the browser, so this can only ever accept the
 * caller's own login.
 */
export async function scanAsSandboxUser(userId: string, as: string): Promise<void> {
  const control = sandboxControl();
  if (!control) throw new SandboxScanError("not_found", "There is no sandbox in production mode.");
  const state = await getLoginState(userId);
  if (state.status !== "qr") throw new SandboxScanError("no_qr_code", "There is no QR code to scan right now.");
  try {
    await control.scan(state.qr.url, as);
  } catch (error) {
    const refusal = controlRefusal(error);
    if (refusal) {
      // The sandbox stands in for Telegram here: its refusal is Telegram's.
      throw new SandboxScanError(
        refusal.status === 404 ? "not_found" : "telegram_error",
        `The sandbox refused the scan: ${refusal.error}`,
      );
    }
    throw new SandboxScanError("sandbox_unreachable", "The sandbox data centre is not running.");
  }
}

/** The control client's answer when the sandbox refused (it answered, with an error). */
function controlRefusal(error: unknown): { status: number; error: string } | null {
  if (!(error instanceof Error)) return null;
  const { status, error: reason } = error as Error & { status?: unknown; error?: unknown };
  return typeof status === "number" && typeof reason === "string" ? { status, error: reason } : null;
}

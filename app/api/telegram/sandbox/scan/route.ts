// Sandbox only: plays the phone's part and accepts the signed-in user's current QR token.
import { NextResponse } from "next/server";

import { ApiError, readJsonBody, withUser } from "@/lib/auth/api";
import { getLoginState } from "@/lib/telegram/login/registry";
import { sandboxControl } from "@/lib/telegram/sandbox-bridge";
import { SandboxControlError } from "@tgdesk/telegram-sandbox/control-client";
import { sandboxScanSchema } from "@/lib/validations/telegram-login";

export const dynamic = "force-dynamic";

export const POST = withUser(async (request, { user }) => {
  const control = sandboxControl();
  if (!control) throw new ApiError(404, "not_found", "There is no sandbox in production mode.");
  const { as } = await readJsonBody(request, sandboxScanSchema, { maxBytes: 1024 });
  // The token comes from the server's own attempt, never from the browser, so this route
  // can only ever accept the caller's own login.
  const state = await getLoginState(user.id);
  if (state.status !== "qr") throw new ApiError(409, "no_qr_code", "There is no QR code to scan right now.");
  try {
    await control.scan(state.qr.url, as);
  } catch (error) {
    if (error instanceof SandboxControlError) {
      throw new ApiError(error.status === 404 ? 404 : 502, "sandbox_refused", `The sandbox refused the scan: ${error.error}`);
    }
    throw new ApiError(502, "sandbox_unreachable", "The sandbox data centre is not running.");
  }
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});

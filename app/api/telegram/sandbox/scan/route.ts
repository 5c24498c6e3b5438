// POST /api/telegram/sandbox/scan {as}: sandbox only, plays the phone's part for the user's current QR token.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { scanAsSandboxUser } from "@/lib/telegram";
import { sandboxScanSchema } from "@/lib/validations/telegram-login";

export const dynamic = "force-dynamic";

export const POST = withUser({ body: sandboxScanSchema, maxBodyBytes: 1024 }, async (_request, { user, body }) => {
  await scanAsSandboxUser(user.id, body.as);
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});

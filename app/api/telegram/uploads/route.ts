// GET /api/telegram/uploads: the size limit for sending files (the site's MAX_UPLOAD_MB or Telegram's, the lower).
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { withUser } from "@/lib/http/with-user";
import { TELEGRAM_MAX_FILE_BYTES } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export const GET = withUser(() => {
  const maxBytes = Math.min(env.MAX_UPLOAD_MB * 1024 * 1024, TELEGRAM_MAX_FILE_BYTES);
  return NextResponse.json({ maxBytes }, { headers: { "cache-control": "no-store" } });
});

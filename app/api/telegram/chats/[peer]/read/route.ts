// POST /api/telegram/chats/:peer/read {maxId}: marks one of the user's chats read up to maxId.
import { NextResponse } from "next/server";
import { ApiError, readJsonBody, withUser } from "@/lib/auth/api";
import { markChatRead } from "@/lib/telegram/dashboard";
import { telegramCall } from "@/lib/telegram/route-errors";
import { markReadSchema, parsePeerId } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const POST = withUser<{ peer: string }>(async (request, { user, params }) => {
  const peerId = parsePeerId((await params).peer);
  if (!peerId) throw new ApiError(404, "not_found", "This chat does not exist.");
  const { maxId } = await readJsonBody(request, markReadSchema);
  await telegramCall(() => markChatRead(user.id, peerId, maxId));
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});

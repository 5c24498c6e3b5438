// GET  /api/telegram/chats/:peer/messages?before=: older history of one of the user's chats.
// POST /api/telegram/chats/:peer/messages {text, randomId}: send (idempotent per randomId).
import { NextResponse } from "next/server";
import { ApiError, readJsonBody, withUser } from "@/lib/auth/api";
import { getChat, sendChatMessage } from "@/lib/telegram/dashboard";
import { telegramCall } from "@/lib/telegram/route-errors";
import { historyQuerySchema, parsePeerId, queryOf, sendMessageSchema } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

type Params = { peer: string };

function peerOf(raw: string): string {
  const peerId = parsePeerId(raw);
  if (!peerId) throw new ApiError(404, "not_found", "This chat does not exist.");
  return peerId;
}

export const GET = withUser<Params>(async (request, { user, params }) => {
  const peerId = peerOf((await params).peer);
  const { before } = historyQuerySchema.parse(queryOf(request));
  const page = await telegramCall(() => getChat(user.id, peerId, { before }));
  return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
});

export const POST = withUser<Params>(async (request, { user, params }) => {
  const peerId = peerOf((await params).peer);
  const { text, randomId } = await readJsonBody(request, sendMessageSchema, { maxBytes: 32 * 1024 });
  const message = await telegramCall(() => sendChatMessage(user.id, peerId, text, randomId));
  return NextResponse.json({ message }, { status: 201, headers: { "cache-control": "no-store" } });
});

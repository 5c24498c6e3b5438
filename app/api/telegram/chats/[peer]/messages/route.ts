// GET /api/telegram/chats/:peer/messages?before=: older history; POST {text, randomId, replyTo?}: send (idempotent per randomId).
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getChat, sendChatMessage } from "@/lib/telegram";
import {
  CHAT_NOT_FOUND,
  historyQuerySchema,
  peerParamsSchema,
  sendMessageSchema,
} from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, query: historyQuerySchema },
  async (_request, { user, params, query }) => {
    const page = await getChat(user.id, params.peer, { before: query.before });
    return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
  },
);

export const POST = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, body: sendMessageSchema, maxBodyBytes: 32 * 1024 },
  async (_request, { user, params, body }) => {
    const message = await sendChatMessage(user.id, params.peer, body.text, body.randomId, body.replyTo);
    return NextResponse.json({ message }, { status: 201, headers: { "cache-control": "no-store" } });
  },
);

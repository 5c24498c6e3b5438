// POST /api/telegram/chats/:peer/messages/forward {ids, to, randomIds}: forwards to another chat of the account.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { forwardChatMessages } from "@/lib/telegram";
import { CHAT_NOT_FOUND, peerParamsSchema } from "@/lib/validations/telegram-dashboard";
import { forwardMessagesSchema } from "@/lib/validations/telegram-messages";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, body: forwardMessagesSchema },
  async (_request, { user, params, body }) => {
    const messages = await forwardChatMessages(user.id, params.peer, body.ids, body.to, body.randomIds);
    return NextResponse.json({ messages }, { status: 201, headers: { "cache-control": "no-store" } });
  },
);

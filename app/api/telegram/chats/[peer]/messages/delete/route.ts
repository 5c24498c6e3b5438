// POST /api/telegram/chats/:peer/messages/delete {ids, revoke}: deletes messages for me, or for both.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { deleteChatMessages } from "@/lib/telegram";
import { CHAT_NOT_FOUND, peerParamsSchema } from "@/lib/validations/telegram-dashboard";
import { deleteMessagesSchema } from "@/lib/validations/telegram-messages";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, body: deleteMessagesSchema },
  async (_request, { user, params, body }) => {
    await deleteChatMessages(user.id, params.peer, body.ids, body.revoke);
    return NextResponse.json({ ok: true, ids: body.ids }, { headers: { "cache-control": "no-store" } });
  },
);

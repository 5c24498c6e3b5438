// PATCH /api/telegram/chats/:peer/messages/:id {text}: edits one's own message.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { editChatMessage } from "@/lib/telegram";
import { CHAT_NOT_FOUND } from "@/lib/validations/telegram-dashboard";
import { editMessageSchema, messageParamsSchema } from "@/lib/validations/telegram-messages";

export const dynamic = "force-dynamic";

export const PATCH = withUser(
  { params: messageParamsSchema, badParams: CHAT_NOT_FOUND, body: editMessageSchema, maxBodyBytes: 32 * 1024 },
  async (_request, { user, params, body }) => {
    const message = await editChatMessage(user.id, params.peer, params.id, body.text);
    return NextResponse.json({ message }, { headers: { "cache-control": "no-store" } });
  },
);

// POST /api/telegram/chats/:peer/read {maxId}: marks one of the user's chats read up to maxId.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { markChatRead } from "@/lib/telegram";
import { CHAT_NOT_FOUND, markReadSchema, peerParamsSchema } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, body: markReadSchema },
  async (_request, { user, params, body }) => {
    await markChatRead(user.id, params.peer, body.maxId);
    return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  },
);

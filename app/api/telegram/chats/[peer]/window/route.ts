// GET /api/telegram/chats/:peer/window?around=|after=: the history around a message, or the newer page after one.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getChatAfter, getChatAround } from "@/lib/telegram";
import { CHAT_NOT_FOUND, peerParamsSchema } from "@/lib/validations/telegram-dashboard";
import { windowQuerySchema } from "@/lib/validations/telegram-search";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, query: windowQuerySchema },
  async (_request, { user, params, query }) => {
    const page =
      "around" in query
        ? await getChatAround(user.id, params.peer, query.around)
        : await getChatAfter(user.id, params.peer, query.after);
    return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
  },
);

// GET /api/telegram/chats/:peer/search?q=&offsetId=: one page of messages.search in a chat of the user's account.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { abandoned } from "@/lib/http/abandoned";
import { searchInChat } from "@/lib/telegram";
import { CHAT_NOT_FOUND, peerParamsSchema } from "@/lib/validations/telegram-dashboard";
import { chatSearchQuerySchema } from "@/lib/validations/telegram-search";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, query: chatSearchQuerySchema },
  async (request, { user, params, query }) => {
    // The browser aborts a superseded query; its signal stops the work here too.
    const page = await searchInChat(user.id, params.peer, query, request.signal).catch(abandoned(request.signal));
    if (page === null) return new NextResponse(null, { status: 499 });
    if (page === null) return new NextResponse(null, { status: 499 });
    return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
  },
);

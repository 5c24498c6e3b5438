// GET /api/telegram/chats?offset=&limit=&q=: a page of the signed-in user's chat list.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getChats } from "@/lib/telegram";
import { chatsQuerySchema } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const GET = withUser({ query: chatsQuerySchema }, async (_request, { user, query: { offset, limit, q } }) => {
  const page = await getChats(user.id, { offset, limit, query: q });
  return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
});

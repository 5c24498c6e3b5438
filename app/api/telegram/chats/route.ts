// GET /api/telegram/chats?offset=&limit=&q=: a page of the signed-in user's chat list.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/api";
import { getChats } from "@/lib/telegram/dashboard";
import { telegramCall } from "@/lib/telegram/route-errors";
import { chatsQuerySchema, queryOf } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const GET = withUser(async (request, { user }) => {
  const { offset, limit, q } = chatsQuerySchema.parse(queryOf(request));
  const page = await telegramCall(() => getChats(user.id, { offset, limit, query: q }));
  return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
});

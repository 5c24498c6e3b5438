// GET /api/telegram/search?q=&cursor=: one page of messages.searchGlobal over the user's account, grouped by chat.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { abandoned } from "@/lib/http/abandoned";
import { searchEverywhere } from "@/lib/telegram";
import { globalSearchQuerySchema } from "@/lib/validations/telegram-search";

export const dynamic = "force-dynamic";

export const GET = withUser({ query: globalSearchQuerySchema }, async (request, { user, query }) => {
  const page = await searchEverywhere(user.id, query, request.signal).catch(abandoned(request.signal));
  if (page === null) return new NextResponse(null, { status: 499 });
  return NextResponse.json(page, { headers: { "cache-control": "no-store" } });
});

// GET /api/telegram/contacts?q=: the linked account's contacts, optionally filtered.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { getContacts } from "@/lib/telegram";
import { contactsQuerySchema } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const GET = withUser({ query: contactsQuerySchema }, async (_request, { user, query }) => {
  const contacts = await getContacts(user.id, query.q);
  return NextResponse.json({ contacts }, { headers: { "cache-control": "no-store" } });
});

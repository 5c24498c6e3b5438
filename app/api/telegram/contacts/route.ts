// GET /api/telegram/contacts?q=: the linked account's contacts, optionally filtered.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/auth/api";
import { getContacts } from "@/lib/telegram/dashboard";
import { telegramCall } from "@/lib/telegram/route-errors";
import { contactsQuerySchema, queryOf } from "@/lib/validations/telegram-dashboard";

export const dynamic = "force-dynamic";

export const GET = withUser(async (request, { user }) => {
  const { q } = contactsQuerySchema.parse(queryOf(request));
  const contacts = await telegramCall(() => getContacts(user.id, q));
  return NextResponse.json({ contacts }, { headers: { "cache-control": "no-store" } });
});

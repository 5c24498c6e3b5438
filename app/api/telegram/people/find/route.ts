// POST /api/telegram/people/find {username} | {phone, keepContact}: finds a person to write to; answers the chat to open.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { findPerson } from "@/lib/telegram";
import { findPersonSchema } from "@/lib/validations/telegram-search";

export const dynamic = "force-dynamic";

export const POST = withUser({ body: findPersonSchema, maxBodyBytes: 1024 }, async (_request, { user, body }) => {
  const chat = await findPerson(user.id, body);
  return NextResponse.json({ chat }, { headers: { "cache-control": "no-store" } });
});

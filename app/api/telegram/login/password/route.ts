// POST /api/telegram/login/password {password}: the cloud password (2FA) step of the user's own login.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { submitLoginPassword } from "@/lib/telegram";
import { submitPasswordSchema } from "@/lib/validations/telegram-login";

export const dynamic = "force-dynamic";

export const POST = withUser({ body: submitPasswordSchema, maxBodyBytes: 2048 }, async (_request, { user, body }) => {
  const state = await submitLoginPassword(user.id, body.password);
  return NextResponse.json(state, { headers: { "cache-control": "no-store" } });
});

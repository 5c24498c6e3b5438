// The cloud password (2FA) step of the signed-in user's own login attempt.
import { NextResponse } from "next/server";

import { ApiError, readJsonBody, withUser } from "@/lib/auth/api";
import { LoginError, submitLoginPassword } from "@/lib/telegram/login/registry";
import { submitPasswordSchema } from "@/lib/validations/telegram-login";

export const dynamic = "force-dynamic";

export const POST = withUser(async (request, { user }) => {
  const { password } = await readJsonBody(request, submitPasswordSchema, { maxBytes: 2048 });
  try {
    const state = await submitLoginPassword(user.id, password);
    return NextResponse.json(state, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof LoginError) throw new ApiError(error.status, error.code, error.message);
    throw error;
  }
});

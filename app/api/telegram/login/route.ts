// Telegram QR login for the signed-in site user: start (POST), read or wait (GET), cancel (DELETE).
import { NextResponse } from "next/server";

import { ApiError, readJsonBody, withUser } from "@/lib/auth/api";
import { cancelLogin, getLoginState, startLogin } from "@/lib/telegram/login/registry";
import { loginStateQuerySchema, startLoginSchema } from "@/lib/validations/telegram-login";

export const dynamic = "force-dynamic";

/** Long enough to save most polls, short enough for proxies that cut idle requests at 30 s. */
const LONG_POLL_MS = 20_000;

const noStore = { headers: { "cache-control": "no-store" } };

export const POST = withUser(async (request, { user }) => {
  const body = await readJsonBody(request, startLoginSchema, { maxBytes: 1024 });
  return NextResponse.json(await startLogin(user.id, { restart: body?.restart === true }), noStore);
});

export const GET = withUser(async (request, { user }) => {
  const parsed = loginStateQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw new ApiError(400, "invalid_request", parsed.error.issues[0]?.message ?? "Bad query.");
  const { after } = parsed.data;
  const state = await getLoginState(
    user.id,
    after === undefined ? undefined : { afterVersion: after, timeoutMs: LONG_POLL_MS, signal: request.signal },
  );
  return NextResponse.json(state, noStore);
});

export const DELETE = withUser(async (_request, { user }) => {
  return NextResponse.json(await cancelLogin(user.id), noStore);
});

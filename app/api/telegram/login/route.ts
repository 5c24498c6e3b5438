// Telegram QR login for the signed-in site user: start (POST), read or wait (GET ?after=), cancel (DELETE).
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { cancelLogin, getLoginState, startLogin } from "@/lib/telegram";
import { loginStateQuerySchema, startLoginSchema } from "@/lib/validations/telegram-login";

export const dynamic = "force-dynamic";

/** Long enough to save most polls, short enough for proxies that cut idle requests at 30 s. */
const LONG_POLL_MS = 20_000;

const noStore = { headers: { "cache-control": "no-store" } };

export const POST = withUser({ body: startLoginSchema, maxBodyBytes: 1024 }, async (_request, { user, body }) =>
  NextResponse.json(await startLogin(user.id, { restart: body?.restart === true, method: body?.method }), noStore),
);

export const GET = withUser({ query: loginStateQuerySchema }, async (request, { user, query: { after } }) => {
  const state = await getLoginState(
    user.id,
    after === undefined ? undefined : { afterVersion: after, timeoutMs: LONG_POLL_MS, signal: request.signal },
  );
  return NextResponse.json(state, noStore);
});

export const DELETE = withUser(async (_request, { user }) => NextResponse.json(await cancelLogin(user.id), noStore));

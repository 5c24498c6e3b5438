// GET /api/push/subscriptions: whether push is on, the VAPID public key, the person's browsers.
// POST {endpoint, keys: {p256dh, auth}}: subscribe this browser (PushSubscription.toJSON()).
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { withUser } from "@/lib/http/with-user";
import { isLocale, LOCALE_COOKIE, resolveLocale } from "@/lib/i18n/config";
import { pushAllowsPrivate, pushEnabled } from "@/lib/push/config";
import {
  assertPushEndpoint,
  browserLabel,
  listPushSubscriptions,
  savePushSubscription,
} from "@/lib/push/subscriptions";
import type { PushStatusDto } from "@/lib/push/types";
import { refreshPushAccounts } from "@/lib/telegram";
import { pushSubscribeBody } from "@/lib/validations/push";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

export const GET = withUser(async (_request, { user }) => {
  const enabled = pushEnabled();
  const status: PushStatusDto = {
    enabled,
    publicKey: enabled ? env.VAPID_PUBLIC_KEY : "",
    subscriptions: await listPushSubscriptions(db, user.id),
  };
  return NextResponse.json(status, { headers: noStore });
});

export const POST = withUser({ body: pushSubscribeBody }, async (request, { user, body }) => {
  if (!pushEnabled()) throw new ApiError("push_disabled", "Web Push is switched off on this server.");
  await assertPushEndpoint(body.endpoint, pushAllowsPrivate());
  const locale = isLocale(user.locale)
    ? user.locale
    : resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value, request.headers.get("accept-language"));
  const subscription = await savePushSubscription(db, user.id, body, {
    label: browserLabel(request.headers.get("user-agent")),
    locale,
    // Signing out of this browser ends its notifications too.
    siteSessionId: user.sessionId,
  });
  // The account starts being kept connected now, not at the keeper's next round.
  void refreshPushAccounts();
  return NextResponse.json({ subscription }, { status: 201, headers: noStore });
});

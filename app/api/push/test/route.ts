// POST /api/push/test {id?}: a test notification to the person's browsers (or one of them).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { withUser } from "@/lib/http/with-user";
import { testPushPayload } from "@/lib/push/chat-push";
import { pushAllowsPrivate, pushEnabled, vapidKeys } from "@/lib/push/config";
import { sendPushToUser } from "@/lib/push/send";
import { pushTestBody } from "@/lib/validations/push";

export const dynamic = "force-dynamic";

export const POST = withUser({ body: pushTestBody }, async (_request, { user, body }) => {
  if (!pushEnabled()) throw new ApiError("push_disabled", "Web Push is switched off on this server.");
  const summary = await sendPushToUser(db, user.id, testPushPayload, {
    vapid: vapidKeys(),
    allowPrivate: pushAllowsPrivate(),
    topic: "test",
    onlyId: body.id,
  });
  return NextResponse.json(summary, { headers: { "cache-control": "no-store" } });
});

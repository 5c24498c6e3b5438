// DELETE /api/push/subscriptions/:id: stop notifications to one of the person's browsers.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withUser } from "@/lib/http/with-user";
import { deletePushSubscription } from "@/lib/push/subscriptions";
import { refreshPushAccounts } from "@/lib/telegram";
import { PUSH_NOT_FOUND, pushIdParamsSchema } from "@/lib/validations/push";

export const dynamic = "force-dynamic";

export const DELETE = withUser(
  { params: pushIdParamsSchema, badParams: PUSH_NOT_FOUND },
  async (_request, { user, params }) => {
    await deletePushSubscription(db, user.id, params.id);
    void refreshPushAccounts();
    return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  },
);

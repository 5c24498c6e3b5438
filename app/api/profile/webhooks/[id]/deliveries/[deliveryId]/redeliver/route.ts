// POST /api/profile/webhooks/:id/deliveries/:deliveryId/redeliver: send it again (same webhook-id).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withUser } from "@/lib/http/with-user";
import { redeliverWebhook } from "@/lib/webhooks/endpoints";
import { WEBHOOK_NOT_FOUND, webhookDeliveryParamsSchema } from "@/lib/validations/webhooks";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { params: webhookDeliveryParamsSchema, badParams: WEBHOOK_NOT_FOUND },
  async (_request, { user, params }) => {
    await redeliverWebhook(db, user.id, params.id, params.deliveryId);
    return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  },
);

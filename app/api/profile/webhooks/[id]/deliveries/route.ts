// GET /api/profile/webhooks/:id/deliveries: the endpoint's latest deliveries and attempts.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withUser } from "@/lib/http/with-user";
import { listWebhookDeliveries } from "@/lib/webhooks/endpoints";
import { WEBHOOK_NOT_FOUND, webhookIdParamsSchema } from "@/lib/validations/webhooks";

export const dynamic = "force-dynamic";

export const GET = withUser(
  { params: webhookIdParamsSchema, badParams: WEBHOOK_NOT_FOUND },
  async (_request, { user, params }) => {
    const deliveries = await listWebhookDeliveries(db, user.id, params.id);
    return NextResponse.json({ deliveries }, { headers: { "cache-control": "no-store" } });
  },
);

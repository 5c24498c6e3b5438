// POST /api/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver: queue it again now.
import { db } from "@/lib/db";
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { redeliverWebhook } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const POST = withToken(v1Routes.redeliverWebhook, async (_request, { principal, params }) => {
  await redeliverWebhook(db, principal.user.id, params.webhookId, params.deliveryId);
  return { body: { ok: true as const } };
});

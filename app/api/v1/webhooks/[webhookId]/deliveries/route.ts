// GET /api/v1/webhooks/:webhookId/deliveries: the latest deliveries and their attempts.
import { db } from "@/lib/db";
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { listWebhookDeliveries } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.listWebhookDeliveries, async (_request, { principal, params }) => ({
  body: { data: await listWebhookDeliveries(db, principal.user.id, params.webhookId) },
}));

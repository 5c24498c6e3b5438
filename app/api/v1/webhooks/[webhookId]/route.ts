// GET/PATCH/DELETE /api/v1/webhooks/:webhookId: one of the owner's endpoints (another's is 404).
import { db } from "@/lib/db";
import { metaFromHeaders } from "@/lib/admin/request-meta";
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.getWebhook, async (_request, { principal, params }) => ({
  body: { webhook: await getWebhookEndpoint(db, principal.user.id, params.webhookId) },
}));

export const PATCH = withToken(v1Routes.updateWebhook, async (_request, { principal, params, body }) => ({
  body: { webhook: await updateWebhookEndpoint(db, principal.user.id, params.webhookId, body) },
}));

export const DELETE = withToken(v1Routes.deleteWebhook, async (request, { principal, params }) => {
  await deleteWebhookEndpoint(db, principal.user, params.webhookId, metaFromHeaders(request.headers));
  return { body: { ok: true as const } };
});

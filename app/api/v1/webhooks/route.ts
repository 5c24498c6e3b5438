// GET /api/v1/webhooks: the owner's endpoints. POST: register one (the secret is answered once).
import { db } from "@/lib/db";
import { metaFromHeaders } from "@/lib/admin/request-meta";
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { webhookKeyring } from "@/lib/webhooks/runtime";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.listWebhooks, async (_request, { principal }) => ({
  body: { data: await listWebhookEndpoints(db, principal.user.id) },
}));

export const POST = withToken(v1Routes.createWebhook, async (request, { principal, body }) => {
  const { secret, endpoint } = await createWebhookEndpoint(
    db,
    webhookKeyring(),
    principal.user,
    body,
    metaFromHeaders(request.headers),
  );
  return { body: { webhook: endpoint, secret } };
});

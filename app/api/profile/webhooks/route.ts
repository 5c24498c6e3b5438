// POST /api/profile/webhooks {url, events}: a webhook endpoint, its signing secret answered once.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withUser } from "@/lib/http/with-user";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import { createWebhookBody } from "@/lib/api/v1/schemas";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { webhookKeyring } from "@/lib/webhooks/runtime";

export const dynamic = "force-dynamic";

export const POST = withUser({ body: createWebhookBody }, async (_request, { user, body }) => {
  const created = await createWebhookEndpoint(
    db,
    webhookKeyring(),
    { id: user.id, email: user.email },
    body,
    await currentRequestMeta(),
  );
  return NextResponse.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});

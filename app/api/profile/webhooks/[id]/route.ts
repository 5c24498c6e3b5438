// PATCH /api/profile/webhooks/:id {events?, enabled?}: change one of the person's endpoints.
// DELETE: remove it.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withUser } from "@/lib/http/with-user";
import { currentRequestMeta } from "@/lib/admin/request-meta";
import { updateWebhookBody } from "@/lib/api/v1/schemas";
import { deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { WEBHOOK_NOT_FOUND, webhookIdParamsSchema } from "@/lib/validations/webhooks";

export const dynamic = "force-dynamic";

export const PATCH = withUser(
  { params: webhookIdParamsSchema, badParams: WEBHOOK_NOT_FOUND, body: updateWebhookBody },
  async (_request, { user, params, body }) => {
    const webhook = await updateWebhookEndpoint(db, user.id, params.id, body);
    return NextResponse.json({ webhook }, { headers: { "cache-control": "no-store" } });
  },
);

export const DELETE = withUser(
  { params: webhookIdParamsSchema, badParams: WEBHOOK_NOT_FOUND },
  async (_request, { user, params }) => {
    await deleteWebhookEndpoint(db, { id: user.id, email: user.email }, params.id, await currentRequestMeta());
    return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
  },
);

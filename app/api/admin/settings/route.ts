// GET/PATCH /api/admin/settings: settings an admin changes at run time (audited).
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { withAdmin } from "@/lib/http/with-admin";
import { readWebhooksAllowPrivate, setWebhooksAllowPrivate } from "@/lib/admin/settings";
import { webhooksPrivateForced } from "@/lib/webhooks/worker";
import { adminSettingsPatchSchema, type AdminSettingsDto } from "@/lib/validations/admin-settings";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

async function current(): Promise<AdminSettingsDto> {
  return {
    webhooksAllowPrivate: await readWebhooksAllowPrivate(db),
    webhooksAllowPrivateForced: webhooksPrivateForced(env),
  };
}

export const GET = withAdmin(async () => NextResponse.json(await current(), { headers: NO_STORE }));

export const PATCH = withAdmin({ body: adminSettingsPatchSchema }, async (_request, { body, admin }) => {
  await setWebhooksAllowPrivate(db, admin, body.webhooksAllowPrivate);
  return NextResponse.json(await current(), { headers: NO_STORE });
});

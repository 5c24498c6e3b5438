// GET /api/admin/audit: the audit log (filter by action, outcome, actor, target, dates), newest first.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { listAuditEvents, pruneAuditOccasionally } from "@/lib/admin/audit";
import { withAdmin } from "@/lib/http/with-admin";
import { auditQuerySchema, dayAfter, pageWindow } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: auditQuerySchema }, async (_request, { query }) => {
  await pruneAuditOccasionally(db, env.AUDIT_RETENTION_DAYS);
  const result = await listAuditEvents(
    db,
    { ...query, to: dayAfter(query.to) },
    { ...pageWindow(query.page), order: query.dir },
  );
  return NextResponse.json(result, { headers: { "cache-control": "no-store" } });
});

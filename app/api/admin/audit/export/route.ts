// GET /api/admin/audit/export: the filtered audit log as CSV (the export itself is audited).
import { db } from "@/lib/db";
import { AUDIT_EXPORT_LIMIT, auditToCsv, listAuditEvents, recordAudit } from "@/lib/admin/audit";
import { withAdmin } from "@/lib/http/with-admin";
import { auditQuerySchema, dayAfter } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const GET = withAdmin({ query: auditQuerySchema }, async (request, { query, admin }) => {
  const filter = { ...query, to: dayAfter(query.to) };
  const { rows, total } = await listAuditEvents(db, filter, {
    skip: 0,
    take: AUDIT_EXPORT_LIMIT,
    order: query.dir ?? "desc",
  });
  await recordAudit(db, {
    action: "audit.export",
    actor: admin.actor,
    meta: admin.meta,
    details: { rows: rows.length, total, filter: Object.fromEntries(request.nextUrl.searchParams.entries()) },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(auditToCsv(rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="tgdesk-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});

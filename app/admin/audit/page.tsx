import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { AdminListPage } from "@/components/admin/list-page";
import { Badge, Cell, HeaderCell, hrefWith, Row, SortHeader } from "@/components/ui/data-table";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { AUDIT_ACTIONS, listAuditEvents, pruneAuditOccasionally } from "@/lib/admin/audit";
import { requireAdmin } from "@/lib/admin/guard";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { auditQuerySchema, dayAfter, pageWindow } from "@/lib/validations/admin";
import { parseListQuery } from "@/lib/validations/list-query";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.audit"))("title") };
}

const BASE = "/admin/audit";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin(BASE);
  const { params, query } = parseListQuery(auditQuerySchema, await searchParams);
  await pruneAuditOccasionally(db, env.AUDIT_RETENTION_DAYS);
  const [t, tt, format, { rows, total }] = await Promise.all([
    getTranslations("admin"),
    getTranslations("admin.table"),
    getFormatter(),
    listAuditEvents(
      db,
      { ...query, to: dayAfter(query.to) },
      { ...pageWindow(query.page), order: query.dir ?? "desc" },
    ),
  ]);
  // The export takes the table's filters, not its page or sort.
  const { page: _page, sort: _sort, dir: _dir, ...filters } = params;

  return (
    <AdminListPage
      base={BASE}
      params={params}
      page={query.page}
      total={total}
      title={t("audit.title")}
      note={t("audit.retention", { days: env.AUDIT_RETENTION_DAYS })}
      actions={
        <a
          href={hrefWith("/api/admin/audit/export", filters, {})}
          data-testid="audit-export"
          className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-100"
        >
          {t("audit.export")}
        </a>
      }
      tableTestId="audit-table"
      rowCount={rows.length}
      filters={
        <>
          <LabelledControl label={t("audit.action")}>
            <select name="action" defaultValue={query.action ?? ""} className={inputClass}>
              <option value="">{tt("any")}</option>
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </select>
          </LabelledControl>
          <LabelledControl label={t("audit.outcome")}>
            <select name="outcome" defaultValue={query.outcome ?? ""} className={inputClass}>
              <option value="">{tt("any")}</option>
              <option value="success">{t("audit.success")}</option>
              <option value="failure">{t("audit.failure")}</option>
            </select>
          </LabelledControl>
          <LabelledControl label={t("audit.actor")}>
            <input name="actor" defaultValue={query.actor ?? ""} className={inputClass} />
          </LabelledControl>
          <LabelledControl label={t("audit.target")}>
            <input name="target" defaultValue={query.target ?? ""} className={inputClass} />
          </LabelledControl>
          <LabelledControl label={tt("from")}>
            <input type="date" name="from" defaultValue={params.from ?? ""} className={inputClass} />
          </LabelledControl>
          <LabelledControl label={tt("to")}>
            <input type="date" name="to" defaultValue={params.to ?? ""} className={inputClass} />
          </LabelledControl>
        </>
      }
      head={
        <>
          <SortHeader base={BASE} params={{ ...params, sort: "at" }} column="at" defaultDir="desc">
            {t("audit.at")}
          </SortHeader>
          <HeaderCell>{t("audit.action")}</HeaderCell>
          <HeaderCell>{t("audit.actor")}</HeaderCell>
          <HeaderCell>{t("audit.target")}</HeaderCell>
          <HeaderCell>{t("audit.ip")}</HeaderCell>
          <HeaderCell>{t("audit.details")}</HeaderCell>
        </>
      }
    >
      {rows.map((row) => (
        <Row
          key={row.id}
          data-testid="audit-row"
          data-action={row.action}
          data-actor={row.actorEmail ?? ""}
          data-target={row.targetLabel ?? row.targetId ?? ""}
        >
          <Cell label={t("audit.at")} className="sm:whitespace-nowrap">
            {format.dateTime(row.at, { dateStyle: "medium", timeStyle: "medium" })}
          </Cell>
          <Cell label={t("audit.action")}>
            <code className="text-xs">{row.action}</code>{" "}
            {row.outcome === "failure" ? <Badge tone="rose">{t("audit.failure")}</Badge> : null}
          </Cell>
          <Cell label={t("audit.actor")} className="break-all">
            {row.actorEmail ?? t("audit.system")}
          </Cell>
          <Cell label={t("audit.target")} className="break-all">
            {row.targetLabel ?? row.targetId ?? "—"}
            {row.targetType ? <span className="block text-xs text-slate-500">{row.targetType}</span> : null}
          </Cell>
          <Cell label={t("audit.ip")} className="text-xs text-slate-600">
            <span title={row.userAgent ?? undefined}>{row.ip ?? "—"}</span>
          </Cell>
          <Cell label={t("audit.details")} className="max-w-md font-mono text-xs break-all text-slate-600">
            {row.details ?? ""}
          </Cell>
        </Row>
      ))}
    </AdminListPage>
  );
}

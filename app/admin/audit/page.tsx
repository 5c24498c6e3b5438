import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import {
  Badge,
  card,
  Field,
  FilterForm,
  flatParams,
  hrefWith,
  inputClass,
  Pager,
  SortHeader,
} from "@/components/admin/table-parts";
import { AUDIT_ACTIONS, listAuditEvents, pruneAuditOccasionally } from "@/lib/admin/audit";
import { requireAdmin } from "@/lib/admin/guard";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { auditQuerySchema, dayAfter, PAGE_SIZE, pageWindow } from "@/lib/validations/admin";

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
  const params = flatParams(await searchParams);
  const parsed = auditQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : auditQuerySchema.parse({});
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
  const { page: _page, sort: _sort, ...filters } = params;

  return (
    <section className={card} aria-labelledby="audit-heading">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="audit-heading" className="text-base font-semibold">
            {t("audit.title")}
          </h2>
          <p className="mt-1 text-sm text-slate-500">{t("audit.retention", { days: env.AUDIT_RETENTION_DAYS })}</p>
        </div>
        <a
          href={hrefWith("/api/admin/audit/export", filters, {})}
          data-testid="audit-export"
          className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-100"
        >
          {t("audit.export")}
        </a>
      </div>
      <FilterForm base={BASE} labels={{ filter: tt("filter"), clear: tt("clear") }}>
        <Field label={t("audit.action")}>
          <select name="action" defaultValue={query.action ?? ""} className={inputClass}>
            <option value="">{tt("any")}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("audit.outcome")}>
          <select name="outcome" defaultValue={query.outcome ?? ""} className={inputClass}>
            <option value="">{tt("any")}</option>
            <option value="success">{t("audit.success")}</option>
            <option value="failure">{t("audit.failure")}</option>
          </select>
        </Field>
        <Field label={t("audit.actor")}>
          <input name="actor" defaultValue={query.actor ?? ""} className={inputClass} />
        </Field>
        <Field label={t("audit.target")}>
          <input name="target" defaultValue={query.target ?? ""} className={inputClass} />
        </Field>
        <Field label={tt("from")}>
          <input type="date" name="from" defaultValue={params.from ?? ""} className={inputClass} />
        </Field>
        <Field label={tt("to")}>
          <input type="date" name="to" defaultValue={params.to ?? ""} className={inputClass} />
        </Field>
      </FilterForm>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="audit-table">
          <thead className="text-slate-500">
            <tr>
              <SortHeader base={BASE} params={{ ...params, sort: "at" }} column="at" defaultDir="desc">
                {t("audit.at")}
              </SortHeader>
              <th className="py-2 pr-4 font-medium">{t("audit.action")}</th>
              <th className="py-2 pr-4 font-medium">{t("audit.actor")}</th>
              <th className="py-2 pr-4 font-medium">{t("audit.target")}</th>
              <th className="py-2 pr-4 font-medium">{t("audit.ip")}</th>
              <th className="py-2 font-medium">{t("audit.details")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {rows.map((row) => (
              <tr
                key={row.id}
                data-testid="audit-row"
                data-action={row.action}
                data-actor={row.actorEmail ?? ""}
                data-target={row.targetLabel ?? row.targetId ?? ""}
              >
                <td className="whitespace-nowrap py-2 pr-4 text-slate-700" suppressHydrationWarning>
                  {format.dateTime(row.at, { dateStyle: "medium", timeStyle: "medium" })}
                </td>
                <td className="py-2 pr-4">
                  <code className="text-xs">{row.action}</code>{" "}
                  {row.outcome === "failure" ? <Badge tone="rose">{t("audit.failure")}</Badge> : null}
                </td>
                <td className="py-2 pr-4 text-slate-700">{row.actorEmail ?? t("audit.system")}</td>
                <td className="py-2 pr-4 text-slate-700">
                  {row.targetLabel ?? row.targetId ?? "—"}
                  {row.targetType ? <span className="block text-xs text-slate-500">{row.targetType}</span> : null}
                </td>
                <td className="py-2 pr-4 text-xs text-slate-600" title={row.userAgent ?? undefined}>
                  {row.ip ?? "—"}
                </td>
                <td className="max-w-md break-all py-2 font-mono text-xs text-slate-600">{row.details ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">{tt("empty")}</p> : null}
      </div>
      <Pager
        base={BASE}
        params={params}
        page={query.page}
        total={total}
        pageSize={PAGE_SIZE}
        labels={{
          previous: tt("previous"),
          next: tt("next"),
          summary: tt("page", { page: query.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total }),
        }}
      />
    </section>
  );
}

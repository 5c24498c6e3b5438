import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { AdminListPage } from "@/components/admin/list-page";
import { Cell, HeaderCell, Row, SortHeader } from "@/components/ui/data-table";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { listAuthAttempts } from "@/lib/admin/attempts";
import { requireAdmin } from "@/lib/admin/guard";
import { db } from "@/lib/db";
import { attemptListQuerySchema, dayAfter, pageWindow } from "@/lib/validations/admin";
import { parseListQuery } from "@/lib/validations/list-query";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.attempts"))("title") };
}

const BASE = "/admin/attempts";
const STATUSES = ["started", "qr", "phone", "code", "password", "succeeded", "failed", "expired", "cancelled"] as const;

export default async function AttemptsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin(BASE);
  const { params, query } = parseListQuery(attemptListQuerySchema, await searchParams);
  const [t, tt, ts, format, { rows, total }] = await Promise.all([
    getTranslations("admin"),
    getTranslations("admin.table"),
    getTranslations("dashboard.settings.attempts"),
    getFormatter(),
    listAuthAttempts(db, { ...query, to: dayAfter(query.to), ...pageWindow(query.page) }),
  ]);
  const when = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: "medium", timeStyle: "medium" }) : "—";
  const statusLabel = (status: string) =>
    (STATUSES as readonly string[]).includes(status) ? ts(`statuses.${status as (typeof STATUSES)[number]}`) : status;

  return (
    <AdminListPage
      base={BASE}
      params={params}
      page={query.page}
      total={total}
      title={t("attempts.title")}
      tableTestId="attempts-table"
      rowCount={rows.length}
      filters={
        <>
          <LabelledControl label={t("attempts.status")}>
            <select name="status" defaultValue={query.status ?? ""} className={inputClass}>
              <option value="">{tt("any")}</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusLabel(status)}
                </option>
              ))}
            </select>
          </LabelledControl>
          <LabelledControl label={t("attempts.userFilter")}>
            <input name="user" defaultValue={query.user ?? ""} className={inputClass} />
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
          <SortHeader base={BASE} params={{ ...params, sort: "startedAt" }} column="startedAt" defaultDir="desc">
            {t("attempts.started")}
          </SortHeader>
          <HeaderCell>{t("attempts.finished")}</HeaderCell>
          <HeaderCell>{t("attempts.user")}</HeaderCell>
          <HeaderCell>{t("attempts.method")}</HeaderCell>
          <HeaderCell>{t("attempts.status")}</HeaderCell>
          <HeaderCell>{t("attempts.error")}</HeaderCell>
        </>
      }
    >
      {rows.map((attempt) => (
        <Row key={attempt.id} data-testid="attempt-row" data-status={attempt.status} data-user={attempt.user.email}>
          <Cell label={t("attempts.started")}>{when(attempt.startedAt)}</Cell>
          <Cell label={t("attempts.finished")}>{when(attempt.finishedAt)}</Cell>
          <Cell label={t("attempts.user")} className="break-all">
            {attempt.user.email}
          </Cell>
          <Cell label={t("attempts.method")}>{ts(`methods.${attempt.method === "phone" ? "phone" : "qr"}`)}</Cell>
          <Cell label={t("attempts.status")}>
            {statusLabel(attempt.status)}
            {attempt.accountLabel ? (
              <span className="block text-xs text-slate-500" data-testid="attempt-account">
                {attempt.accountLabel}
              </span>
            ) : null}
          </Cell>
          <Cell label={t("attempts.error")}>
            {attempt.errorCode ? (
              <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{attempt.errorCode}</code>
            ) : null}
          </Cell>
        </Row>
      ))}
    </AdminListPage>
  );
}

import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { card, Field, FilterForm, flatParams, inputClass, Pager, SortHeader } from "@/components/admin/table-parts";
import { listAuthAttempts } from "@/lib/admin/attempts";
import { requireAdmin } from "@/lib/admin/guard";
import { db } from "@/lib/db";
import { attemptListQuerySchema, dayAfter, PAGE_SIZE, pageWindow } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.attempts"))("title") };
}

const BASE = "/admin/attempts";
const STATUSES = ["started", "qr", "password", "succeeded", "failed", "expired", "cancelled"] as const;

export default async function AttemptsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin(BASE);
  const params = flatParams(await searchParams);
  const parsed = attemptListQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : attemptListQuerySchema.parse({});
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
    <section className={card} aria-labelledby="attempts-heading">
      <h2 id="attempts-heading" className="mb-4 text-base font-semibold">
        {t("attempts.title")}
      </h2>
      <FilterForm base={BASE} labels={{ filter: tt("filter"), clear: tt("clear") }}>
        <Field label={t("attempts.status")}>
          <select name="status" defaultValue={query.status ?? ""} className={inputClass}>
            <option value="">{tt("any")}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("attempts.userFilter")}>
          <input name="user" defaultValue={query.user ?? ""} className={inputClass} />
        </Field>
        <Field label={tt("from")}>
          <input type="date" name="from" defaultValue={params.from ?? ""} className={inputClass} />
        </Field>
        <Field label={tt("to")}>
          <input type="date" name="to" defaultValue={params.to ?? ""} className={inputClass} />
        </Field>
      </FilterForm>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="attempts-table">
          <thead className="text-slate-500">
            <tr>
              <SortHeader base={BASE} params={{ ...params, sort: "startedAt" }} column="startedAt" defaultDir="desc">
                {t("attempts.started")}
              </SortHeader>
              <th className="py-2 pr-4 font-medium">{t("attempts.finished")}</th>
              <th className="py-2 pr-4 font-medium">{t("attempts.user")}</th>
              <th className="py-2 pr-4 font-medium">{t("attempts.method")}</th>
              <th className="py-2 pr-4 font-medium">{t("attempts.status")}</th>
              <th className="py-2 font-medium">{t("attempts.error")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((attempt) => (
              <tr
                key={attempt.id}
                data-testid="attempt-row"
                data-status={attempt.status}
                data-user={attempt.user.email}
              >
                <td className="py-2 pr-4 text-slate-700" suppressHydrationWarning>
                  {when(attempt.startedAt)}
                </td>
                <td className="py-2 pr-4 text-slate-700" suppressHydrationWarning>
                  {when(attempt.finishedAt)}
                </td>
                <td className="py-2 pr-4 text-slate-700">{attempt.user.email}</td>
                <td className="py-2 pr-4 text-slate-700">
                  {ts(`methods.${attempt.method === "phone" ? "phone" : "qr"}`)}
                </td>
                <td className="py-2 pr-4 text-slate-700">{statusLabel(attempt.status)}</td>
                <td className="py-2">
                  {attempt.errorCode ? (
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{attempt.errorCode}</code>
                  ) : null}
                </td>
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

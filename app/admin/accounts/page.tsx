import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { AccountActions } from "@/components/admin/account-actions";
import {
  Badge,
  card,
  Field,
  FilterForm,
  flatParams,
  inputClass,
  Pager,
  SortHeader,
} from "@/components/admin/table-parts";
import { requireAdmin } from "@/lib/admin/guard";
import { listLinkedAccounts } from "@/lib/admin/telegram-accounts";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { db } from "@/lib/db";
import { accountListQuerySchema, PAGE_SIZE, pageWindow } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.accounts"))("title") };
}

const BASE = "/admin/accounts";

export default async function AccountsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin(BASE);
  const params = flatParams(await searchParams);
  const parsed = accountListQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : accountListQuerySchema.parse({});
  const [t, tt, format, { rows, total }] = await Promise.all([
    getTranslations("admin"),
    getTranslations("admin.table"),
    getFormatter(),
    listLinkedAccounts(db, telegramAdmin, { ...query, ...pageWindow(query.page) }),
  ]);
  const when = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: "medium", timeStyle: "short" }) : tt("never");

  return (
    <section className={card} aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" className="text-base font-semibold">
        {t("accounts.title")}
      </h2>
      <p className="mb-4 mt-1 text-sm text-slate-500">{t("accounts.note")}</p>
      <FilterForm base={BASE} labels={{ filter: tt("filter"), clear: tt("clear") }}>
        <Field label={tt("search")}>
          <input name="q" defaultValue={query.q ?? ""} className={inputClass} />
        </Field>
        <Field label={t("accounts.status")}>
          <select name="status" defaultValue={query.status ?? ""} className={inputClass}>
            <option value="">{tt("any")}</option>
            <option value="active">{t("statuses.active")}</option>
            <option value="revoked">{t("statuses.revoked")}</option>
          </select>
        </Field>
      </FilterForm>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="accounts-table">
          <thead className="text-slate-500">
            <tr>
              <th className="py-2 pr-4 font-medium">{t("accounts.owner")}</th>
              <SortHeader base={BASE} params={params} column="firstName">
                {t("accounts.telegram")}
              </SortHeader>
              <th className="py-2 pr-4 font-medium">{t("accounts.phone")}</th>
              <SortHeader base={BASE} params={params} column="dcId">
                {t("accounts.dc")}
              </SortHeader>
              <SortHeader base={BASE} params={params} column="status">
                {t("accounts.status")}
              </SortHeader>
              <SortHeader base={BASE} params={params} column="linkedAt" defaultDir="desc">
                {t("accounts.linkedAt")}
              </SortHeader>
              <SortHeader base={BASE} params={params} column="lastUsedAt" defaultDir="desc">
                {t("accounts.lastUsed")}
              </SortHeader>
              <th className="py-2 pr-4 font-medium">{t("accounts.connection")}</th>
              <th className="py-2 font-medium">{tt("actions")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((account) => {
              const label = account.username ? `${account.name} (@${account.username})` : account.name;
              return (
                <tr
                  key={account.id}
                  data-testid="account-row"
                  data-owner={account.owner.email}
                  data-username={account.username ?? ""}
                  data-status={account.status}
                >
                  <td className="py-2 pr-4">
                    <span className="font-medium text-slate-900">{account.owner.name}</span>
                    <span className="block text-xs text-slate-500">{account.owner.email}</span>
                  </td>
                  <td className="py-2 pr-4">
                    <span className="text-slate-900">{account.name}</span>
                    {account.username ? (
                      <span className="block text-xs text-slate-500">@{account.username}</span>
                    ) : null}
                  </td>
                  <td className="py-2 pr-4 font-mono text-xs text-slate-600">{account.phoneMasked ?? "—"}</td>
                  <td className="py-2 pr-4 text-slate-700">{account.dcId}</td>
                  <td className="py-2 pr-4">
                    <Badge tone={account.status === "active" ? "green" : "amber"} testId="account-status">
                      {t(`statuses.${account.status === "active" ? "active" : "revoked"}`)}
                    </Badge>
                  </td>
                  <td className="py-2 pr-4 text-slate-700" suppressHydrationWarning>
                    {when(account.linkedAt)}
                  </td>
                  <td className="py-2 pr-4 text-slate-700" suppressHydrationWarning>
                    {when(account.lastUsedAt)}
                  </td>
                  <td
                    className="py-2 pr-4 text-xs text-slate-600"
                    data-testid="account-connection"
                    data-state={account.connection.state}
                  >
                    {t(`accounts.${account.connection.state}`)}
                    {account.connection.floodWaitSeconds ? (
                      <span className="block text-amber-700">
                        {t("accounts.flood", { seconds: account.connection.floodWaitSeconds })}
                      </span>
                    ) : null}
                  </td>
                  <td className="py-2">
                    <AccountActions
                      accountId={account.id}
                      label={label}
                      owner={account.owner.email}
                      active={account.status === "active"}
                    />
                  </td>
                </tr>
              );
            })}
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

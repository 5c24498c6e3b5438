import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { AccountActions } from "@/components/admin/account-actions";
import { AdminListPage } from "@/components/admin/list-page";
import { Badge, Cell, HeaderCell, Row, SortHeader } from "@/components/ui/data-table";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { requireAdmin } from "@/lib/admin/guard";
import { listLinkedAccounts } from "@/lib/admin/telegram-accounts";
import { telegramAdmin } from "@/lib/admin/telegram-bridge";
import { db } from "@/lib/db";
import { accountListQuerySchema, pageWindow } from "@/lib/validations/admin";
import { parseListQuery } from "@/lib/validations/list-query";

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
  const { params, query } = parseListQuery(accountListQuerySchema, await searchParams);
  const [t, tt, format, { rows, total }] = await Promise.all([
    getTranslations("admin"),
    getTranslations("admin.table"),
    getFormatter(),
    listLinkedAccounts(db, telegramAdmin, { ...query, ...pageWindow(query.page) }),
  ]);
  const when = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: "medium", timeStyle: "short" }) : tt("never");
  const sort = { base: BASE, params };

  return (
    <AdminListPage
      base={BASE}
      params={params}
      page={query.page}
      total={total}
      title={t("accounts.title")}
      note={t("accounts.note")}
      tableTestId="accounts-table"
      rowCount={rows.length}
      filters={
        <>
          <LabelledControl label={tt("search")}>
            <input name="q" defaultValue={query.q ?? ""} className={inputClass} />
          </LabelledControl>
          <LabelledControl label={t("accounts.status")}>
            <select name="status" defaultValue={query.status ?? ""} className={inputClass}>
              <option value="">{tt("any")}</option>
              <option value="active">{t("statuses.active")}</option>
              <option value="revoked">{t("statuses.revoked")}</option>
            </select>
          </LabelledControl>
        </>
      }
      head={
        <>
          <HeaderCell>{t("accounts.owner")}</HeaderCell>
          <SortHeader {...sort} column="firstName">
            {t("accounts.telegram")}
          </SortHeader>
          <HeaderCell>{t("accounts.phone")}</HeaderCell>
          <SortHeader {...sort} column="dcId">
            {t("accounts.dc")}
          </SortHeader>
          <SortHeader {...sort} column="status">
            {t("accounts.status")}
          </SortHeader>
          <SortHeader {...sort} column="linkedAt" defaultDir="desc">
            {t("accounts.linkedAt")}
          </SortHeader>
          <SortHeader {...sort} column="lastUsedAt" defaultDir="desc">
            {t("accounts.lastUsed")}
          </SortHeader>
          <HeaderCell>{t("accounts.connection")}</HeaderCell>
          <HeaderCell>{tt("actions")}</HeaderCell>
        </>
      }
    >
      {rows.map((account) => {
        const label = account.username ? `${account.name} (@${account.username})` : account.name;
        return (
          <Row
            key={account.id}
            data-testid="account-row"
            data-owner={account.owner.email}
            data-username={account.username ?? ""}
            data-status={account.status}
          >
            <Cell label={t("accounts.owner")}>
              <span className="font-medium text-slate-900">{account.owner.name}</span>
              <span className="block text-xs break-all text-slate-500">{account.owner.email}</span>
            </Cell>
            <Cell label={t("accounts.telegram")}>
              <span className="text-slate-900">{account.name}</span>
              {account.username ? <span className="block text-xs text-slate-500">@{account.username}</span> : null}
            </Cell>
            <Cell label={t("accounts.phone")} className="font-mono text-xs text-slate-600">
              {account.phoneMasked ?? "—"}
            </Cell>
            <Cell label={t("accounts.dc")}>{account.dcId}</Cell>
            <Cell label={t("accounts.status")}>
              <Badge tone={account.status === "active" ? "green" : "amber"} testId="account-status">
                {t(`statuses.${accountStatus(account.status)}`)}
              </Badge>
            </Cell>
            <Cell label={t("accounts.linkedAt")}>{when(account.linkedAt)}</Cell>
            <Cell label={t("accounts.lastUsed")}>{when(account.lastUsedAt)}</Cell>
            <Cell label={t("accounts.connection")} className="text-xs text-slate-600">
              <span data-testid="account-connection" data-state={account.connection.state}>
                {t(`accounts.${account.connection.state}`)}
                {account.connection.floodWaitSeconds ? (
                  <span className="block text-amber-700">
                    {t("accounts.flood", { seconds: account.connection.floodWaitSeconds })}
                  </span>
                ) : null}
              </span>
            </Cell>
            <Cell className="max-sm:pt-2">
              <AccountActions
                accountId={account.id}
                label={label}
                owner={account.owner.email}
                active={account.status === "active"}
              />
            </Cell>
          </Row>
        );
      })}
    </AdminListPage>
  );
}

// A session the server's key cannot open is not revoked at Telegram: its owner must link it again.
function accountStatus(status: string): "active" | "revoked" | "unreadable" {
  return status === "active" || status === "unreadable" ? status : "revoked";
}

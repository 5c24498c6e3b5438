import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { AdminListPage } from "@/components/admin/list-page";
import { CreatePersonForm } from "@/components/admin/create-person-form";
import { PersonActions } from "@/components/admin/person-actions";
import { Badge, Cell, HeaderCell, Row, SortHeader } from "@/components/ui/data-table";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { requireAdmin } from "@/lib/admin/guard";
import { listUsers } from "@/lib/admin/users";
import { db } from "@/lib/db";
import { pageWindow, userListQuerySchema } from "@/lib/validations/admin";
import { parseListQuery } from "@/lib/validations/list-query";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.users"))("title") };
}

const BASE = "/admin/users";

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireAdmin(BASE);
  const { params, query } = parseListQuery(userListQuerySchema, await searchParams);
  const [t, tt, format, { rows, total }] = await Promise.all([
    getTranslations("admin"),
    getTranslations("admin.table"),
    getFormatter(),
    listUsers(db, { ...query, ...pageWindow(query.page) }),
  ]);
  const when = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: "medium", timeStyle: "short" }) : tt("never");
  const sort = { base: BASE, params };

  return (
    <>
      <CreatePersonForm />
      <AdminListPage
        base={BASE}
        params={params}
        page={query.page}
        total={total}
        title={t("users.title")}
        tableTestId="people-table"
        rowCount={rows.length}
        filters={
          <>
            <LabelledControl label={tt("search")}>
              <input name="q" defaultValue={query.q ?? ""} className={inputClass} />
            </LabelledControl>
            <LabelledControl label={t("users.role")}>
              <select name="role" defaultValue={query.role ?? ""} className={inputClass}>
                <option value="">{tt("any")}</option>
                <option value="admin">{t("roles.admin")}</option>
                <option value="member">{t("roles.member")}</option>
              </select>
            </LabelledControl>
            <LabelledControl label={t("users.status")}>
              <select name="status" defaultValue={query.status ?? ""} className={inputClass}>
                <option value="">{tt("any")}</option>
                <option value="active">{t("statuses.active")}</option>
                <option value="disabled">{t("statuses.disabled")}</option>
              </select>
            </LabelledControl>
          </>
        }
        head={
          <>
            <SortHeader {...sort} column="name">
              {t("users.name")}
            </SortHeader>
            <SortHeader {...sort} column="email">
              {t("users.email")}
            </SortHeader>
            <SortHeader {...sort} column="role">
              {t("users.role")}
            </SortHeader>
            <SortHeader {...sort} column="status">
              {t("users.status")}
            </SortHeader>
            <SortHeader {...sort} column="lastSignInAt" defaultDir="desc">
              {t("users.lastSignIn")}
            </SortHeader>
            <HeaderCell>{t("users.linked")}</HeaderCell>
            <HeaderCell>{tt("actions")}</HeaderCell>
          </>
        }
      >
        {rows.map((user) => (
          <Row
            key={user.id}
            data-testid="person-row"
            data-email={user.email}
            data-status={user.status}
            data-role={user.role}
          >
            <Cell label={t("users.name")} className="font-medium text-slate-900">
              {user.name}
            </Cell>
            <Cell label={t("users.email")}>{user.email}</Cell>
            <Cell label={t("users.role")}>
              <Badge tone={user.role === "admin" ? "brand" : "slate"}>
                {t(`roles.${user.role === "admin" ? "admin" : "member"}`)}
              </Badge>
            </Cell>
            <Cell label={t("users.status")}>
              <Badge tone={user.status === "active" ? "green" : "amber"}>
                {t(`statuses.${user.status === "active" ? "active" : "disabled"}`)}
              </Badge>
              {user.mustChangePassword ? (
                <span className="ml-2 text-xs text-slate-500">{t("users.mustChange")}</span>
              ) : null}
            </Cell>
            <Cell label={t("users.lastSignIn")}>{when(user.lastSignInAt)}</Cell>
            <Cell label={t("users.linked")}>{user.linkedAccounts}</Cell>
            <Cell className="max-sm:pt-2">
              <PersonActions
                person={{
                  id: user.id,
                  email: user.email,
                  name: user.name,
                  role: user.role === "admin" ? "admin" : "member",
                  status: user.status,
                }}
                isSelf={user.id === me.id}
              />
            </Cell>
          </Row>
        ))}
      </AdminListPage>
    </>
  );
}

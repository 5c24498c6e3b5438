import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
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
import { CreatePersonForm } from "@/components/admin/create-person-form";
import { PersonActions } from "@/components/admin/person-actions";
import { requireAdmin } from "@/lib/admin/guard";
import { listUsers } from "@/lib/admin/users";
import { db } from "@/lib/db";
import { PAGE_SIZE, pageWindow, userListQuerySchema } from "@/lib/validations/admin";

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
  const params = flatParams(await searchParams);
  const parsed = userListQuerySchema.safeParse(params);
  const query = parsed.success ? parsed.data : userListQuerySchema.parse({});
  const [t, tt, format, { rows, total }] = await Promise.all([
    getTranslations("admin"),
    getTranslations("admin.table"),
    getFormatter(),
    listUsers(db, { ...query, ...pageWindow(query.page) }),
  ]);
  const when = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: "medium", timeStyle: "short" }) : tt("never");

  return (
    <>
      <CreatePersonForm />
      <section className={card} aria-labelledby="people-heading">
        <h2 id="people-heading" className="mb-4 text-base font-semibold">
          {t("users.title")}
        </h2>
        <FilterForm base={BASE} labels={{ filter: tt("filter"), clear: tt("clear") }}>
          <Field label={tt("search")}>
            <input name="q" defaultValue={query.q ?? ""} className={inputClass} />
          </Field>
          <Field label={t("users.role")}>
            <select name="role" defaultValue={query.role ?? ""} className={inputClass}>
              <option value="">{tt("any")}</option>
              <option value="admin">{t("roles.admin")}</option>
              <option value="member">{t("roles.member")}</option>
            </select>
          </Field>
          <Field label={t("users.status")}>
            <select name="status" defaultValue={query.status ?? ""} className={inputClass}>
              <option value="">{tt("any")}</option>
              <option value="active">{t("statuses.active")}</option>
              <option value="disabled">{t("statuses.disabled")}</option>
            </select>
          </Field>
        </FilterForm>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="people-table">
            <thead className="text-slate-500">
              <tr>
                <SortHeader base={BASE} params={params} column="name">
                  {t("users.name")}
                </SortHeader>
                <SortHeader base={BASE} params={params} column="email">
                  {t("users.email")}
                </SortHeader>
                <SortHeader base={BASE} params={params} column="role">
                  {t("users.role")}
                </SortHeader>
                <SortHeader base={BASE} params={params} column="status">
                  {t("users.status")}
                </SortHeader>
                <SortHeader base={BASE} params={params} column="lastSignInAt" defaultDir="desc">
                  {t("users.lastSignIn")}
                </SortHeader>
                <th className="py-2 pr-4 font-medium">{t("users.linked")}</th>
                <th className="py-2 font-medium">{tt("actions")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((user) => (
                <tr
                  key={user.id}
                  data-testid="person-row"
                  data-email={user.email}
                  data-status={user.status}
                  data-role={user.role}
                >
                  <td className="py-2 pr-4 font-medium text-slate-900">{user.name}</td>
                  <td className="py-2 pr-4 text-slate-700">{user.email}</td>
                  <td className="py-2 pr-4">
                    <Badge tone={user.role === "admin" ? "brand" : "slate"}>
                      {t(`roles.${user.role === "admin" ? "admin" : "member"}`)}
                    </Badge>
                  </td>
                  <td className="py-2 pr-4">
                    <Badge tone={user.status === "active" ? "green" : "amber"}>
                      {t(`statuses.${user.status === "active" ? "active" : "disabled"}`)}
                    </Badge>
                    {user.mustChangePassword ? (
                      <span className="ml-2 text-xs text-slate-500">{t("users.mustChange")}</span>
                    ) : null}
                  </td>
                  <td className="py-2 pr-4 text-slate-700" suppressHydrationWarning>
                    {when(user.lastSignInAt)}
                  </td>
                  <td className="py-2 pr-4 text-slate-700">{user.linkedAccounts}</td>
                  <td className="py-2">
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
    </>
  );
}

// The frame every admin list page shares: heading, optional note and actions, the filter
// bar, the table (or its empty state) and the pager, all worded from admin.table.
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { panelClass } from "@/components/ui/card";
import { DataTable, EmptyState, FilterBar, Pager, type ListParams } from "@/components/ui/data-table";
import { PAGE_SIZE } from "@/lib/validations/admin";

export async function AdminListPage({
  base,
  params,
  page,
  total,
  title,
  note,
  actions,
  filters,
  tableTestId,
  head,
  rowCount,
  children,
}: {
  base: string;
  params: ListParams;
  page: number;
  total: number;
  title: string;
  note?: ReactNode;
  actions?: ReactNode;
  filters: ReactNode;
  tableTestId: string;
  head: ReactNode;
  rowCount: number;
  children: ReactNode;
}) {
  const tt = await getTranslations("admin.table");
  const headingId = `${tableTestId}-heading`;
  return (
    <section className={panelClass} aria-labelledby={headingId}>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-base font-semibold">
            {title}
          </h2>
          {note ? <p className="mt-1 text-sm text-slate-500">{note}</p> : null}
        </div>
        {actions}
      </div>
      <FilterBar base={base} labels={{ filter: tt("filter"), clear: tt("clear") }}>
        {filters}
      </FilterBar>
      <div className="sm:overflow-x-auto">
        <DataTable testId={tableTestId} head={head}>
          {children}
        </DataTable>
        {rowCount === 0 ? <EmptyState>{tt("empty")}</EmptyState> : null}
      </div>
      <Pager
        base={base}
        params={params}
        page={page}
        total={total}
        pageSize={PAGE_SIZE}
        labels={{
          previous: tt("previous"),
          next: tt("next"),
          nav: tt("pages"),
          summary: tt("page", { page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total }),
        }}
      />
    </section>
  );
}

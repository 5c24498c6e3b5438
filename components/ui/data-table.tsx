// Server-rendered table parts: sorting, filtering and paging live in the URL, so a table
// works without JavaScript and every view can be linked to. Below the sm breakpoint rows
// stack into cards (each cell labelled by its column), so a 390 px phone never scrolls
// sideways; the header row stays as a wrap of sort links.
import Link from "next/link";
import type { ReactNode } from "react";

import { cx } from "./cx";

export type ListParams = Record<string, string | undefined>;

/** `base` with the current query, changed by `changes` (empty values dropped). */
export function hrefWith(base: string, params: ListParams, changes: ListParams): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, ...changes })) if (value) next.set(key, value);
  const query = next.toString();
  return query ? `${base}?${query}` : base;
}

const headCell = "py-2 pr-4 font-medium max-sm:py-0";

export function DataTable({ testId, head, children }: { testId: string; head: ReactNode; children: ReactNode }) {
  return (
    <table className="w-full text-left text-sm max-sm:block" data-testid={testId}>
      <thead className="text-slate-500 max-sm:block">
        <tr className="max-sm:flex max-sm:flex-wrap max-sm:gap-x-4 max-sm:gap-y-1 max-sm:pb-2">{head}</tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top max-sm:block">{children}</tbody>
    </table>
  );
}

/** A header cell that does not sort; hidden on phones, where each cell names itself. */
export function HeaderCell({ children }: { children: ReactNode }) {
  return <th className={cx(headCell, "max-sm:hidden")}>{children}</th>;
}

/** A header cell that sorts by `column`: a link that flips the direction, and aria-sort. */
export function SortHeader({
  base,
  params,
  column,
  children,
  defaultDir = "asc",
}: {
  base: string;
  params: ListParams;
  column: string;
  children: ReactNode;
  defaultDir?: "asc" | "desc";
}) {
  const active = params.sort === column;
  const dir = active ? (params.dir === "desc" ? "asc" : "desc") : defaultDir;
  const arrow = active ? (params.dir === "desc" ? "↓" : "↑") : "";
  return (
    <th className={headCell} aria-sort={active ? (params.dir === "desc" ? "descending" : "ascending") : "none"}>
      <Link
        href={hrefWith(base, params, { sort: column, dir, page: undefined })}
        className="hover:text-slate-900"
        data-testid={`sort-${column}`}
      >
        {children} <span aria-hidden="true">{arrow}</span>
      </Link>
    </th>
  );
}

export function Row({ children, ...data }: { children: ReactNode } & Record<`data-${string}`, string>) {
  return (
    <tr {...data} className="max-sm:block max-sm:py-2">
      {children}
    </tr>
  );
}

/** A body cell; on phones it shows its column's `label` before the value. */
export function Cell({ label, children, className }: { label?: string; children?: ReactNode; className?: string }) {
  return (
    <td
      data-label={label}
      suppressHydrationWarning
      className={cx(
        "py-2 pr-4 text-slate-700 max-sm:flex max-sm:gap-2 max-sm:py-0.5 max-sm:pr-0 max-sm:break-words",
        label &&
          "max-sm:before:w-28 max-sm:before:shrink-0 max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]",
        className,
      )}
    >
      {label ? <div className="min-w-0">{children}</div> : children}
    </td>
  );
}

/** A GET form: submitting it rewrites the query string (and resets the page). */
export function FilterBar({
  base,
  children,
  labels,
}: {
  base: string;
  children: ReactNode;
  labels: { filter: string; clear: string };
}) {
  return (
    <form
      method="get"
      action={base}
      className="mb-4 grid grid-cols-1 gap-3 text-sm sm:flex sm:flex-wrap sm:items-end"
      role="search"
    >
      {children}
      <div className="flex gap-2">
        <button
          type="submit"
          className="rounded-lg bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700"
          data-testid="filter-submit"
        >
          {labels.filter}
        </button>
        <Link
          href={base}
          className="rounded-lg px-3 py-2 font-medium text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100"
        >
          {labels.clear}
        </Link>
      </div>
    </form>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="py-6 text-center text-sm text-slate-500" data-testid="table-empty">
      {children}
    </p>
  );
}

export function Pager({
  base,
  params,
  page,
  total,
  pageSize,
  labels,
}: {
  base: string;
  params: ListParams;
  page: number;
  total: number;
  pageSize: number;
  labels: { previous: string; next: string; summary: string; nav: string };
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = "rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-slate-200 hover:bg-slate-100";
  return (
    <nav
      className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-500"
      aria-label={labels.nav}
    >
      <span data-testid="pager-summary">{labels.summary}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={hrefWith(base, params, { page: String(page - 1) })} data-testid="pager-previous">
            {labels.previous}
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={link} href={hrefWith(base, params, { page: String(page + 1) })} data-testid="pager-next">
            {labels.next}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

export function Badge({
  tone,
  children,
  testId,
}: {
  tone: "green" | "amber" | "slate" | "rose" | "brand";
  children: ReactNode;
  testId?: string;
}) {
  const tones = {
    green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
    amber: "bg-amber-50 text-amber-800 ring-amber-200",
    slate: "bg-slate-100 text-slate-700 ring-slate-200",
    rose: "bg-rose-50 text-rose-700 ring-rose-200",
    brand: "bg-brand-50 text-brand-700 ring-brand-200",
  };
  return (
    <span
      data-testid={testId}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

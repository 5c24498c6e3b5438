// Server-rendered table controls: sorting, filtering and paging live in the URL, so a
// table works without JavaScript and every view can be linked to.
import Link from "next/link";
import type { ReactNode } from "react";

export type Params = Record<string, string | undefined>;

export function hrefWith(base: string, params: Params, changes: Params): string {
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, ...changes })) if (value) next.set(key, value);
  const query = next.toString();
  return query ? `${base}?${query}` : base;
}

export function SortHeader({
  base,
  params,
  column,
  children,
  defaultDir = "asc",
}: {
  base: string;
  params: Params;
  column: string;
  children: ReactNode;
  defaultDir?: "asc" | "desc";
}) {
  const active = params.sort === column;
  const dir = active ? (params.dir === "desc" ? "asc" : "desc") : defaultDir;
  const arrow = active ? (params.dir === "desc" ? "↓" : "↑") : "";
  return (
    <th
      className="py-2 pr-4 font-medium"
      aria-sort={active ? (params.dir === "desc" ? "descending" : "ascending") : "none"}
    >
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

export function Pager({
  base,
  params,
  page,
  total,
  pageSize,
  labels,
}: {
  base: string;
  params: Params;
  page: number;
  total: number;
  pageSize: number;
  labels: { previous: string; next: string; summary: string };
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = "rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-slate-200 hover:bg-slate-100";
  return (
    <nav className="mt-4 flex items-center justify-between gap-3 text-sm text-slate-500" aria-label="pagination">
      <span data-testid="pager-summary">{labels.summary}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={hrefWith(base, params, { page: String(page - 1) })}>
            {labels.previous}
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={link} href={hrefWith(base, params, { page: String(page + 1) })}>
            {labels.next}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

/** A GET form: submitting it rewrites the query string (and resets the page). */
export function FilterForm({
  base,
  children,
  labels,
}: {
  base: string;
  children: ReactNode;
  labels: { filter: string; clear: string };
}) {
  return (
    <form method="get" action={base} className="mb-4 flex flex-wrap items-end gap-3 text-sm" role="search">
      {children}
      <button type="submit" className="rounded-lg bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700">
        {labels.filter}
      </button>
      <Link
        href={base}
        className="rounded-lg px-3 py-2 font-medium text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100"
      >
        {labels.clear}
      </Link>
    </form>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    // min-w-0 / max-w-full: a select sized by a long (Russian) option must not widen the page on a phone.
    <label className="flex min-w-0 max-w-full flex-col gap-1">
      <span className="text-xs font-medium text-slate-500">{label}</span>
      {children}
    </label>
  );
}

export const inputClass =
  "max-w-full rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-brand-500 focus:outline-none";

export const card = "rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6";

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
    <span data-testid={testId} className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** searchParams as plain strings (first value of repeated ones). */
export function flatParams(input: Record<string, string | string[] | undefined>): Params {
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
}

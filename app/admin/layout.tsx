import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireAdmin } from "@/lib/admin/guard";

const SECTIONS = ["users", "accounts", "attempts", "audit", "tokens", "health", "settings"] as const;

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // Each page checks again where it reads data; this keeps a member from seeing the frame.
  await requireAdmin();
  const t = await getTranslations("admin");
  return (
    <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold tracking-tight">{t("title")}</h1>
        <nav
          aria-label={t("title")}
          className="flex flex-wrap gap-1 rounded-xl bg-white p-1 shadow-sm ring-1 ring-slate-200"
        >
          {SECTIONS.map((section) => (
            <Link
              key={section}
              href={`/admin/${section}`}
              data-testid={`admin-nav-${section}`}
              className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              {t(`nav.${section}`)}
            </Link>
          ))}
        </nav>
      </div>
      {children}
    </div>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const TABS = [
  { href: "/telegram/dashboard", key: "chats", match: ["/telegram/dashboard", "/telegram/chats"] },
  { href: "/telegram/contacts", key: "contacts", match: ["/telegram/contacts"] },
  { href: "/telegram/search", key: "find", match: ["/telegram/search"] },
  { href: "/telegram/settings", key: "settings", match: ["/telegram/settings"] },
] as const;

export function DashboardNav() {
  const t = useTranslations("dashboard.nav");
  const pathname = usePathname();
  return (
    <nav aria-label={t("label")} className="flex gap-1 rounded-xl bg-slate-100 p-1 text-sm font-medium">
      {TABS.map((tab) => {
        const active = tab.match.some((prefix) => pathname.startsWith(prefix));
        return (
          <Link
            key={tab.key}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={`flex-1 rounded-lg px-3 py-1.5 text-center transition sm:flex-none sm:px-4 ${
              active ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
            }`}
          >
            {t(tab.key)}
          </Link>
        );
      })}
    </nav>
  );
}

"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { SignOutEverywhereButton } from "@/components/profile/profile-forms";

/** The signed-in person's own menu: profile, the admin panel for admins, sign out everywhere. */
export function UserMenu({ isAdmin, email }: { isAdmin: boolean; email: string }) {
  const t = useTranslations("profile");
  return (
    <details className="relative" data-testid="user-menu">
      <summary
        className="cursor-pointer list-none rounded-lg px-2 py-1.5 text-sm font-medium text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100"
        aria-label={t("menu")}
      >
        ⋯
      </summary>
      <div className="absolute right-0 z-40 mt-2 w-56 rounded-xl bg-white p-1 shadow-lg ring-1 ring-slate-200">
        <Link
          href="/profile"
          className="block rounded-lg px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
          data-testid="menu-profile"
        >
          {t("profileLink")}
        </Link>
        {isAdmin ? (
          <Link
            href="/admin/users"
            className="block rounded-lg px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
            data-testid="menu-admin"
          >
            {t("adminLink")}
          </Link>
        ) : null}
        <SignOutEverywhereButton email={email} variant="menu" />
      </div>
    </details>
  );
}

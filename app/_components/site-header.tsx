import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getCurrentUser } from "@/lib/auth/session";
import { BrandMark } from "@/app/_components/brand-mark";
import { LocaleSwitcher } from "@/app/_components/locale-switcher";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { UserMenu } from "@/components/account/user-menu";

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase());
  return letters.join("") || "?";
}

export async function SiteHeader() {
  const [t, user] = await Promise.all([getTranslations("header"), getCurrentUser()]);
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200/80 bg-white/80 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-2 px-4 sm:gap-4 sm:px-6">
        <Link href={user ? "/telegram" : "/sign-in"} className="flex items-center gap-2.5 rounded-lg">
          <BrandMark />
          <span className="text-lg font-semibold tracking-tight">{t("brand")}</span>
        </Link>
        <div className="flex min-w-0 items-center gap-2 sm:gap-3">
          <LocaleSwitcher />
          {user ? (
            <>
              <div className="flex items-center gap-2.5" title={t("signedInAs", { name: user.name })}>
                <span
                  aria-hidden="true"
                  className="hidden size-8 items-center justify-center rounded-full sm:inline-flex bg-brand-100 text-xs font-semibold text-brand-700"
                >
                  {initials(user.name)}
                </span>
                <span data-testid="header-user-name" className="hidden text-sm font-medium text-slate-700 sm:inline">
                  {user.name}
                </span>
              </div>
              <UserMenu isAdmin={user.role === "admin"} email={user.email} />
              <SignOutButton />
            </>
          ) : null}
        </div>
      </div>
    </header>
  );
}

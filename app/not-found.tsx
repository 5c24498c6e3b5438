import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <div className="flex flex-1 flex-col items-center justify-center px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-slate-600">{t("notFoundBody")}</p>
      <Link href="/" className="mt-6 text-sm font-semibold text-brand-600 hover:text-brand-700">
        {t("goHome")} →
      </Link>
    </div>
  );
}

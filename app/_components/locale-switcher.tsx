"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { locales } from "@/lib/i18n/config";
import { setLocale } from "@/lib/i18n/actions";

/** EN / RU segmented switch; the choice is stored in a cookie, the URL stays the same. */
export function LocaleSwitcher() {
  const t = useTranslations("header");
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  return (
    <div
      role="group"
      aria-label={t("language")}
      className={`inline-flex rounded-lg bg-slate-100 p-0.5 text-xs font-semibold ${pending ? "opacity-60" : ""}`}
    >
      {locales.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          data-locale={locale}
          aria-pressed={locale === current}
          aria-label={t(`languages.${locale}`)}
          title={t(`languages.${locale}`)}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await setLocale(locale);
              router.refresh();
            })
          }
          className={`rounded-md px-2.5 py-1 uppercase tracking-wide transition ${
            locale === current ? "bg-white text-slate-900 shadow-sm" : "text-slate-500 hover:text-slate-800"
          }`}
        >
          {locale}
        </button>
      ))}
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";

/** The error boundary body shared by the dashboard's routes. */
export function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto w-full max-w-lg px-4 py-16">
      <div role="alert" className="rounded-2xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h2 className="text-xl font-semibold tracking-tight">{t("errorTitle")}</h2>
        <p className="mt-2 text-sm text-slate-600">{t("errorBody")}</p>
        <button
          type="button"
          onClick={reset}
          className="mt-6 inline-flex rounded-lg bg-brand-500 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-600"
        >
          {t("tryAgain")}
        </button>
      </div>
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** The error boundary body shared by the dashboard's routes. */
export function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto w-full max-w-lg px-4 py-16">
      <Card as="div" role="alert" className="p-8 text-center">
        <h2 className="text-xl font-semibold tracking-tight">{t("errorTitle")}</h2>
        <p className="mt-2 text-sm text-slate-600">{t("errorBody")}</p>
        <Button onClick={reset} className="mt-6">
          {t("tryAgain")}
        </Button>
      </Card>
    </div>
  );
}

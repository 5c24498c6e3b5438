import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { panelClass } from "@/components/ui/card";
import { SettingsForm } from "@/components/admin/settings-form";
import { requireAdmin } from "@/lib/admin/guard";
import { readWebhooksAllowPrivate, SETTINGS_CACHE_MS } from "@/lib/admin/settings";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { webhooksPrivateForced } from "@/lib/webhooks/worker";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.settings"))("title") };
}

export default async function SettingsPage() {
  await requireAdmin("/admin/settings");
  const [t, allowPrivate] = await Promise.all([getTranslations("admin.settings"), readWebhooksAllowPrivate(db)]);
  return (
    <section className={panelClass} aria-labelledby="settings-heading">
      <h2 id="settings-heading" className="mb-4 text-base font-semibold">
        {t("title")}
      </h2>
      <SettingsForm
        webhooksAllowPrivate={allowPrivate}
        forced={webhooksPrivateForced(env)}
        cacheSeconds={SETTINGS_CACHE_MS / 1000}
      />
    </section>
  );
}

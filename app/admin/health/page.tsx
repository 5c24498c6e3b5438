import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { panelClass } from "@/components/ui/card";
import { requireAdmin } from "@/lib/admin/guard";
import { readHealth } from "@/lib/admin/health";
import { connectedAccountCount } from "@/lib/admin/telegram-bridge";
import { db } from "@/lib/db";
import packageJson from "@/package.json" with { type: "json" };

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.health"))("title") };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [d ? `${d}d` : "", h ? `${h}h` : "", `${m}m`].filter(Boolean).join(" ");
}

export default async function HealthPage() {
  await requireAdmin("/admin/health");
  const [t, format, health] = await Promise.all([
    getTranslations("admin.health"),
    getFormatter(),
    readHealth(db, { connectedAccounts: connectedAccountCount(), version: packageJson.version }),
  ]);
  const items: [string, string, string][] = [
    ["mode", t("mode"), t(health.telegramMode)],
    ["connected", t("connected"), format.number(health.connectedAccounts)],
    ["links", t("links"), format.number(health.activeLinks)],
    ["pending", t("pending"), format.number(health.pendingLoginAttempts)],
    ["memory", t("memory"), `${mib(health.memory.rssBytes)} / ${mib(health.memory.heapUsedBytes)}`],
    ["uptime", t("uptime"), duration(health.uptimeSeconds)],
    ["database", t("database"), health.databaseBytes === null ? "—" : mib(health.databaseBytes)],
    ["version", t("version"), health.version],
    ["retention", t("retention"), `${health.auditRetentionDays} d`],
  ];
  return (
    <section className={panelClass} aria-labelledby="health-heading">
      <h2 id="health-heading" className="mb-4 text-base font-semibold">
        {t("title")}
      </h2>
      <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-3" data-testid="health">
        {items.map(([key, label, value]) => (
          <div key={key} className="rounded-xl bg-slate-50 p-3 ring-1 ring-slate-100">
            <dt className="text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold text-slate-900" data-testid={`health-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

import { getTranslations } from "next-intl/server";

import type { BucketStateDto } from "@/lib/telegram/dto";

/** The account's request pacing (token buckets), part of its health on the settings page. */
export async function RateBucketsCard({ connected, buckets }: { connected: boolean; buckets: BucketStateDto[] }) {
  const t = await getTranslations("dashboard.buckets");
  return (
    <section
      aria-labelledby="buckets-heading"
      className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6"
      data-testid="rate-buckets"
    >
      <h2 id="buckets-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-500">{t("intro")}</p>
      {connected ? null : <p className="mt-1 text-sm text-slate-500">{t("idle")}</p>}
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-2 pr-4 font-medium">{t("kind")}</th>
              <th className="py-2 pr-4 font-medium">{t("available")}</th>
              <th className="py-2 pr-4 font-medium">{t("refill")}</th>
              <th className="py-2 pr-4 font-medium">{t("delayed")}</th>
              <th className="py-2 font-medium">{t("refused")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {buckets.map((b) => (
              <tr
                key={b.bucket}
                data-testid="rate-bucket"
                data-bucket={b.bucket}
                data-available={b.available}
                data-refused={b.refused}
              >
                <td className="py-2 pr-4 text-slate-700">{t(`names.${b.bucket}`)}</td>
                <td className={`py-2 pr-4 ${b.available === 0 ? "font-medium text-amber-700" : "text-slate-700"}`}>
                  {t("of", { available: b.available, capacity: b.capacity })}
                  {b.chats !== undefined ? (
                    <span className="ml-1 text-xs text-slate-500">({t("chats", { count: b.chats })})</span>
                  ) : null}
                </td>
                <td className="py-2 pr-4 text-slate-700">
                  {t("perMinute", { count: Math.round(b.refillPerSecond * 60) })}
                </td>
                <td className="py-2 pr-4 text-slate-700">{b.delayed}</td>
                <td className={`py-2 ${b.refused > 0 ? "font-medium text-rose-700" : "text-slate-700"}`}>
                  {b.refused}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { TokenActions } from "@/components/admin/token-actions";
import { panelClass } from "@/components/ui/card";
import { Badge } from "@/components/ui/data-table";
import { requireAdmin } from "@/lib/admin/guard";
import { listAllApiTokens } from "@/lib/api/tokens";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.tokens"))("title") };
}

export default async function TokensPage() {
  await requireAdmin("/admin/tokens");
  const [t, format, tokens] = await Promise.all([
    getTranslations("admin.tokens"),
    getFormatter(),
    listAllApiTokens(db),
  ]);
  const when = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t("never");

  return (
    <section className={panelClass} aria-labelledby="tokens-heading">
      <h2 id="tokens-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 mb-4 text-sm text-slate-500">{t("body")}</p>
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="admin-tokens">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-2 pr-3 font-medium">{t("owner")}</th>
                <th className="py-2 pr-3 font-medium">{t("token")}</th>
                <th className="py-2 pr-3 font-medium">{t("scopes")}</th>
                <th className="py-2 pr-3 font-medium">{t("created")}</th>
                <th className="py-2 pr-3 font-medium">{t("lastUsed")}</th>
                <th className="py-2 pr-3 font-medium">{t("expires")}</th>
                <th className="py-2 pr-3 font-medium">{t("status")}</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">{t("revoke")}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.map((token) => {
                const state = token.state;
                return (
                  <tr key={token.id} data-testid="admin-token-row">
                    <td className="py-2 pr-3">
                      <span className="block">{token.owner.name}</span>
                      <span className="text-xs text-slate-500">{token.owner.email}</span>
                    </td>
                    <td className="py-2 pr-3">
                      <span className="block">{token.name}</span>
                      <code className="text-xs text-slate-500">{token.prefix}…</code>
                    </td>
                    <td className="py-2 pr-3 text-xs">{token.scopes.join(", ")}</td>
                    <td className="py-2 pr-3 text-xs">{when(token.createdAt)}</td>
                    <td className="py-2 pr-3 text-xs">{when(token.lastUsedAt)}</td>
                    <td className="py-2 pr-3 text-xs">{when(token.expiresAt)}</td>
                    <td className="py-2 pr-3">
                      <Badge tone={state === "active" ? "green" : "slate"}>{t(state)}</Badge>
                    </td>
                    <td className="py-2">
                      {state === "active" ? (
                        <TokenActions
                          tokenId={token.id}
                          name={token.name}
                          prefix={token.prefix}
                          owner={token.owner.email}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import { getTranslations } from "next-intl/server";

/** Says plainly that this Telegram is the project's sandbox, not the real one. */
export async function SandboxBanner({ reachable }: { reachable: boolean }) {
  const t = await getTranslations("sandbox");
  return (
    <div
      role="note"
      data-testid="sandbox-banner"
      className="rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p className="font-medium">{t("title")}</p>
      <p className="mt-1 text-amber-800">{reachable ? t("body") : t("unreachable")}</p>
    </div>
  );
}

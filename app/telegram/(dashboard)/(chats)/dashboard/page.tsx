import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.chats");
  return { title: t("title") };
}

// The list itself is in the layout; on a wide screen this fills the chat pane until a chat is chosen.
export default async function DashboardPage() {
  await requireUser("/telegram/dashboard");
  const t = await getTranslations("dashboard.chats");
  return (
    <Card
      as="div"
      className="flex flex-1 items-center justify-center p-8 text-center text-sm text-slate-500"
      data-testid="no-chat-open"
    >
      <p className="max-w-xs">{t("choose")}</p>
    </Card>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { ContactList } from "@/components/dashboard/contact-list";
import { DashboardShell } from "@/components/dashboard/dashboard-shell";
import { ProblemCard } from "@/components/dashboard/problem-card";
import { requireUser } from "@/lib/auth/session";
import { findActiveAccount, getContacts, outcomeOf } from "@/lib/telegram";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.contacts");
  return { title: t("title") };
}

export default async function ContactsPage() {
  const user = await requireUser("/telegram/contacts");
  const account = await findActiveAccount(user.id);
  const outcome = await outcomeOf(() => getContacts(user.id));
  return (
    <DashboardShell>
      {outcome.ok ? <ContactList contacts={outcome.data} /> : <ProblemCard problem={outcome.problem} />}
    </DashboardShell>
  );
}

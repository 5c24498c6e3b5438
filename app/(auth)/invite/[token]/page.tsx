import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { InviteForm } from "@/components/account/invite-form";
import { findOpenInvitation } from "@/lib/admin/invitations";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("invite"))("title"), robots: { index: false } };
}

/** Public on purpose: the token in the URL is the credential (only its hash is stored). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, invitation] = await Promise.all([
    getTranslations("invite"),
    token.length <= 200 ? findOpenInvitation(db, token) : null,
  ]);
  return (
    <div className="mx-auto flex w-full max-w-md flex-1 flex-col justify-center gap-4 px-4 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
      {invitation ? (
        <>
          <p className="text-sm text-slate-600">{t("body", { email: invitation.email })}</p>
          <InviteForm token={token} email={invitation.email} initialName={invitation.name} />
        </>
      ) : (
        <>
          <p role="alert" className="text-sm text-rose-700" data-testid="invitation-invalid">
            {t("invalid")}
          </p>
          <Link href="/sign-in" className="text-sm font-medium text-brand-700 hover:underline">
            {t("signIn")}
          </Link>
        </>
      )}
    </div>
  );
}

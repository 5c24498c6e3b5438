// PATCH /api/profile: the signed-in person's own name and language preference.
import { NextResponse } from "next/server";
import { cookies } from "next/headers";
import { withUser } from "@/lib/http/with-user";
import { changeOwnName, setOwnLocale } from "@/lib/auth/profile";
import { selfContext } from "@/lib/auth/self-context";
import { db } from "@/lib/db";
import { LOCALE_COOKIE } from "@/lib/i18n/config";
import { profileUpdateSchema } from "@/lib/validations/admin";

export const dynamic = "force-dynamic";

export const PATCH = withUser({ body: profileUpdateSchema }, async (_request, { user, body }) => {
  const ctx = await selfContext(user);
  if (body.name !== undefined) await changeOwnName(db, ctx, body.name);
  if (body.locale !== undefined) {
    await setOwnLocale(db, ctx, body.locale);
    const jar = await cookies();
    if (body.locale) jar.set(LOCALE_COOKIE, body.locale, { path: "/", maxAge: 365 * 24 * 60 * 60, sameSite: "lax" });
    else jar.delete(LOCALE_COOKIE);
  }
  return NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
});

"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { profileApi } from "@/lib/client/api";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import { ApiRequestError } from "@/lib/client/api-fetch";
import { formText } from "@/lib/client/form-data";

/** Where a new person starts: linking their Telegram account. */
const FIRST_PAGE = "/telegram";

export function InviteForm({ token, email, initialName }: { token: string; email: string; initialName: string }) {
  const t = useTranslations("invite");
  const describe = useApiErrorMessage();
  const router = useRouter();
  const [state, setState] = useState<"idle" | "pending" | "signing-in" | "done" | "invalid" | "error">("idle");
  const [error, setError] = useState<string | null>(null);
  if (state === "done") {
    // The account exists but signing in failed (rare: a network blip): say so and offer the page.
    return (
      <div role="status" className="flex flex-col gap-3 text-sm" data-testid="invitation-accepted">
        <p>{t("done", { email })}</p>
        <Link href="/sign-in" className="font-medium text-brand-700 hover:underline">
          {t("signIn")}
        </Link>
      </div>
    );
  }
  return (
    <form
      className="grid gap-3"
      data-testid="invite-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const password = formText(data, "password");
        setState("pending");
        setError(null);
        try {
          await profileApi.acceptInvitation({ token, name: formText(data, "name"), password });
        } catch (caught) {
          const invalid = caught instanceof ApiRequestError && caught.code === "invitation_invalid";
          setState(invalid ? "invalid" : "error");
          if (!invalid) setError(describe(caught));
          return;
        }
        // The password was just chosen: sign in with it, so the link lands the person signed in.
        setState("signing-in");
        const result = await signIn("credentials", { email, password, redirect: false, callbackUrl: FIRST_PAGE }).catch(
          () => null,
        );
        if (!result?.ok || result.error) {
          setState("done");
          return;
        }
        router.replace(FIRST_PAGE);
        router.refresh();
      }}
    >
      <LabelledControl label={t("name")}>
        <input name="name" defaultValue={initialName} required maxLength={80} className={inputClass} />
      </LabelledControl>
      <LabelledControl label={t("password")}>
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={256}
          className={inputClass}
          data-testid="invite-password"
        />
      </LabelledControl>
      <button
        type="submit"
        disabled={state === "pending" || state === "signing-in"}
        className="rounded-lg bg-brand-500 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-600 disabled:opacity-60"
      >
        {state === "signing-in" ? t("signingIn") : t("submit")}
      </button>
      {state === "invalid" ? (
        <p role="alert" className="text-sm text-rose-700" data-testid="invitation-invalid">
          {t("invalid")}
        </p>
      ) : null}
      {state === "error" && error ? (
        <p role="alert" className="text-sm text-rose-700" data-testid="invitation-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

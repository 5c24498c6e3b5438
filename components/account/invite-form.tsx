"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { Field, inputClass } from "@/components/admin/table-parts";
import { profileApi } from "@/lib/client/api";
import { ApiRequestError } from "@/lib/client/api-fetch";
import { formText } from "@/lib/client/form-data";

export function InviteForm({ token, email, initialName }: { token: string; email: string; initialName: string }) {
  const t = useTranslations("invite");
  const [state, setState] = useState<"idle" | "pending" | "done" | "invalid" | "error">("idle");
  if (state === "done") {
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
      onSubmit={async (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        setState("pending");
        try {
          await profileApi.acceptInvitation({
            token,
            name: formText(data, "name"),
            password: formText(data, "password"),
          });
          setState("done");
        } catch (error) {
          setState(error instanceof ApiRequestError && error.code === "invitation_invalid" ? "invalid" : "error");
        }
      }}
    >
      <Field label={t("name")}>
        <input name="name" defaultValue={initialName} required maxLength={80} className={inputClass} />
      </Field>
      <Field label={t("password")}>
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={256}
          className={inputClass}
        />
      </Field>
      <button
        type="submit"
        disabled={state === "pending"}
        className="rounded-lg bg-brand-500 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-600 disabled:opacity-60"
      >
        {t("submit")}
      </button>
      {state === "invalid" ? (
        <p role="alert" className="text-sm text-rose-700">
          {t("invalid")}
        </p>
      ) : null}
      {state === "error" ? (
        <p role="alert" className="text-sm text-rose-700">
          {t("invalid")}
        </p>
      ) : null}
    </form>
  );
}

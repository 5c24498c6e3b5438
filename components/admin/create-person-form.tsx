"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { panelClass } from "@/components/ui/card";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { adminApi } from "@/lib/client/api";
import { useAdminAction } from "@/lib/client/hooks/use-admin-action";
import { formText } from "@/lib/client/form-data";

/** Add a person: a generated first password or an invitation link, either shown once. */
export function CreatePersonForm() {
  const t = useTranslations("admin.users.create");
  const tr = useTranslations("admin.roles");
  const format = useFormatter();
  const action = useAdminAction();
  const [shown, setShown] = useState<{
    email: string;
    result: Awaited<ReturnType<typeof adminApi.createPerson>>;
  } | null>(null);

  return (
    <section className={panelClass} aria-labelledby="create-heading">
      <h2 id="create-heading" className="mb-4 text-base font-semibold">
        {t("title")}
      </h2>
      <form
        className="flex flex-wrap items-end gap-3 text-sm"
        data-testid="create-person"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const email = formText(form, "email");
          const result = await action.run(() =>
            adminApi.createPerson({
              email,
              name: formText(form, "name"),
              role: formText(form, "role"),
              mode: formText(form, "mode"),
            }),
          );
          if (result) {
            setShown({ email, result });
            (event.target as HTMLFormElement).reset();
          }
        }}
      >
        <LabelledControl label={t("email")}>
          <input name="email" type="email" required className={inputClass} data-testid="create-email" />
        </LabelledControl>
        <LabelledControl label={t("name")}>
          <input name="name" required maxLength={80} className={inputClass} data-testid="create-name" />
        </LabelledControl>
        <LabelledControl label={t("role")}>
          <select name="role" defaultValue="member" className={inputClass} data-testid="create-role">
            <option value="member">{tr("member")}</option>
            <option value="admin">{tr("admin")}</option>
          </select>
        </LabelledControl>
        <LabelledControl label={t("mode")}>
          <select name="mode" defaultValue="password" className={inputClass} data-testid="create-mode">
            <option value="password">{t("modePassword")}</option>
            <option value="invitation">{t("modeInvitation")}</option>
          </select>
        </LabelledControl>
        <button
          type="submit"
          disabled={action.pending}
          className="rounded-lg bg-brand-500 px-4 py-2 font-semibold text-white hover:bg-brand-600 disabled:opacity-60"
        >
          {action.pending ? t("submitting") : t("submit")}
        </button>
      </form>
      {action.error ? (
        <p role="alert" className="mt-3 text-sm text-rose-700">
          {action.error}
        </p>
      ) : null}
      {shown ? (
        <div role="status" className="mt-4 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          {"password" in shown.result ? (
            <>
              <p>{t("passwordOnce", { email: shown.email })}</p>
              <code
                data-testid="created-password"
                className="mt-2 inline-block rounded bg-white px-2 py-1 font-mono text-base select-all"
              >
                {shown.result.password}
              </code>
            </>
          ) : (
            <>
              <p>
                {t("invitationOnce", {
                  email: shown.email,
                  time: format.dateTime(new Date(shown.result.invitation.expiresAt), {
                    dateStyle: "medium",
                    timeStyle: "short",
                  }),
                })}
              </p>
              <code
                data-testid="created-invitation"
                className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-sm select-all"
              >
                {shown.result.invitation.url}
              </code>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}

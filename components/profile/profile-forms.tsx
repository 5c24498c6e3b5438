"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { profileApi } from "@/lib/client/api";
import { ApiRequestError } from "@/lib/client/api-fetch";
import { formText } from "@/lib/client/form-data";

const primary =
  "rounded-lg bg-brand-500 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-600 disabled:opacity-60";

function useSubmit() {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  return { pending, setPending, message, setMessage };
}

export function NameForm({ initialName }: { initialName: string }) {
  const t = useTranslations("profile");
  const router = useRouter();
  const state = useSubmit();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={async (event) => {
        event.preventDefault();
        const name = formText(new FormData(event.currentTarget), "name");
        state.setPending(true);
        try {
          await profileApi.update({ name });
          state.setMessage({ tone: "ok", text: t("name.saved") });
          router.refresh();
        } catch {
          state.setMessage({ tone: "error", text: t("error") });
        } finally {
          state.setPending(false);
        }
      }}
    >
      <LabelledControl label={t("name.label")}>
        <input
          name="name"
          defaultValue={initialName}
          required
          maxLength={80}
          className={inputClass}
          data-testid="profile-name"
        />
      </LabelledControl>
      <button type="submit" disabled={state.pending} className={primary}>
        {t("name.save")}
      </button>
      {state.message ? <Message {...state.message} /> : null}
    </form>
  );
}

export function LanguageForm({ initial }: { initial: "en" | "ru" | "" }) {
  const t = useTranslations("profile");
  const tl = useTranslations("header.languages");
  const router = useRouter();
  const state = useSubmit();
  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={(event) => event.preventDefault()}>
      <LabelledControl label={t("language.label")}>
        <select
          defaultValue={initial}
          className={inputClass}
          data-testid="profile-language"
          onChange={async (event) => {
            const locale = event.target.value || null;
            try {
              await profileApi.update({ locale });
              state.setMessage({ tone: "ok", text: t("language.saved") });
              router.refresh();
            } catch {
              state.setMessage({ tone: "error", text: t("error") });
            }
          }}
        >
          <option value="">{t("language.browser")}</option>
          <option value="en">{tl("en")}</option>
          <option value="ru">{tl("ru")}</option>
        </select>
      </LabelledControl>
      {state.message ? <Message {...state.message} /> : null}
    </form>
  );
}

export function PasswordForm({ redirectTo }: { redirectTo: string | null }) {
  const t = useTranslations("profile.password");
  const router = useRouter();
  const state = useSubmit();
  return (
    <form
      className="grid max-w-sm gap-3"
      data-testid="password-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        const newPassword = formText(data, "newPassword");
        if (newPassword !== formText(data, "confirm")) {
          state.setMessage({ tone: "error", text: t("mismatch") });
          return;
        }
        state.setPending(true);
        try {
          await profileApi.changePassword({ currentPassword: formText(data, "currentPassword"), newPassword });
          form.reset();
          state.setMessage({ tone: "ok", text: t("saved") });
          if (redirectTo) router.replace(redirectTo);
          else router.refresh();
        } catch (error) {
          const code = error instanceof ApiRequestError ? error.code : "";
          state.setMessage({
            tone: "error",
            text: code === "wrong_password" ? t("wrong") : code === "invalid_request" ? t("invalid") : t("wrong"),
          });
        } finally {
          state.setPending(false);
        }
      }}
    >
      <LabelledControl label={t("current")}>
        <input
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
          data-testid="current-password"
        />
      </LabelledControl>
      <LabelledControl label={t("new")}>
        <input
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={256}
          className={inputClass}
          data-testid="new-password"
        />
      </LabelledControl>
      <LabelledControl label={t("confirm")}>
        <input
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={256}
          className={inputClass}
          data-testid="confirm-password"
        />
      </LabelledControl>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={state.pending} className={primary} data-testid="change-password">
          {t("save")}
        </button>
        {state.message ? <Message {...state.message} /> : null}
      </div>
    </form>
  );
}

/**
 * Ends every session of the person (this one too), then clears this browser's cookie.
 * Asked first in an in-app dialog that names the account, like every destructive action.
 */
export function SignOutEverywhereButton({ email, variant = "button" }: { email: string; variant?: "button" | "menu" }) {
  const t = useTranslations("profile");
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <>
      <button
        type="button"
        data-testid="sign-out-everywhere"
        disabled={pending}
        onClick={() => setAsking(true)}
        className={
          variant === "menu"
            ? "block w-full rounded-lg px-3 py-2 text-left text-sm text-rose-700 hover:bg-rose-50 disabled:opacity-60"
            : "rounded-lg px-4 py-2 text-sm font-medium text-rose-700 ring-1 ring-rose-200 hover:bg-rose-50 disabled:opacity-60"
        }
      >
        {t("signOutEverywhere")}
      </button>
      <ConfirmDialog
        open={asking}
        testId="confirm-sign-out-everywhere"
        title={t("confirmSignOutEverywhere")}
        confirmLabel={t("signOutEverywhere")}
        cancelLabel={t("cancel")}
        onCancel={() => setAsking(false)}
        onConfirm={async () => {
          setAsking(false);
          setPending(true);
          await profileApi.signOutEverywhere().catch(() => undefined);
          await signOut({ callbackUrl: "/sign-in" });
        }}
      >
        <p>{t("confirmSignOutEverywhereBody", { email })}</p>
      </ConfirmDialog>
    </>
  );
}

function Message({ tone, text }: { tone: "ok" | "error"; text: string }) {
  return (
    <span
      role={tone === "error" ? "alert" : "status"}
      className={`text-sm ${tone === "error" ? "text-rose-700" : "text-emerald-700"}`}
    >
      {text}
    </span>
  );
}

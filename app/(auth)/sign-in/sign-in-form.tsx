"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";

type Props = {
  callbackUrl: string;
  initialError?: string;
  oauthProviders: { id: string; name: string }[];
};

const KNOWN_ERRORS = [
  "CredentialsSignin",
  "TooManyAttempts",
  "OAuthAccountNotLinked",
  "AccessDenied",
  "SessionRequired",
] as const;
type ErrorKey = (typeof KNOWN_ERRORS)[number] | "missingFields" | "network" | "default";

function errorKey(code: string | undefined | null): ErrorKey | null {
  if (!code) return null;
  return (KNOWN_ERRORS as readonly string[]).includes(code) ? (code as ErrorKey) : "default";
}

export function SignInForm({ callbackUrl, initialError, oauthProviders }: Props) {
  const t = useTranslations("signIn");
  const router = useRouter();
  const ids = { email: useId(), password: useId(), error: useId() };
  const [error, setError] = useState<ErrorKey | null>(errorKey(initialError));
  const [pending, setPending] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : "";
    };
    const email = text("email").trim();
    const password = text("password");
    if (!email || !password) {
      setError("missingFields");
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", { email, password, redirect: false, callbackUrl });
      if (!result || result.error || !result.ok) {
        setError(errorKey(result?.error ?? "default"));
        setPending(false);
        // Let the person retype at once; the alert is announced by screen readers.
        requestAnimationFrame(() => passwordRef.current?.select());
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("network");
      setPending(false);
    }
  }

  const inputClass =
    "block w-full rounded-lg border-0 bg-white px-3.5 py-2.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500 focus:outline-none aria-[invalid=true]:ring-rose-400";

  return (
    <div className="space-y-6">
      {/* method="post": a submit before hydration must never put the password in a URL. */}
      <form
        method="post"
        onSubmit={(event) => void onSubmit(event)}
        noValidate
        className="space-y-5"
        aria-describedby={error ? ids.error : undefined}
      >
        {error ? (
          <div
            id={ids.error}
            role="alert"
            data-testid="sign-in-error"
            className="flex gap-2.5 rounded-lg bg-rose-50 px-3.5 py-3 text-sm text-rose-800 ring-1 ring-rose-200"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0">
              <path
                fillRule="evenodd"
                d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
                clipRule="evenodd"
              />
            </svg>
            <span>{t(`errors.${error}`)}</span>
          </div>
        ) : null}

        <div className="space-y-1.5">
          <label htmlFor={ids.email} className="block text-sm font-medium text-slate-700">
            {t("email")}
          </label>
          <input
            id={ids.email}
            name="email"
            type="email"
            autoComplete="email"
            required
            autoFocus
            placeholder={t("emailPlaceholder")}
            aria-invalid={error === "CredentialsSignin" || undefined}
            className={inputClass}
          />
        </div>

        <div className="space-y-1.5">
          <label htmlFor={ids.password} className="block text-sm font-medium text-slate-700">
            {t("password")}
          </label>
          <div className="relative">
            <input
              ref={passwordRef}
              id={ids.password}
              name="password"
              type={showPassword ? "text" : "password"}
              autoComplete="current-password"
              required
              aria-invalid={error === "CredentialsSignin" || undefined}
              className={`${inputClass} pr-11`}
            />
            <button
              type="button"
              onClick={() => setShowPassword((shown) => !shown)}
              aria-label={showPassword ? t("hidePassword") : t("showPassword")}
              aria-pressed={showPassword}
              className="absolute inset-y-0 right-0 flex w-11 items-center justify-center rounded-r-lg text-slate-400 hover:text-slate-700"
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.8"
                className="size-5"
              >
                <path d="M2.5 12s3.5-7 9.5-7 9.5 7 9.5 7-3.5 7-9.5 7-9.5-7-9.5-7Z" />
                <circle cx="12" cy="12" r="3" />
                {showPassword ? <path d="m4 4 16 16" strokeLinecap="round" /> : null}
              </svg>
            </button>
          </div>
        </div>

        <button
          type="submit"
          disabled={pending}
          className="flex w-full items-center justify-center gap-2 rounded-lg bg-brand-500 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-600 focus-visible:outline-brand-600 disabled:cursor-wait disabled:opacity-70"
        >
          {pending ? (
            <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4 animate-spin" fill="none">
              <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
              <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
            </svg>
          ) : null}
          {pending ? t("submitting") : t("submit")}
        </button>
      </form>

      {oauthProviders.length > 0 ? (
        <>
          <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400">
            <span className="h-px flex-1 bg-slate-200" />
            {t("or")}
            <span className="h-px flex-1 bg-slate-200" />
          </div>
          <div className="space-y-2.5">
            {oauthProviders.map((provider) => (
              <button
                key={provider.id}
                type="button"
                onClick={() => void signIn(provider.id, { callbackUrl })}
                className="w-full rounded-lg bg-white px-4 py-2.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 transition hover:bg-slate-50"
              >
                {t("continueWith", { provider: provider.name })}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}

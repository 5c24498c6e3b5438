import { AsYouType, getCountries, getCountryCallingCode, type CountryCode } from "libphonenumber-js/min";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { Field, fieldDescription } from "@/components/ui/field";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import type { LoginState } from "@/lib/telegram/login/types";
import { useFormatWait, useSecondsUntil } from "./use-now";

/**
 * The country preselected for the site's language. Only a guess (typing "+44…" switches
 * it); taken from the site's locale, not the browser's, so the server renders the same.
 */
const COUNTRY_OF_LOCALE: Record<string, CountryCode> = { en: "US", ru: "RU" };

/**
 * The number typed with its country: choosing a country puts its calling code in front,
 * and the number is grouped as that country writes it (libphonenumber-js). A number that
 * starts with "+" is taken as it is, whatever the country says: Telegram decides.
 */
export function PhoneStep({
  state,
  pending,
  requestError,
  onSubmit,
  onCancel,
  onUseQr,
  busy,
}: {
  state: Extract<LoginState, { status: "phone" }>;
  pending: boolean;
  requestError: Error | null;
  onSubmit: (phone: string) => void;
  onCancel: () => void;
  onUseQr: () => void;
  busy: boolean;
}) {
  const t = useTranslations("login.phone");
  const tl = useTranslations("login");
  const locale = useLocale();
  const apiErrorMessage = useApiErrorMessage();
  const formatWait = useFormatWait();
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: "region" });
    return getCountries()
      .map((code) => ({ code, name: names.of(code) ?? code, dial: getCountryCallingCode(code) }))
      .sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [locale]);
  const [country, setCountry] = useState<CountryCode | "">(() => COUNTRY_OF_LOCALE[locale] ?? "");
  const [phone, setPhone] = useState(() => (country ? `+${getCountryCallingCode(country)} ` : "+"));
  const input = useRef<HTMLInputElement>(null);
  const waitSeconds = useSecondsUntil(state.retryAt);
  const checking = pending || state.checking;

  useEffect(() => {
    if (!checking) input.current?.focus();
  }, [checking, state.version]);

  const error =
    waitSeconds > 0
      ? t("errors.floodWait", { time: formatWait(waitSeconds) })
      : state.error && state.error !== "flood_wait"
        ? t(`errors.${state.error}`)
        : requestError
          ? apiErrorMessage(requestError)
          : null;
  const digits = phone.replace(/\D/g, "");

  return (
    <form
      className="flex min-w-0 flex-col gap-4"
      data-testid="phone-step"
      onSubmit={(event) => {
        event.preventDefault();
        if (digits.length >= 5 && !checking && waitSeconds === 0) onSubmit(`+${digits}`);
      }}
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{t("title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("body")}</p>
      </div>
      <Field id="phone-country" label={t("country")}>
        <select
          id="phone-country"
          value={country}
          onChange={(event) => {
            const next = event.target.value as CountryCode | "";
            setCountry(next);
            setPhone(next ? `+${getCountryCallingCode(next)} ` : "+");
            input.current?.focus();
          }}
          className="w-full min-w-0 truncate rounded-lg border border-slate-300 bg-white px-3 py-2"
        >
          <option value="">{t("countryAny")}</option>
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name} (+{c.dial})
            </option>
          ))}
        </select>
      </Field>
      <Field id="phone-number" label={t("label")} error={error}>
        <input
          ref={input}
          id="phone-number"
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          value={phone}
          maxLength={24}
          onChange={(event) => {
            const typed = event.target.value;
            // Formatting while deleting would put back the space just removed.
            const formatted =
              typed.length < phone.length ? typed : new AsYouType().input(typed.startsWith("+") ? typed : `+${typed}`);
            setPhone(formatted);
            const detector = new AsYouType();
            detector.input(formatted);
            const found = detector.getCountry();
            if (found && found !== country) setCountry(found);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={fieldDescription("phone-number", { error })}
          className="w-full min-w-0 rounded-lg border border-slate-300 px-3 py-2 tabular-nums outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={checking} disabled={digits.length < 5 || waitSeconds > 0}>
          {checking ? t("sending") : t("submit")}
        </Button>
        <Button variant="secondary" onClick={onUseQr} disabled={busy}>
          {tl("actions.useQr")}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          {tl("actions.cancel")}
        </Button>
      </div>
    </form>
  );
}

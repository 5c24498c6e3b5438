"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { peopleApi } from "@/lib/client/api";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { inputClass } from "@/components/ui/input";
import { Notice } from "@/components/ui/notice";

const USERNAME = /^@?[a-z][a-z0-9_]{2,31}$/i;
const PHONE = /^\+?\d{5,15}$/;

/** New message: find someone by @username or phone number and open the chat with them. */
export function NewChatCard() {
  const t = useTranslations("dashboard.newChat");
  const apiErrorMessage = useApiErrorMessage();
  const router = useRouter();
  const [mode, setMode] = useState<"username" | "phone">("username");
  const [value, setValue] = useState("");
  const [keepContact, setKeepContact] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = value.trim();
    const phone = typed.replace(/[\s().-]/g, "");
    if (mode === "username" && (!USERNAME.test(typed) || typed.endsWith("_") || typed.includes("__"))) {
      return setError(t("invalidUsername"));
    }
    if (mode === "phone" && !PHONE.test(phone)) return setError(t("invalidPhone"));
    setError(null);
    setPending(true);
    try {
      const { chat } = await peopleApi.find(mode === "username" ? { username: typed } : { phone, keepContact });
      router.push(`/telegram/chats/${encodeURIComponent(chat.peerId)}`);
    } catch (failure) {
      setError(apiErrorMessage(failure));
      setPending(false);
    }
  }

  return (
    <Card className="p-5 sm:p-6" aria-labelledby="new-chat-heading" data-testid="new-chat">
      <h2 id="new-chat-heading" className="text-base font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-500">{t("intro")}</p>
      <form onSubmit={(event) => void submit(event)} className="mt-3 flex flex-col gap-3" noValidate>
        <fieldset className="flex gap-1 rounded-xl bg-slate-100 p-1 text-sm font-medium sm:self-start">
          <legend className="sr-only">{t("title")}</legend>
          {(["username", "phone"] as const).map((option) => (
            <label
              key={option}
              className={`cursor-pointer rounded-lg px-3 py-1.5 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-500 ${
                mode === option ? "bg-white text-slate-900 shadow-sm" : "text-slate-600"
              }`}
            >
              <input
                type="radio"
                name="new-chat-mode"
                value={option}
                checked={mode === option}
                onChange={() => {
                  setMode(option);
                  setValue("");
                  setError(null);
                }}
                className="sr-only"
                data-testid={`new-chat-by-${option}`}
              />
              {option === "username" ? t("byUsername") : t("byPhone")}
            </label>
          ))}
        </fieldset>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">
            {mode === "username" ? t("usernameLabel") : t("phoneLabel")}
          </span>
          <input
            value={value}
            onChange={(event) => setValue(event.target.value)}
            placeholder={mode === "username" ? t("usernamePlaceholder") : t("phonePlaceholder")}
            inputMode={mode === "phone" ? "tel" : "text"}
            autoComplete="off"
            maxLength={33}
            className={`${inputClass} sm:w-80`}
            aria-invalid={error ? true : undefined}
            data-testid="new-chat-input"
          />
        </label>
        {mode === "phone" ? (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={keepContact}
              onChange={(event) => setKeepContact(event.target.checked)}
              data-testid="new-chat-keep-contact"
            />
            {t("keepContact")}
          </label>
        ) : null}
        {error ? (
          <Notice tone="error" data-testid="new-chat-error">
            {error}
          </Notice>
        ) : null}
        <Button type="submit" pending={pending} className="sm:self-start" data-testid="new-chat-submit">
          {pending ? t("finding") : t("submit")}
        </Button>
      </form>
    </Card>
  );
}

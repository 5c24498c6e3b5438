"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ApiRequestError, apiFetch } from "@/lib/client/api-fetch";

const KNOWN = new Set(["last_admin", "cannot_target_self", "email_taken", "not_found", "forbidden", "invalid_request"]);

/**
 * Runs one admin request, then re-renders the server table (router.refresh) so the list
 * shows the database's truth. Errors are worded by their code.
 */
export function useAdminAction() {
  const t = useTranslations("admin.errors");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  /** `refresh: false` keeps the row on screen (a delete's report would vanish with it). */
  async function run<T>(url: string, init: RequestInit & { json?: unknown; refresh?: boolean } = {}): Promise<T | null> {
    const { refresh = true, ...request } = init;
    setPending(true);
    setError(null);
    try {
      const result = await apiFetch<T>(url, request);
      if (refresh) startTransition(() => router.refresh());
      return result;
    } catch (caught) {
      const code = caught instanceof ApiRequestError ? caught.code : "generic";
      setError(t(KNOWN.has(code) ? (code as "last_admin") : "generic"));
      return null;
    } finally {
      setPending(false);
    }
  }

  return { run, pending, error, clearError: () => setError(null) };
}

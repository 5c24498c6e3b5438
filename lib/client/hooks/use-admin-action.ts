"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useApiErrorMessage } from "../api-errors";

/**
 * Runs one admin or profile call (from adminApi/profileApi), then re-renders the server
 * page (router.refresh) so tables show the database's truth. Errors are worded by code.
 * `refresh: false` keeps a row on screen whose report would vanish with it (delete, unlink).
 */
export function useAdminAction() {
  const describe = useApiErrorMessage();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  async function run<T>(call: () => Promise<T>, { refresh = true }: { refresh?: boolean } = {}): Promise<T | null> {
    setPending(true);
    setError(null);
    try {
      const result = await call();
      if (refresh) startTransition(() => router.refresh());
      return result;
    } catch (caught) {
      setError(describe(caught));
      return null;
    } finally {
      setPending(false);
    }
  }

  return { run, pending, error, clearError: () => setError(null) };
}

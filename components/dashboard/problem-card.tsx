"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";

import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { TelegramProblem } from "@/lib/telegram/dto";
import { useWording } from "./use-wording";

/**
 * What a dashboard page shows instead of its content when Telegram cannot serve it:
 * a revoked session offers to link again; a flood wait counts down before "try again".
 */
export function ProblemCard({ problem }: { problem: TelegramProblem }) {
  const t = useTranslations("dashboard.problems");
  const wording = useWording();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [left, setLeft] = useState(problem.seconds ?? 0);

  useEffect(() => {
    if (problem.code !== "flood_wait" || !problem.seconds) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, (problem.seconds ?? 0) - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [problem]);

  const code = problem.code;
  const linkAction = code === "revoked" || code === "session_unreadable" || code === "no_account";
  const backAction = code === "not_found";
  return (
    <Card as="div" role="alert" data-testid={`problem-${code}`} className="mx-auto w-full max-w-lg p-8 text-center">
      <div
        aria-hidden="true"
        className={`mx-auto flex size-14 items-center justify-center rounded-2xl ${code === "revoked" || code === "session_unreadable" ? "bg-amber-50 text-amber-600" : "bg-slate-100 text-slate-500"}`}
      >
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.7" className="size-7">
          <path
            d="M12 9v4m0 3.5h.01M10.3 3.9 2.4 17.6A2 2 0 0 0 4.1 20.6h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </div>
      <h2 className="mt-5 text-xl font-semibold tracking-tight">{t(`${code}.title`)}</h2>
      <p className="mt-2 text-sm text-slate-600">
        {code === "flood_wait" ? t("flood_wait.body", { time: wording.waitTime(left) }) : t(`${code}.body`)}
      </p>
      <div className="mt-6">
        {linkAction ? (
          <Link href="/telegram" className={buttonClass()} data-testid="relink">
            {t(`${code}.action`)}
          </Link>
        ) : backAction ? (
          <Link href="/telegram/dashboard" className={buttonClass()}>
            {t("not_found.action")}
          </Link>
        ) : (
          <Button
            disabled={pending || (code === "flood_wait" && left > 0)}
            onClick={() => startTransition(() => router.refresh())}
          >
            {t(`${code}.action`)}
          </Button>
        )}
      </div>
    </Card>
  );
}

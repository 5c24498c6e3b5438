"use client";

import { useSelectedLayoutSegment } from "next/navigation";
import { useTranslations } from "next-intl";

import { Card } from "@/components/ui/card";
import type { TelegramProblem } from "@/lib/telegram/dto";
import { ProblemCard } from "./problem-card";

/**
 * The list pane when the chat list cannot be loaded. With a chat open, the chat pane
 * answers for the same account (and says what to do), so the list only notes it briefly:
 * one problem card per page, not two that say the same.
 */
export function ListProblem({ problem }: { problem: TelegramProblem }) {
  const t = useTranslations("dashboard.problems");
  if (useSelectedLayoutSegment() !== "chats") return <ProblemCard problem={problem} />;
  return (
    <Card as="div" className="p-5 text-sm text-slate-600" data-testid="chat-list-problem">
      {t(`${problem.code}.title`)}
    </Card>
  );
}

import "server-only";

import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { NO_META, type RequestMeta } from "@/lib/admin/request-meta";

const log = logger.child({ module: "audit" });

/** Every event the audit log knows. Names are stable: filters, exports and tests use them. */
export const AUDIT_ACTIONS = [
  "sign_in.success",
  "sign_in.failure",
  "sign_in.lockout",
  "sign_out",
  "sign_out.everywhere",
  "session.terminated",
  "password.change",
  "password.reset",
  "profile.update",
  "user.create",
  "user.invite",
  "user.invitation_accepted",
  "user.update",
  "user.role_change",
  "user.disable",
  "user.enable",
  "user.delete",
  "telegram.link",
  "telegram.unlink",
  "telegram.logout",
  "telegram.force_logout",
  "telegram.session_terminated",
  "audit.export",
  "api_token.create",
  "api_token.revoke",
  "webhook.create",
  "webhook.delete",
  "webhook.disable",
  "setting.update",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditActor = { id: string; email: string };
export type AuditTarget = {
  type: "user" | "telegram_account" | "site_session" | "invitation" | "api_token" | "webhook_endpoint" | "setting";
  id: string;
  label?: string | null;
};

export type AuditInput = {
  action: AuditAction;
  outcome?: "success" | "failure";
  /** Who did it; null for anonymous events such as a failed sign-in. */
  actor: AuditActor | null;
  target?: AuditTarget | null;
  meta?: RequestMeta;
  /** Event-specific facts. Never secrets: no passwords, tokens or session strings. */
  details?: Record<string, unknown>;
};

type Writer = Pick<Db, "auditEvent">;

/**
 * Appends one entry. A failing write is logged and swallowed: the action it describes
 * has already happened, and refusing to report that would help nobody.
 */
export async function recordAudit(db: Writer, input: AuditInput, now: Date = new Date()): Promise<void> {
  const meta = input.meta ?? NO_META;
  try {
    await db.auditEvent.create({
      data: {
        at: now,
        action: input.action,
        outcome: input.outcome ?? "success",
        actorId: input.actor?.id ?? null,
        actorEmail: input.actor?.email ?? null,
        targetType: input.target?.type ?? null,
        targetId: input.target?.id ?? null,
        targetLabel: input.target?.label ?? null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: input.details && Object.keys(input.details).length > 0 ? JSON.stringify(input.details) : null,
      },
    });
  } catch (error) {
    log.error({ err: error, action: input.action }, "could not write an audit entry");
  }
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;
const pruneState = globalThis as typeof globalThis & { __tgdeskAuditPrunedAt?: number };

/** Deletes entries older than the retention period; the only way rows ever leave the table. */
export async function pruneAudit(db: Writer, retentionDays: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  const { count } = await db.auditEvent.deleteMany({ where: { at: { lt: cutoff } } });
  if (count > 0) log.info({ count, retentionDays }, "pruned old audit entries");
  return count;
}

/** Runs pruneAudit at most once an hour per process (called from the admin pages). */
export async function pruneAuditOccasionally(db: Writer, retentionDays: number, now: Date = new Date()): Promise<void> {
  const last = pruneState.__tgdeskAuditPrunedAt ?? 0;
  if (now.getTime() - last < PRUNE_EVERY_MS) return;
  pruneState.__tgdeskAuditPrunedAt = now.getTime();
  await pruneAudit(db, retentionDays, now).catch((error: unknown) => log.error({ err: error }, "audit pruning failed"));
}

export type AuditFilter = {
  action?: string;
  outcome?: "success" | "failure";
  /** Matches the actor's id or email, or the target's id or label (substring). */
  actor?: string;
  target?: string;
  from?: Date;
  to?: Date;
};

export type AuditRow = {
  id: string;
  at: Date;
  action: string;
  outcome: string;
  actorId: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  ip: string | null;
  userAgent: string | null;
  details: string | null;
};

export function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.action) and.push({ action: filter.action.endsWith(".") ? { startsWith: filter.action } : filter.action });
  if (filter.outcome) and.push({ outcome: filter.outcome });
  if (filter.actor)
    and.push({ OR: [{ actorId: filter.actor }, { actorEmail: { contains: filter.actor.toLowerCase() } }] });
  if (filter.target) and.push({ OR: [{ targetId: filter.target }, { targetLabel: { contains: filter.target } }] });
  if (filter.from || filter.to)
    and.push({ at: { ...(filter.from && { gte: filter.from }), ...(filter.to && { lt: filter.to }) } });
  return and.length ? { AND: and } : {};
}

export async function listAuditEvents(
  db: Pick<Db, "auditEvent">,
  filter: AuditFilter,
  page: { skip: number; take: number; order?: "asc" | "desc" },
): Promise<{ rows: AuditRow[]; total: number }> {
  const where = auditWhere(filter);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ at: page.order ?? "desc" }, { id: page.order ?? "desc" }],
      skip: page.skip,
      take: page.take,
    }),
    db.auditEvent.count({ where }),
  ]);
  return { rows, total };
}

/** Largest export in one file; narrow the filter for more. */
export const AUDIT_EXPORT_LIMIT = 50_000;

const CSV_COLUMNS = [
  "at",
  "action",
  "outcome",
  "actorId",
  "actorEmail",
  "targetType",
  "targetId",
  "targetLabel",
  "ip",
  "userAgent",
  "details",
] as const satisfies readonly (keyof AuditRow)[];

/**
 * RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a
 * formula (=, +, -, @), since names and user agents come from outside.
 */
export function csvCell(value: string | null | Date): string {
  if (value === null) return "";
  let text = value instanceof Date ? value.toISOString() : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditToCsv(rows: readonly AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) lines.push(CSV_COLUMNS.map((column) => csvCell(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

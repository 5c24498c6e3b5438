// Query and body schemas for the admin panel and the profile page. The same schemas parse
// a page's searchParams and an API route's query, so both accept exactly the same filters.
import { z } from "zod";
import {
  displayNameSchema,
  emailSchema,
  newPasswordSchema,
  PASSWORD_MAX_LENGTH,
  roleSchema,
} from "@/lib/validations/auth";

export const PAGE_SIZE = 25;

const blank = (value: unknown) =>
  value === "" || value === null ? undefined : Array.isArray(value) ? (value as unknown[])[0] : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
/** A day in yyyy-mm-dd (what <input type="date"> sends), taken as UTC midnight. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .transform((value) => new Date(`${value}T00:00:00Z`))
  .refine((d) => !Number.isNaN(d.getTime()));
const page = z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1));
const dir = optional(z.enum(["asc", "desc"]));

export const userListQuerySchema = z.object({
  q: optional(z.string().trim().max(200)),
  role: optional(roleSchema),
  status: optional(z.enum(["active", "disabled"])),
  sort: optional(z.enum(["name", "email", "role", "status", "lastSignInAt", "createdAt"])),
  dir,
  page,
});

export const accountListQuerySchema = z.object({
  q: optional(z.string().trim().max(200)),
  status: optional(z.enum(["active", "revoked"])),
  sort: optional(z.enum(["linkedAt", "lastUsedAt", "status", "firstName", "dcId"])),
  dir,
  page,
});

export const attemptListQuerySchema = z.object({
  status: optional(
    z.enum(["started", "qr", "phone", "code", "password", "succeeded", "failed", "expired", "cancelled"]),
  ),
  user: optional(z.string().trim().max(200)),
  from: optional(day),
  to: optional(day),
  dir,
  page,
});

export const auditQuerySchema = z.object({
  action: optional(
    z
      .string()
      .trim()
      .max(64)
      .regex(/^[a-z_.]+$/),
  ),
  outcome: optional(z.enum(["success", "failure"])),
  actor: optional(z.string().trim().max(200)),
  target: optional(z.string().trim().max(200)),
  from: optional(day),
  to: optional(day),
  dir,
  page,
});

/** `to` is inclusive for people ("up to 2 December"), exclusive for queries. */
export function dayAfter(date: Date | undefined): Date | undefined {
  return date ? new Date(date.getTime() + 24 * 60 * 60 * 1000) : undefined;
}

export function pageWindow(pageNumber: number, size = PAGE_SIZE) {
  return { skip: (pageNumber - 1) * size, take: size };
}

export const createPersonSchema = z.object({
  email: emailSchema,
  name: displayNameSchema,
  role: roleSchema.default("member"),
  /** "password": a generated first password shown once; "invitation": a link that expires. */
  mode: z.enum(["password", "invitation"]).default("password"),
});

export const updatePersonSchema = z
  .object({ name: displayNameSchema.optional(), role: roleSchema.optional() })
  .refine((value) => value.name !== undefined || value.role !== undefined, { error: "nothing to change" });

export const profileUpdateSchema = z
  .object({ name: displayNameSchema.optional(), locale: z.enum(["en", "ru"]).nullable().optional() })
  .refine((value) => value.name !== undefined || value.locale !== undefined, { error: "nothing to change" });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: newPasswordSchema,
});

export const acceptInvitationSchema = z.object({
  token: z.string().min(20).max(200),
  name: displayNameSchema,
  password: newPasswordSchema,
});

export const idParamSchema = z.object({ id: z.string().min(1).max(64) });

/** Turns Next's searchParams (or a URL's) into a plain object for the schemas above. */
export function searchParamsObject(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): Record<string, unknown> {
  if (params instanceof URLSearchParams) return Object.fromEntries(params.entries());
  return { ...params };
}

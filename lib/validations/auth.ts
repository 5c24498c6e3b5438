// Request and command-line schemas for site accounts. Shared by the sign-in provider,
// the user:create command and the seed so every entry point applies the same rules.
import { z } from "zod";
import { ROLES } from "@/lib/auth/roles";

/** Passwords shorter than this are refused everywhere a password is set. */
export const PASSWORD_MIN_LENGTH = 8;
/** argon2 would hash a megabyte happily; the cap keeps sign-in from becoming a CPU sink. */
export const PASSWORD_MAX_LENGTH = 256;
const NAME_MAX_LENGTH = 80;

export const emailSchema = z
  .string({ error: "email is required" })
  .trim()
  .toLowerCase()
  .max(254, { error: "email is too long" })
  .pipe(z.email({ error: "email is not a valid address" }));

export const newPasswordSchema = z
  .string({ error: "password is required" })
  .min(PASSWORD_MIN_LENGTH, { error: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `password must be at most ${PASSWORD_MAX_LENGTH} characters` })
  .refine((value) => value.trim().length > 0, { error: "password must not be only spaces" });

export const displayNameSchema = z
  .string({ error: "name is required" })
  .trim()
  .min(1, { error: "name is required" })
  .max(NAME_MAX_LENGTH, { error: `name must be at most ${NAME_MAX_LENGTH} characters` });

export const roleSchema = z.enum(ROLES, { error: 'role must be "admin" or "member"' });

export const createUserSchema = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  name: displayNameSchema,
  role: roleSchema.default("member"),
  /** A generated first password: the person picks their own at first sign-in. */
  mustChangePassword: z.boolean().default(false),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

/** Sign-in only checks shape; strength rules apply when a password is set, not when used. */
export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

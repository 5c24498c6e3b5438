import { z } from "zod";

/** POST /api/telegram/login: an empty body starts (or joins) an attempt. */
export const startLoginSchema = z
  .object({
    restart: z.boolean({ error: "restart must be true or false" }).optional(),
    method: z.enum(["qr", "phone"], { error: "method must be qr or phone" }).optional(),
  })
  .strict()
  .optional();

/** Telegram caps cloud passwords far below this; the cap keeps SRP work bounded. */
const CLOUD_PASSWORD_MAX_LENGTH = 256;

export const submitPasswordSchema = z
  .object({
    password: z
      .string({ error: "password must be a string" })
      .min(1, { error: "password is required" })
      .max(CLOUD_PASSWORD_MAX_LENGTH, { error: `password must be at most ${CLOUD_PASSWORD_MAX_LENGTH} characters` }),
  })
  .strict();

/** GET /api/telegram/login?after=N waits (long poll) until the state's version passes N. */
export const loginStateQuerySchema = z.object({
  after: z.coerce
    .number({ error: "after must be a number" })
    .int({ error: "after must be an integer" })
    .min(0, { error: "after must not be negative" })
    .optional(),
});

export const sandboxScanSchema = z
  .object({
    as: z
      .string({ error: "as must be a sandbox user name" })
      .regex(/^[a-z][a-z0-9_]{1,31}$/, { error: "as must be a sandbox user name" }),
  })
  .strict();

/**
 * POST /api/telegram/login/phone: one step of a phone login. The number arrives as typed
 * (spaces, dashes, brackets) and leaves as Telegram wants it: digits with the country code.
 */
export const phoneStepSchema = z.union([
  z
    .object({
      phone: z
        .string({ error: "phone must be a string" })
        .max(32, { error: "phone is too long" })
        .transform((value) => value.replace(/[\s().-]/g, "").replace(/^\+/, ""))
        .refine((digits) => /^\d{5,15}$/.test(digits), { error: "phone must be 5 to 15 digits with the country code" }),
    })
    .strict(),
  z
    .object({
      code: z.string({ error: "code must be a string" }).regex(/^\d{3,10}$/, { error: "code must be 3 to 10 digits" }),
    })
    .strict(),
  z.object({ resend: z.literal(true) }).strict(),
  z.object({ changePhone: z.literal(true) }).strict(),
]);

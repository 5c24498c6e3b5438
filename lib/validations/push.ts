import { z } from "zod";
import { PUSH_ENDPOINT_MAX } from "@/lib/push/types";

const base64url = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, { error: `${what} must be base64url` })
    .refine((value) => Buffer.from(value, "base64url").length === bytes, {
      error: `${what} must be ${bytes} bytes`,
    });

/** A browser's PushSubscription.toJSON(), as the settings card posts it. */
export const pushSubscribeBody = z.object({
  endpoint: z
    .string()
    .max(PUSH_ENDPOINT_MAX)
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
        } catch {
          return false;
        }
      },
      { error: "endpoint must be an http(s) URL" },
    ),
  // Browsers may also send expirationTime (null in practice); ignored.
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    // An uncompressed P-256 point and a 16-byte auth secret (RFC 8291).
    p256dh: base64url(65, "keys.p256dh"),
    auth: base64url(16, "keys.auth"),
  }),
});

/** POST /api/push/test: every browser of the person, or one. */
export const pushTestBody = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});

export const pushIdParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const PUSH_NOT_FOUND = { code: "not_found", message: "This browser is not subscribed." } as const;

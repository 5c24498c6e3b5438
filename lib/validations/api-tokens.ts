import { z } from "zod";
import { API_SCOPES, API_TOKEN_MAX_DAYS, API_TOKEN_NAME_MAX } from "@/lib/api/scopes";

/** POST /api/profile/tokens: a new personal API token. */
export const createApiTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(API_TOKEN_NAME_MAX),
    scopes: z
      .array(z.enum(API_SCOPES))
      .min(1)
      .max(API_SCOPES.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, { error: "scopes must not repeat" }),
    /** Days until it expires, or null for a token that does not expire. */
    expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS).nullable(),
  })
  .strict();

/** `[id]` segments of token routes. */
export const apiTokenParamsSchema = z.object({ id: z.string().regex(/^[a-z0-9]{1,40}$/) });

export const TOKEN_NOT_FOUND = { code: "not_found", message: "This token does not exist." } as const;

import "server-only";

import { unstable_rethrow } from "next/navigation";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { DEFAULT_MAX_BODY_BYTES, readBodyBytes, readJsonBody } from "./body";
import type { ErrorCode } from "./error-codes";
import { ApiError, errorJson, invalidRequest, toErrorResponse } from "./errors";
import { assertSameOrigin } from "./origin";

/** What a handler asks withUser to parse before it runs. */
export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Largest JSON body accepted (default: DEFAULT_MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /**
   * How a path that fails `params` is answered; by default 400 invalid_request with the
   * field errors. A chat id that does not parse is answered as not found instead, so a
   * guessed URL learns nothing.
   */
  badParams?: { code: ErrorCode; message: string };
  /**
   * Checked once the user is known and before anything of the request is read: an answer
   * here (e.g. withAdmin's 403 for a member) ends the request without parsing its body.
   */
  authorize?: (user: CurrentUser) => Response | null;
  /**
   * Whether the route still answers while the user must replace a reset (or generated)
   * password. Only the routes that change it or end sessions set this; every other route
   * answers 403 `password_change_required`, as pages send such a person to /profile.
   */
  allowPendingPasswordChange?: true;
  /**
   * The handler reads the request body itself, as a stream (file uploads): withUser
   * neither parses nor drains it. The handler must read or cancel it.
   */
  streamBody?: true;
}

type Parsed<S extends RequestSchemas, K extends "params" | "query" | "body", Fallback> = S[K] extends z.ZodType
  ? z.output<S[K]>
  : Fallback;

type RawParams = Record<string, string | string[]>;

export interface UserContext<S extends RequestSchemas> {
  user: CurrentUser;
  params: Parsed<S, "params", RawParams>;
  query: Parsed<S, "query", undefined>;
  body: Parsed<S, "body", undefined>;
}

type Handler<S extends RequestSchemas> = (
  request: NextRequest,
  context: UserContext<S>,
) => Promise<Response> | Response;
type RouteContext = { params: Promise<RawParams> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a route handler that needs a signed-in site user, in this order:
 * - no session → 401 `unauthenticated`;
 * - a password that must be replaced first → 403 `password_change_required` (unless the
 *   route opts out with `allowPendingPasswordChange`);
 * - a state-changing method from another origin → 403 `forbidden_origin`;
 * - params, query and body parsed through the given zod schemas → 400 `invalid_request`
 *   (field errors as details), 400 `invalid_json`, 413 `body_too_large`;
 * - anything thrown inside, domain errors included, → coded JSON through toErrorResponse.
 */
export function withUser(
  handler: Handler<Record<never, never>>,
): (request: NextRequest, context: RouteContext) => Promise<Response>;
export function withUser<const S extends RequestSchemas>(
  schemas: S,
  handler: Handler<S>,
): (request: NextRequest, context: RouteContext) => Promise<Response>;
export function withUser<S extends RequestSchemas>(schemasOrHandler: S | Handler<S>, maybeHandler?: Handler<S>) {
  const schemas = (typeof schemasOrHandler === "function" ? {} : schemasOrHandler) as RequestSchemas;
  const handler = (typeof schemasOrHandler === "function" ? schemasOrHandler : maybeHandler) as Handler<S>;
  return async (request: NextRequest, context: RouteContext): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) return errorJson("unauthenticated", "Sign in to continue.");
      if (user.mustChangePassword && !schemas.allowPendingPasswordChange) {
        return errorJson("password_change_required", "Choose a new password first (Profile → Password).");
      }
      if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
      const refusal = schemas.authorize?.(user);
      if (refusal) return refusal;
      const rawParams: RawParams = (await context?.params) ?? {};
      const params = schemas.params ? parseParams(schemas, rawParams) : rawParams;
      const query = schemas.query
        ? parseOrThrow(schemas.query, Object.fromEntries(new URL(request.url).searchParams))
        : undefined;
      const body = schemas.body
        ? await readJsonBody(request, schemas.body, { maxBytes: schemas.maxBodyBytes })
        : undefined;
      // A route that takes no body still refuses a flood with 413 instead of leaving it to
      // stream in while the handler runs.
      if (!schemas.body && !schemas.streamBody && !SAFE_METHODS.has(request.method)) {
        await readBodyBytes(request, schemas.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      }
      return await handler(request, { user, params, query, body } as UserContext<S>);
    } catch (error) {
      // notFound()/redirect() are control flow for Next.js, not failures to report.
      unstable_rethrow(error);
      return toErrorResponse(error);
    }
  };
}

function parseParams(schemas: RequestSchemas, raw: RawParams): unknown {
  const parsed = schemas.params!.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (schemas.badParams) throw new ApiError(schemas.badParams.code, schemas.badParams.message);
  throw invalidRequest(parsed.error);
}

function parseOrThrow(schema: z.ZodType, input: unknown): unknown {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error);
  return parsed.data;
}

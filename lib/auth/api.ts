import "server-only";

import { unstable_rethrow } from "next/navigation";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { env } from "@/lib/env";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { logger } from "@/lib/log";

/** The body of every error answer from /api/**: `{ error: { code, message } }`. */
export type ApiErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Throw from a handler (or anything it calls) to answer with this status and code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorJson(status: number, code: string, message: string, details?: unknown) {
  const body: ApiErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  return NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The one place that turns a thrown value into coded JSON. Known errors keep their
 * status; anything else is logged and answered as a 500 without internals.
 */
export function toErrorResponse(error: unknown): NextResponse<ApiErrorBody> {
  if (error instanceof ApiError) return errorJson(error.status, error.code, error.message, error.details);
  if (error instanceof z.ZodError) {
    return errorJson(400, "invalid_request", "The request is not valid.", z.flattenError(error));
  }
  logger.error({ err: error }, "unhandled error in an API route");
  return errorJson(500, "internal_error", "Something went wrong on our side.");
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for state-changing requests: the browser's Origin header must name this
 * site (NEXTAUTH_URL, or the host the request was addressed to). Browsers always send
 * Origin on POST/PUT/PATCH/DELETE, so a missing one is refused as well.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const allowed = new Set<string>([new URL(env.NEXTAUTH_URL).origin]);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (host) {
    const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  return allowed.has(origin);
}

export function assertSameOrigin(request: Request): void {
  if (!isSameOrigin(request)) {
    throw new ApiError(403, "forbidden_origin", "This request must come from the site itself.");
  }
}

/** Largest JSON body readJsonBody accepts unless told otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads and validates a JSON body: 413 when larger than `maxBytes`, 400 when it is not
 * JSON or fails the schema (with zod's field errors as details).
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes = DEFAULT_MAX_BODY_BYTES }: { maxBytes?: number } = {},
): Promise<z.output<S>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError(413, "body_too_large", `The body must be at most ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new ApiError(413, "body_too_large", `The body must be at most ${maxBytes} bytes.`);
  }
  let json: unknown;
  try {
    json = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(400, "invalid_request", "The request is not valid.", z.flattenError(parsed.error));
  }
  return parsed.data;
}

type RouteContext<P> = { params: Promise<P> };
type UserRouteContext<P> = RouteContext<P> & { user: CurrentUser };

/**
 * Wraps a route handler that needs a signed-in site user:
 * - no session → 401 `{ error: { code: "unauthenticated" } }`;
 * - a state-changing method from another origin → 403 `forbidden_origin`;
 * - anything thrown inside → coded JSON through toErrorResponse.
 * The handler receives `{ user: { id, email, name }, params }`.
 */
export function withUser<P = Record<string, string | string[]>>(
  handler: (request: NextRequest, context: UserRouteContext<P>) => Promise<Response> | Response,
) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      const user = await getCurrentUser();
      if (!user) return errorJson(401, "unauthenticated", "Sign in to continue.");
      if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request);
      return await handler(request, { ...context, user });
    } catch (error) {
      // notFound()/redirect() are control flow for Next.js, not failures to report.
      unstable_rethrow(error);
      return toErrorResponse(error);
    }
  };
}

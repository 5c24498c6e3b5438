import "server-only";

// The one wrapper of every /api/v1 handler. In this order:
// - `Authorization: Bearer <token>` only: cookies are never read, so a browser's session
//   cannot act here and there is no CSRF surface → 401 invalid_token;
// - the token's per-token budget → 429 rate_limited with Retry-After (RateLimit-* on every
//   answer once the token is known);
// - the route's scope → 403 insufficient_scope;
// - params (a bad id is 404, as the app's chats), query, headers and body through the
//   route's own zod schemas, the ones the OpenAPI document is rendered from;
// - anything thrown → the app's coded JSON; Telegram's flood wait → 429 with Retry-After.
import { NextResponse, type NextRequest } from "next/server";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { db } from "@/lib/db";
import { DEFAULT_MAX_BODY_BYTES, readBodyBytes, readJsonBody } from "@/lib/http/body";
import { isCodedError } from "@/lib/http/coded-error";
import { ApiError, invalidRequest, toErrorResponse } from "@/lib/http/errors";
import { authenticateToken, type TokenPrincipal } from "@/lib/api/tokens";
import { apiRateLimiterFor, rateLimitHeaders, type RateDecision } from "@/lib/api/rate-limit";
import type { ApiRoute } from "./routes";

type Out<T, Fallback> = T extends z.ZodType ? z.output<T> : Fallback;

export interface TokenContext<R extends ApiRoute> {
  principal: TokenPrincipal;
  params: Out<R["params"], Record<string, never>>;
  query: Out<R["query"], undefined>;
  headers: Out<R["headers"], undefined>;
  body: Out<R["body"], undefined>;
}

export interface TokenAnswer<R extends ApiRoute> {
  body: z.output<R["response"]>;
  status?: number;
  headers?: Record<string, string>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export type TokenHandler = ((request: NextRequest, context: RouteContext) => Promise<Response>) & {
  /** The table entry it serves (tests check handlers against the document through this). */
  apiRoute: ApiRoute;
};

const BODY_LIMIT = 32 * 1024;
const BEARER = /^Bearer ([^\s]+)$/i;

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function errorAnswer(error: unknown, extra: Record<string, string> = {}): Response {
  const response = toErrorResponse(error);
  const headers: Record<string, string> = { ...extra };
  if (isCodedError(error) && error.errorCode === "flood_wait") {
    const seconds = (error.details as { seconds?: unknown } | undefined)?.seconds;
    headers["retry-after"] = String(typeof seconds === "number" && seconds > 0 ? Math.ceil(seconds) : 1);
  }
  return withHeaders(response, headers);
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidRequest(parsed.error);
  return parsed.data;
}

export function withToken<const R extends ApiRoute>(
  route: R,
  // A Response only from routes with a raw body (responseContentType): the file routes.
  handler: (request: NextRequest, context: TokenContext<R>) => Promise<TokenAnswer<R> | Response> | TokenAnswer<R>,
): TokenHandler {
  const wrapped = async (request: NextRequest, context: RouteContext): Promise<Response> => {
    const match = BEARER.exec(request.headers.get("authorization") ?? "");
    const challenge = (error?: string) => (error ? `Bearer realm="tgdesk", error="${error}"` : `Bearer realm="tgdesk"`);
    let principal: TokenPrincipal | null;
    try {
      principal = match ? await authenticateToken(db, match[1]!) : null;
    } catch (error) {
      return errorAnswer(error);
    }
    if (!principal) {
      return errorAnswer(
        new ApiError(
          "invalid_token",
          match ? "The API token is unknown, revoked or expired." : "Send an API token: Authorization: Bearer <token>.",
        ),
        { "www-authenticate": challenge(match ? "invalid_token" : undefined) },
      );
    }
    let limit: RateDecision;
    try {
      limit = await apiRateLimiterFor(db).consume(principal.tokenId);
    } catch (error) {
      return errorAnswer(error);
    }
    const limitHeaders = rateLimitHeaders(limit);
    if (!limit.allowed) {
      return errorAnswer(
        new ApiError("rate_limited", `Too many requests for this token. Try again in ${limit.resetSeconds} s.`, {
          seconds: limit.resetSeconds,
        }),
        { ...limitHeaders, "retry-after": String(limit.resetSeconds) },
      );
    }
    try {
      if (route.scope && !principal.scopes.includes(route.scope)) {
        return errorAnswer(
          new ApiError("insufficient_scope", `This token lacks the scope ${route.scope}.`, { required: route.scope }),
          {
            ...limitHeaders,
            "www-authenticate": `${challenge("insufficient_scope")}, scope="${route.scope}"`,
          },
        );
      }
      const rawParams = (await context?.params) ?? {};
      let params: unknown = rawParams;
      if (route.params) {
        const parsed = route.params.safeParse(rawParams);
        // A malformed account or chat id is answered like one that is not the owner's.
        if (!parsed.success) throw new ApiError("not_found", "This was not found.");
        params = parsed.data;
      }
      const query = route.query ? parse(route.query, Object.fromEntries(request.nextUrl.searchParams)) : undefined;
      const headers = route.headers ? parse(route.headers, Object.fromEntries(request.headers.entries())) : undefined;
      const body = route.body ? await readJsonBody(request, route.body, { maxBytes: BODY_LIMIT }) : undefined;
      // A raw body (a file upload) is the handler's to stream, never drained here.
      if (!route.body && !route.requestContentType && route.method !== "GET") {
        await readBodyBytes(request, DEFAULT_MAX_BODY_BYTES);
      }
      const answer = await handler(request, { principal, params, query, headers, body } as TokenContext<R>);
      if (answer instanceof Response) return withHeaders(answer, limitHeaders);
      return NextResponse.json(answer.body, {
        status: answer.status ?? route.status,
        headers: { "cache-control": "no-store", ...limitHeaders, ...answer.headers },
      });
    } catch (error) {
      unstable_rethrow(error);
      return errorAnswer(error, limitHeaders);
    }
  };
  return Object.assign(wrapped, { apiRoute: route });
}

import "server-only";

import { NextResponse } from "next/server";
import { z } from "zod";
import { logger } from "@/lib/log";
import { isCodedError, type CodedError } from "./coded-error";
import { ERROR_STATUS, type ApiErrorBody, type ErrorCode } from "./error-codes";

/** Throw from a handler (or anything it calls) to answer with this code; its status comes from ERROR_STATUS. */
export class ApiError extends Error implements CodedError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  get errorCode(): ErrorCode {
    return this.code;
  }

  get publicMessage(): string {
    return this.message;
  }
}

export function errorJson(code: ErrorCode, message: string, details?: unknown): NextResponse<ApiErrorBody> {
  const body: ApiErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  return NextResponse.json(body, { status: ERROR_STATUS[code], headers: { "cache-control": "no-store" } });
}

/** 400 invalid_request with zod's flattened field errors, for a body, query or path that fails its schema. */
export function invalidRequest(error: z.ZodError): ApiError {
  return new ApiError("invalid_request", "The request is not valid.", z.flattenError(error));
}

/**
 * The one place that turns a thrown value into coded JSON. Every domain error (Telegram,
 * login, dashboard, a chat that is not found) carries its ErrorCode; anything else is
 * logged and answered as a 500 without internals.
 */
export function toErrorResponse(error: unknown): NextResponse<ApiErrorBody> {
  if (isCodedError(error)) return errorJson(error.errorCode, error.publicMessage, error.details);
  if (error instanceof z.ZodError) {
    const { code, message, details } = invalidRequest(error);
    return errorJson(code, message, details);
  }
  logger.error({ err: error }, "unhandled error in an API route");
  return errorJson("internal_error", "Something went wrong on our side.");
}

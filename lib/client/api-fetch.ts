import { isErrorCode, type ErrorCode } from "@/lib/http/error-codes";

/**
 * A failed API call, by code. `network` and `unknown` are the browser's own: the server
 * could not be reached, or it answered without one of the codes in ERROR_STATUS. The
 * server's English `message` is kept for debugging only; the UI words errors by code.
 */
export type ClientErrorCode = ErrorCode | "network" | "unknown";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** fetch for our own JSON API: throws ApiRequestError with the server's code on failure. */
export async function apiFetch<T>(input: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(input, {
      ...rest,
      headers: { ...(json === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
      cache: "no-store",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiRequestError(0, "network", "The server could not be reached.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = (body as { error?: { code?: unknown; message?: string; details?: unknown } } | null)?.error;
    const code = isErrorCode(detail?.code) ? detail.code : response.status === 401 ? "unauthenticated" : "unknown";
    throw new ApiRequestError(response.status, code, detail?.message ?? response.statusText, detail?.details);
  }
  return body as T;
}

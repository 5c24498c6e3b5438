/** The `{ error: { code, message } }` body every /api route answers failures with. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
    const detail = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiRequestError(response.status, detail?.code ?? "http_error", detail?.message ?? response.statusText);
  }
  return body as T;
}

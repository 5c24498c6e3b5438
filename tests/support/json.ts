// Response bodies read as JSON and given the shape a test expects, instead of `any`. The
// type is the test's premise, not a check: the assertions that follow check the body.
import type { ApiErrorBody } from "@/lib/http/error-codes";
import type { LoginState } from "@/lib/telegram/login/types";

/** Anything with a `json()` method: fetch's Response and Playwright's APIResponse. */
type JsonSource = { json(): Promise<unknown> };

export async function jsonOf<T>(response: JsonSource): Promise<T> {
  return (await response.json()) as T;
}

/** The body of an error answer from /api/** (lib/http/error-codes.ts). */
export function errorBodyOf(response: JsonSource): Promise<ApiErrorBody> {
  return jsonOf<ApiErrorBody>(response);
}

/** What GET/POST /api/telegram/login answer. */
export function loginStateOf(response: JsonSource): Promise<LoginState> {
  return jsonOf<LoginState>(response);
}

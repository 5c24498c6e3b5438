// Where to go after signing in. Only same-site paths are accepted, so a crafted link
// (?callbackUrl=https://evil.example or //evil.example) cannot bounce a user off-site.
const DEFAULT_AFTER_SIGN_IN = "/telegram";

export function safeCallbackUrl(value: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters and backslashes let some browsers reinterpret the path as a host.
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  if (value === "/sign-in" || value.startsWith("/sign-in?") || value.startsWith("/api/auth")) return fallback;
  return value;
}

export function signInUrl(callbackUrl: string): string {
  return `/sign-in?callbackUrl=${encodeURIComponent(safeCallbackUrl(callbackUrl))}`;
}

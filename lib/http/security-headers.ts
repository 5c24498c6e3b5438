// Security headers of the site, shared by proxy.ts (the per-request CSP) and
// next.config.js (the static ones). No imports: next.config.js loads it through jiti, and
// the proxy runs it on every page request.

/**
 * The page policy for one nonce. Scripts run only from this origin or with the nonce (Next
 * puts it on its own inline scripts), so an injected inline script is blocked. Not
 * 'strict-dynamic': with it, Chromium runs inline scripts that any running script inserts
 * into the DOM, which is exactly the injection this policy is for. Styles may be inline:
 * React renders style attributes.
 * `formTargets`: where sign-in forms may redirect to (the OAuth providers switched on).
 * `scriptHashes`: inline scripts allowed by content (the prerendered error page's, which
 * cannot carry a nonce; lib/http/static-error-page.ts).
 */
export function contentSecurityPolicy(
  nonce: string,
  {
    dev,
    https,
    formTargets = [],
    scriptHashes = [],
  }: { dev: boolean; https: boolean; formTargets?: string[]; scriptHashes?: string[] },
): string {
  return [
    "default-src 'self'",
    // React uses eval for its development-only error overlay stacks.
    ["script-src 'self'", `'nonce-${nonce}'`, ...scriptHashes, ...(dev ? ["'unsafe-eval'"] : [])].join(" "),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Powerful browser features the app never uses, switched off for every page and frame. */
export const PERMISSIONS_POLICY =
  "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()";

/** One year, subdomains included; sent only when the site's own URL is https. */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

/** Headers for every response (next.config.js headers(); fixed at build time, so no HSTS here). */
export function staticSecurityHeaders(): Array<{ key: string; value: string }> {
  return [
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
  ];
}

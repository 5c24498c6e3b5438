/** Request header set by proxy.ts so server components know which URL to come back to. */
export const PATHNAME_HEADER = "x-tgdesk-pathname";

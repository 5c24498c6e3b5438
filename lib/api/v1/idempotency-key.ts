// Idempotency-Key values: printable ASCII up to 255 characters (a UUID fits). Client-safe.
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

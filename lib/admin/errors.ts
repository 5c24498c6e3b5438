// Refusals from the admin and profile operations. Each carries a code from the one
// error table (lib/http/error-codes.ts), so route handlers answer it like any other
// domain error; the browser words it by code (messages: apiErrors).

export const ADMIN_ERROR_STATUS = {
  last_admin: 409,
  cannot_target_self: 409,
  email_taken: 409,
  not_found: 404,
  wrong_password: 400,
  invitation_invalid: 410,
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERROR_STATUS;

export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AdminError";
  }

  get status(): number {
    return ADMIN_ERROR_STATUS[this.code];
  }

  /** The CodedError shape lib/http's toErrorResponse understands. */
  get errorCode(): AdminErrorCode {
    return this.code;
  }

  get publicMessage(): string {
    return this.message;
  }
}

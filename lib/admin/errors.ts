// Refusals from the admin and profile operations. Route handlers map each code to a
// status (lib/admin/guard.ts); pages word it through messages under "admin".

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
}

/**
 * What the browser learns about a login attempt. Plain data only: this file is imported
 * by the client component for its types, and nothing here may ever carry a session,
 * a password or anything else that is a credential. The QR URL is the one exception that
 * has to reach the screen, and it is useless once scanned or expired.
 */
export type LoginFailureCode = "flood_wait" | "network" | "telegram_error" | "server_restarted" | "internal";

export type PasswordErrorCode = "wrong_password" | "password_changed" | "flood_wait" | "network";

export type PhoneErrorCode = "phone_number_invalid" | "phone_number_banned" | "flood_wait" | "network";

export type CodeErrorCode = "code_invalid" | "code_expired" | "flood_wait" | "network";

/** How Telegram delivered the code (auth.SentCodeType), as the page words it. */
export type CodeDelivery = "app" | "sms" | "call" | "flash_call" | "missed_call" | "email" | "fragment" | "other";

export type LoginMethod = "qr" | "phone";

interface Base {
  attemptId: string;
  method?: LoginMethod;
  /** Increases with every change, so a long poll can wait for the next one. */
  version: number;
}

export type LoginState =
  | { status: "none"; version: 0 }
  | (Base & { status: "starting"; deadline: number })
  | (Base & {
      status: "qr";
      deadline: number;
      qr: { url: string; issuedAt: number; expiresAt: number; renewals: number };
    })
  | (Base & {
      /** Phone login: waiting for the number (again, after a refusal). */
      status: "phone";
      deadline: number;
      checking: boolean;
      error: PhoneErrorCode | null;
      retryAt: number | null;
    })
  | (Base & {
      /** Phone login: Telegram sent a code to `phone`; waiting for it. */
      status: "code";
      deadline: number;
      phone: string;
      delivery: CodeDelivery;
      /** Digits in the code, when Telegram says. */
      length: number | null;
      /** How a resend would deliver it, when Telegram offers one. */
      nextDelivery: CodeDelivery | null;
      /** Epoch ms from which a resend may be asked for. */
      resendAt: number | null;
      checking: boolean;
      error: CodeErrorCode | null;
      retryAt: number | null;
    })
  | (Base & {
      status: "password";
      deadline: number;
      hint: string | null;
      /**
       * Phone login: the number being linked (digits with the country code). Null after a
       * QR scan: Telegram names no account until the password is right.
       */
      phone: string | null;
      checking: boolean;
      error: PasswordErrorCode | null;
      /** Epoch ms before which Telegram refuses another try (FLOOD_WAIT). */
      retryAt: number | null;
    })
  | (Base & {
      status: "success";
      account: { id: string; name: string; username: string | null };
    })
  | (Base & { status: "expired" })
  | (Base & { status: "cancelled" })
  | (Base & { status: "failed"; code: LoginFailureCode; retryAt: number | null });

export type LoginStatus = LoginState["status"];

export const FINAL_STATUSES: ReadonlySet<LoginStatus> = new Set(["none", "success", "expired", "cancelled", "failed"]);

export function isFinal(state: Pick<LoginState, "status">): boolean {
  return FINAL_STATUSES.has(state.status);
}

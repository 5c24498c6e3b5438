// Site roles. Client-safe (no imports): the header and the profile page show the role too.

export const ROLES = ["admin", "member"] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ["active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Unknown or missing roles count as the least privileged one. */
export function isAdmin(user: { role?: string | null } | null | undefined): boolean {
  return user?.role === "admin";
}

// Admin operations against a real migrated SQLite database: the last-admin rule, sessions
// that end, the audit trail, and what Telegram is asked to do (through a fake port).
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { createUser } from "@/lib/auth/users";
import { endAllSiteSessions, endSiteSession, isSiteSessionValid, startSiteSession } from "@/lib/auth/site-sessions";
import { auditToCsv, listAuditEvents, pruneAudit, recordAudit } from "@/lib/admin/audit";
import { AdminError } from "@/lib/admin/errors";
import { forceLogout, listLinkedAccounts, maskPhone, unlinkAccount } from "@/lib/admin/telegram-accounts";
import type { TelegramAdminPort } from "@/lib/admin/telegram-port";
import {
  createUserWithPassword,
  deleteUser,
  disableUser,
  enableUser,
  listUsers,
  resetPassword,
  updateUser,
  type AdminContext,
} from "@/lib/admin/users";
import { changeOwnPassword, signOutEverywhere } from "@/lib/auth/profile";
import { authenticate } from "@/lib/auth/users";
import { createMigratedDatabase, type TempDatabase } from "../support/db";

let database: TempDatabase;
let db: Db;

beforeAll(() => {
  database = createMigratedDatabase();
  db = createDb(database.databaseUrl);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  database?.cleanup();
});

const meta = { ip: "203.0.113.7", userAgent: "vitest" };

function fakeTelegram(confirm: boolean) {
  const calls: string[] = [];
  const port: TelegramAdminPort = {
    async logOut(account) {
      calls.push(`logOut ${account.id}`);
      return confirm;
    },
    async disconnect(accountId, reason) {
      calls.push(`disconnect ${accountId} ${reason}`);
    },
    connection: () => ({ state: "connected", floodWaitSeconds: 12 }),
  };
  return { port, calls };
}

let counter = 0;
async function makeUser(role: "admin" | "member" = "member") {
  counter += 1;
  const password = `password-${counter}`;
  const user = await createUser(db, { email: `u${counter}@admin.test`, password, name: `User ${counter}`, role });
  return { ...user, password };
}

async function linkAccount(userId: string, phone = "+79001234567") {
  counter += 1;
  return db.telegramAccount.create({
    data: {
      userId,
      telegramUserId: String(1000 + counter),
      firstName: "Alice",
      lastName: "Liddell",
      username: `alice${counter}`,
      phone,
      dcId: 2,
      sessionCiphertext: "v1.sealed",
    },
  });
}

const ctxOf = (user: { id: string; email: string }): AdminContext => ({
  actor: { id: user.id, email: user.email },
  meta,
});

beforeEach(async () => {
  // Each test decides who the admins are.
  await db.user.deleteMany({});
});

describe("the last-admin rule", () => {
  test("the only admin cannot be demoted, disabled or deleted", async () => {
    const only = await makeUser("admin");
    const other = await makeUser("member");
    const { port } = fakeTelegram(true);
    // Acting as the other person (a freshly demoted admin, say) changes nothing about the rule.
    const ctx = ctxOf(other);
    await expect(updateUser(db, ctx, only.id, { role: "member" })).rejects.toMatchObject({ code: "last_admin" });
    await expect(disableUser(db, ctx, only.id, port)).rejects.toMatchObject({ code: "last_admin" });
    await expect(deleteUser(db, ctx, only.id, port)).rejects.toMatchObject({ code: "last_admin" });
    const after = await db.user.findUniqueOrThrow({ where: { id: only.id } });
    expect(after).toMatchObject({ role: "admin", status: "active" });
  });

  test("with two admins one may go, then the other is the last", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("admin");
    await updateUser(db, ctxOf(a), b.id, { role: "member" });
    expect((await db.user.findUniqueOrThrow({ where: { id: b.id } })).role).toBe("member");
    await expect(updateUser(db, ctxOf(b), a.id, { role: "member" })).rejects.toBeInstanceOf(AdminError);
  });

  test("a disabled admin does not count as the remaining one", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("admin");
    const { port } = fakeTelegram(true);
    await disableUser(db, ctxOf(a), b.id, port);
    const c = await makeUser("member");
    await expect(updateUser(db, ctxOf(c), a.id, { role: "member" })).rejects.toMatchObject({ code: "last_admin" });
  });

  test("demoting two admins at the same time leaves one of them an admin", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("admin");
    const results = await Promise.allSettled([
      updateUser(db, ctxOf(a), b.id, { role: "member" }),
      updateUser(db, ctxOf(b), a.id, { role: "member" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { role: "admin" } })).toBe(1);
  });

  test("an admin cannot disable or delete themselves", async () => {
    const a = await makeUser("admin");
    await makeUser("admin");
    const { port } = fakeTelegram(true);
    await expect(disableUser(db, ctxOf(a), a.id, port)).rejects.toMatchObject({ code: "cannot_target_self" });
    await expect(deleteUser(db, ctxOf(a), a.id, port)).rejects.toMatchObject({ code: "cannot_target_self" });
  });
});

describe("site sessions", () => {
  test("a session is valid until it is ended, and only for its own user", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const sid = await startSiteSession(db, user.id, meta);
    expect(await isSiteSessionValid(db, sid, user.id)).toBe(true);
    expect(await isSiteSessionValid(db, sid, other.id)).toBe(false);
    expect(await isSiteSessionValid(db, undefined, user.id)).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).not.toBeNull();
    expect(await endSiteSession(db, sid, "sign_out")).toBe(true);
    expect(await isSiteSessionValid(db, sid, user.id)).toBe(false);
    expect(await endSiteSession(db, sid, "sign_out")).toBe(false);
  });

  test("an expired session is not valid", async () => {
    const user = await makeUser();
    const sid = await startSiteSession(db, user.id, meta, new Date(Date.now() - 31 * 24 * 3600 * 1000));
    expect(await isSiteSessionValid(db, sid, user.id)).toBe(false);
  });

  test("ending all sessions ends every browser at once, optionally sparing one", async () => {
    const user = await makeUser();
    const [s1, s2, s3] = await Promise.all([1, 2, 3].map(() => startSiteSession(db, user.id, meta)));
    expect(await endAllSiteSessions(db, user.id, "password_changed", { exceptSessionId: s1 })).toBe(2);
    expect(await isSiteSessionValid(db, s1, user.id)).toBe(true);
    expect(await isSiteSessionValid(db, s2, user.id)).toBe(false);
    expect(await isSiteSessionValid(db, s3, user.id)).toBe(false);
  });

  test("disabling a person ends their sessions, closes Telegram connections, keeps the links", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser();
    const account = await linkAccount(member.id);
    const sid = await startSiteSession(db, member.id, meta);
    const { port, calls } = fakeTelegram(true);
    await disableUser(db, ctxOf(admin), member.id, port);
    expect(await isSiteSessionValid(db, sid, member.id)).toBe(false);
    expect(calls).toEqual([`disconnect ${account.id} closed`]);
    expect(await db.telegramAccount.findUnique({ where: { id: account.id } })).toMatchObject({ status: "active" });
    // A disabled person cannot sign in, even with the right password, and a new session would not be valid.
    expect(await authenticate(db, { email: member.email, password: member.password })).toBeNull();
    const late = await startSiteSession(db, member.id, meta);
    expect(await isSiteSessionValid(db, late, member.id)).toBe(false);
    await enableUser(db, ctxOf(admin), member.id);
    expect(await authenticate(db, { email: member.email, password: member.password })).toMatchObject({ id: member.id });
  });

  test("a password reset ends every session and asks for a new password", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser();
    const sid = await startSiteSession(db, member.id, meta);
    const { password } = await resetPassword(db, ctxOf(admin), member.id);
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await isSiteSessionValid(db, sid, member.id)).toBe(false);
    expect(await authenticate(db, { email: member.email, password: member.password })).toBeNull();
    expect(await authenticate(db, { email: member.email, password })).toMatchObject({ id: member.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).mustChangePassword).toBe(true);
  });

  test("changing one's password needs the current one and ends the other sessions", async () => {
    const member = await makeUser();
    const here = await startSiteSession(db, member.id, meta);
    const elsewhere = await startSiteSession(db, member.id, meta);
    const self = { user: { id: member.id, email: member.email }, sessionId: here, meta };
    await expect(
      changeOwnPassword(db, self, { currentPassword: "wrong-one", newPassword: "brand-new-pass" }),
    ).rejects.toMatchObject({
      code: "wrong_password",
    });
    await changeOwnPassword(db, self, { currentPassword: member.password, newPassword: "brand-new-pass" });
    expect(await isSiteSessionValid(db, here, member.id)).toBe(true);
    expect(await isSiteSessionValid(db, elsewhere, member.id)).toBe(false);
    expect(await authenticate(db, { email: member.email, password: "brand-new-pass" })).toMatchObject({
      id: member.id,
    });
  });

  test("sign out everywhere ends this session too", async () => {
    const member = await makeUser();
    const here = await startSiteSession(db, member.id, meta);
    await startSiteSession(db, member.id, meta);
    const result = await signOutEverywhere(db, { user: { id: member.id, email: member.email }, sessionId: here, meta });
    expect(result.sessionsEnded).toBe(2);
    expect(await isSiteSessionValid(db, here, member.id)).toBe(false);
  });
});

describe("people and linked accounts", () => {
  test("creating a person gives a one-time password they must change", async () => {
    const admin = await makeUser("admin");
    const { user, password } = await createUserWithPassword(db, ctxOf(admin), {
      email: "New@Admin.test",
      name: "New",
      role: "member",
    });
    expect(user.email).toBe("new@admin.test");
    expect(await authenticate(db, { email: "new@admin.test", password })).toMatchObject({ id: user.id });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(true);
    await expect(
      createUserWithPassword(db, ctxOf(admin), { email: "new@admin.test", name: "Again", role: "member" }),
    ).rejects.toMatchObject({
      code: "email_taken",
    });
  });

  test("the list filters, sorts, pages and counts linked accounts", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser();
    await linkAccount(member.id);
    const all = await listUsers(db, { sort: "email", dir: "asc" });
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => r.email)).toEqual([admin.email, member.email].sort());
    const admins = await listUsers(db, { role: "admin" });
    expect(admins.rows.map((r) => r.id)).toEqual([admin.id]);
    const found = await listUsers(db, { q: member.email.toUpperCase() });
    expect(found.rows).toHaveLength(1);
    expect(found.rows[0]!.linkedAccounts).toBe(1);
    const page2 = await listUsers(db, { sort: "email", take: 1, skip: 1 });
    expect(page2.rows).toHaveLength(1);
    expect(page2.total).toBe(2);
  });

  test("deleting a person logs each account out of Telegram, wipes it and reports what Telegram confirmed", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser();
    const a1 = await linkAccount(member.id);
    const a2 = await linkAccount(member.id);
    const { port, calls } = fakeTelegram(false);
    const { accounts } = await deleteUser(db, ctxOf(admin), member.id, port);
    expect(accounts.map((a) => a.accountId).sort()).toEqual([a1.id, a2.id].sort());
    expect(accounts.every((a) => a.confirmed === false)).toBe(true);
    expect(calls.filter((c) => c.startsWith("logOut"))).toHaveLength(2);
    expect(await db.telegramAccount.count({ where: { userId: member.id } })).toBe(0);
    expect(await db.user.findUnique({ where: { id: member.id } })).toBeNull();
    const { rows } = await listAuditEvents(db, { action: "user.delete" }, { skip: 0, take: 10 });
    expect(rows[0]).toMatchObject({ actorId: admin.id, targetId: member.id, targetLabel: member.email });
    expect((JSON.parse(rows[0]!.details!) as { telegramLogouts: unknown[] }).telegramLogouts).toHaveLength(2);
  });

  test("force log out ends the session at Telegram and keeps the row as revoked, with the secret wiped", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser();
    const account = await linkAccount(member.id);
    const { port, calls } = fakeTelegram(true);
    expect(await forceLogout(db, ctxOf(admin), account.id, port)).toEqual({ confirmed: true });
    expect(calls).toEqual([`logOut ${account.id}`, `disconnect ${account.id} revoked`]);
    const row = await db.telegramAccount.findUniqueOrThrow({
      where: { id: account.id },
      omit: { sessionCiphertext: false },
    });
    expect(row).toMatchObject({ status: "revoked", sessionCiphertext: "" });
    expect(row.revokedAt).not.toBeNull();
  });

  test("unlink logs out and removes the row", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser();
    const account = await linkAccount(member.id);
    const { port } = fakeTelegram(true);
    await unlinkAccount(db, ctxOf(admin), account.id, port);
    expect(await db.telegramAccount.findUnique({ where: { id: account.id } })).toBeNull();
    await expect(unlinkAccount(db, ctxOf(admin), account.id, port)).rejects.toMatchObject({ code: "not_found" });
  });

  test("the account list masks phones and shows the pool's state, never the session", async () => {
    const member = await makeUser();
    await linkAccount(member.id, "+7 900 123-45-67");
    const { port } = fakeTelegram(true);
    const { rows } = await listLinkedAccounts(db, port);
    expect(rows[0]).toMatchObject({
      phoneMasked: "+•••••••••67",
      dcId: 2,
      connection: { state: "connected", floodWaitSeconds: 12 },
    });
    expect(JSON.stringify(rows)).not.toContain("sealed");
    expect(JSON.stringify(rows)).not.toContain("1234567");
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone("5")).toBe("+5");
  });
});

describe("the audit log", () => {
  test("entries cannot be edited; retention deletes only old ones", async () => {
    await recordAudit(
      db,
      { action: "sign_out", actor: { id: "x", email: "x@y.z" }, meta },
      new Date("2020-01-01T00:00:00Z"),
    );
    await recordAudit(db, { action: "sign_out", actor: { id: "x", email: "x@y.z" }, meta });
    const entry = await db.auditEvent.findFirstOrThrow({ where: { actorId: "x" } });
    // The trigger aborts the statement (the driver reports it as a constraint failure).
    await expect(db.auditEvent.update({ where: { id: entry.id }, data: { action: "forged" } })).rejects.toThrow();
    await expect(db.auditEvent.updateMany({ data: { actorEmail: "forged@y.z" } })).rejects.toThrow();
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: entry.id } })).action).toBe("sign_out");
    expect(await db.auditEvent.count({ where: { actorEmail: "forged@y.z" } })).toBe(0);
    expect(await pruneAudit(db, 365)).toBeGreaterThanOrEqual(1);
    const left = await db.auditEvent.findMany({ where: { actorId: "x" } });
    expect(left).toHaveLength(1);
    expect(left[0]!.at.getFullYear()).toBeGreaterThan(2020);
  });

  test("admin actions are recorded with the actor, target, IP and user agent, and export to CSV", async () => {
    const admin = await makeUser("admin");
    const member = await makeUser();
    await updateUser(db, ctxOf(admin), member.id, { role: "admin", name: '=HYPERLINK("x")' });
    const { rows } = await listAuditEvents(db, { actor: admin.email }, { skip: 0, take: 10 });
    expect(rows.map((r) => r.action).sort()).toEqual(["user.role_change", "user.update"]);
    expect(rows[0]).toMatchObject({ actorEmail: admin.email, targetId: member.id, ip: meta.ip, userAgent: "vitest" });
    const csv = auditToCsv(rows);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("at,action,outcome,actorId,actorEmail,targetType,targetId,targetLabel,ip,userAgent,details");
    expect(lines).toHaveLength(3);
    expect(csv).toContain("user.role_change");
    // A name that looks like a formula is neutralised for spreadsheets.
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe("invitations", () => {
  test("a link makes one account, once, before it expires", async () => {
    const { acceptInvitation, createInvitation, INVITATION_TTL_MS } = await import("@/lib/admin/invitations");
    const admin = await makeUser("admin");
    const { token } = await createInvitation(db, ctxOf(admin), {
      email: "invited@admin.test",
      name: "Invited",
      role: "member",
    });
    expect(await db.invitation.count({ where: { tokenHash: token } })).toBe(0);
    await acceptInvitation(db, { token, name: "Invitee", password: "chosen-password" }, meta);
    expect(await authenticate(db, { email: "invited@admin.test", password: "chosen-password" })).toMatchObject({
      name: "Invitee",
    });
    await expect(
      acceptInvitation(db, { token, name: "Again", password: "chosen-password" }, meta),
    ).rejects.toMatchObject({
      code: "invitation_invalid",
    });
    const late = await createInvitation(db, ctxOf(admin), { email: "late@admin.test", name: "Late", role: "member" });
    await expect(
      acceptInvitation(
        db,
        { token: late.token, name: "Late", password: "chosen-password" },
        meta,
        new Date(Date.now() + INVITATION_TTL_MS + 1000),
      ),
    ).rejects.toMatchObject({ code: "invitation_invalid" });
  });
});

import "server-only";

import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Role } from "@/lib/auth/roles";
import { createUser, UserExistsError } from "@/lib/auth/users";
import { recordAudit } from "@/lib/admin/audit";
import { AdminError } from "@/lib/admin/errors";
import type { RequestMeta } from "@/lib/admin/request-meta";
import type { AdminContext } from "@/lib/admin/users";

/** An invitation link is good for this long. */
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Creates an invitation and returns its token once (only its hash is stored). The admin
 * passes the link on; whoever opens it chooses a password and becomes the person.
 */
export async function createInvitation(
  db: Db,
  ctx: AdminContext,
  input: { email: string; name: string; role: Role },
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
    throw new AdminError("email_taken", "A user with this email already exists.");
  }
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const invitation = await db.invitation.create({
    data: {
      tokenHash: hashToken(token),
      email: input.email,
      name: input.name,
      role: input.role,
      createdById: ctx.actor.id,
      createdAt: now,
      expiresAt,
    },
  });
  await recordAudit(db, {
    action: "user.invite",
    actor: ctx.actor,
    target: { type: "invitation", id: invitation.id, label: input.email },
    meta: ctx.meta,
    details: { role: input.role, expiresAt: expiresAt.toISOString() },
  });
  return { token, expiresAt };
}

/** The open invitation for a token, or null when unknown, used, revoked or expired. */
export async function findOpenInvitation(db: Db, token: string, now = new Date()) {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) return null;
  return invitation;
}

export async function acceptInvitation(
  db: Db,
  input: { token: string; name: string; password: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<{ email: string }> {
  const invitation = await findOpenInvitation(db, input.token, now);
  if (!invitation) throw new AdminError("invitation_invalid", "This invitation has expired or was already used.");
  // Claim it first, so one link makes one account even when submitted twice at once.
  const { count } = await db.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null },
    data: { acceptedAt: now },
  });
  if (count === 0) throw new AdminError("invitation_invalid", "This invitation has expired or was already used.");
  try {
    const user = await createUser(db, {
      email: invitation.email,
      name: input.name,
      password: input.password,
      role: invitation.role as Role,
    });
    await recordAudit(db, {
      action: "user.invitation_accepted",
      actor: { id: user.id, email: user.email },
      target: { type: "user", id: user.id, label: user.email },
      meta,
      details: { invitationId: invitation.id, role: invitation.role, invitedBy: invitation.createdById },
    });
    return { email: user.email };
  } catch (error) {
    await db.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: null } });
    if (error instanceof UserExistsError) throw new AdminError("email_taken", "A user with this email already exists.");
    throw error;
  }
}

import "server-only";

import type { CurrentUser } from "@/lib/auth/session";
import type { SelfContext } from "@/lib/auth/profile";
import { currentRequestMeta } from "@/lib/admin/request-meta";

export async function selfContext(user: CurrentUser): Promise<SelfContext> {
  return { user: { id: user.id, email: user.email }, sessionId: user.sessionId, meta: await currentRequestMeta() };
}

// GET /api/v1/me: the token's owner and scopes.
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";

export const dynamic = "force-dynamic";

export const GET = withToken(v1Routes.me, (_request, { principal }) => ({
  body: {
    id: principal.user.id,
    email: principal.user.email,
    name: principal.user.name,
    token: { id: principal.tokenId, scopes: principal.scopes },
  },
}));

// POST /api/v1/accounts/:accountId/chats/:chatId/files?name=&caption=&asFile=: the raw file
// as the body (Content-Length required), streamed to Telegram in parts as it arrives and sent
// once per Idempotency-Key, as the app's upload route does for the browser.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { withToken } from "@/lib/api/v1/with-token";
import { v1Routes } from "@/lib/api/v1/routes";
import { requireOwnAccount } from "@/lib/api/v1/accounts";
import { toApiMessage } from "@/lib/api/v1/mappers";
import { randomIdFor, requestFingerprint, runIdempotent } from "@/lib/api/idempotency";
import { sendChatFile, uploadSizeProblem } from "@/lib/telegram";
import { mimeTypeOf } from "@/lib/validations/telegram-uploads";

export const dynamic = "force-dynamic";

export const POST = withToken(v1Routes.sendFile, async (request, { principal, params, query, headers }) => {
  try {
    await requireOwnAccount(principal.user.id, params.accountId);
    const size = declaredLength(request.headers.get("content-length"));
    const problem = uploadSizeProblem(size, env.MAX_UPLOAD_MB * 1024 * 1024);
    if (problem?.kind === "empty" || !request.body) throw new ApiError("invalid_request", "The file is empty.");
    if (problem) {
      throw new ApiError("file_too_large", `The file must be at most ${problem.maxBytes} bytes.`, {
        maxBytes: problem.maxBytes,
        limit: problem.limit,
      });
    }
    const body = request.body;
    const mimeType = mimeTypeOf(request.headers.get("content-type"));
    const key = headers["idempotency-key"];
    // The bytes are not in the fingerprint (they would have to be read first): the same key
    // with another name, type, size or caption is a different request (422).
    const fingerprint = requestFingerprint("POST", request.nextUrl.pathname, { ...query, mimeType, size });
    const answer = await runIdempotent(db, principal.tokenId, key, fingerprint, async () => {
      const message = await sendChatFile(principal.user.id, params.chatId, {
        body,
        size,
        name: query.name,
        mimeType,
        caption: query.caption,
        asFile: query.asFile === "1",
        // Derived from the key: a retry after a lost answer (or a crash) sends the same
        // random_id, and Telegram delivers the file once.
        randomId: randomIdFor(principal.tokenId, key),
        signal: request.signal,
      });
      return { status: 201, body: { message: toApiMessage(message) } };
    });
    return {
      status: answer.status,
      body: answer.body as { message: ReturnType<typeof toApiMessage> },
      headers: answer.replayed ? { "idempotent-replayed": "true" } : undefined,
    };
  } finally {
    // A replayed or refused upload is not read at all; nothing more of it is taken in.
    if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => undefined);
  }
});

/** The file's size, which must be declared up front so the limits are checked before any byte is read. */
function declaredLength(header: string | null): number {
  if (header === null || !/^\d{1,16}$/.test(header.trim())) {
    throw new ApiError("length_required", "Send the file with a Content-Length header.");
  }
  return Number(header.trim());
}

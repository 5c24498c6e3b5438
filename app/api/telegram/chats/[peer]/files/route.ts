// POST /api/telegram/chats/:peer/files?name=&randomId=&caption=&asFile=&replyTo=: the raw file as the body (Content-Length
// required), streamed to Telegram in parts as it arrives, then sent (idempotent per randomId).
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { withUser } from "@/lib/http/with-user";
import { sendChatFile, uploadSizeProblem } from "@/lib/telegram";
import { CHAT_NOT_FOUND, peerParamsSchema } from "@/lib/validations/telegram-dashboard";
import { mimeTypeOf, uploadQuerySchema } from "@/lib/validations/telegram-uploads";

export const dynamic = "force-dynamic";

export const POST = withUser(
  { params: peerParamsSchema, badParams: CHAT_NOT_FOUND, query: uploadQuerySchema, streamBody: true },
  async (request, { user, params, query }) => {
    try {
      const size = declaredLength(request.headers.get("content-length"));
      const problem = uploadSizeProblem(size, env.MAX_UPLOAD_MB * 1024 * 1024);
      if (problem?.kind === "empty") throw new ApiError("invalid_request", "The file is empty.");
      if (problem) {
        throw new ApiError("file_too_large", `The file must be at most ${problem.maxBytes} bytes.`, {
          maxBytes: problem.maxBytes,
          limit: problem.limit,
        });
      }
      if (!request.body) throw new ApiError("invalid_request", "The file is empty.");
      const message = await sendChatFile(user.id, params.peer, {
        body: request.body,
        size,
        name: query.name,
        mimeType: mimeTypeOf(request.headers.get("content-type")),
        caption: query.caption,
        asFile: query.asFile === "1",
        randomId: query.randomId,
        replyTo: query.replyTo,
        signal: request.signal,
      });
      return NextResponse.json({ message }, { status: 201, headers: { "cache-control": "no-store" } });
    } catch (error) {
      // Nothing more of a refused upload is read.
      if (request.body && !request.bodyUsed) await request.body.cancel().catch(() => undefined);
      throw error;
    }
  },
);

/** The file's size, which must be declared up front so the limits are checked before any byte is sent on. */
function declaredLength(header: string | null): number {
  if (header === null || !/^\d{1,16}$/.test(header.trim())) {
    throw new ApiError("length_required", "Send the file with a Content-Length header.");
  }
  return Number(header.trim());
}

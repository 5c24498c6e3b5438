// POST /api/telegram/login/phone: the phone login's steps — {phone}, {code}, {resend}, {changePhone}.
import { NextResponse } from "next/server";
import { withUser } from "@/lib/http/with-user";
import { changeLoginPhone, resendLoginCode, submitLoginCode, submitLoginPhone } from "@/lib/telegram";
import { phoneStepSchema } from "@/lib/validations/telegram-login";

export const dynamic = "force-dynamic";

export const POST = withUser({ body: phoneStepSchema, maxBodyBytes: 1024 }, async (_request, { user, body }) => {
  const state =
    "phone" in body
      ? await submitLoginPhone(user.id, body.phone)
      : "code" in body
        ? await submitLoginCode(user.id, body.code)
        : "resend" in body
          ? await resendLoginCode(user.id)
          : await changeLoginPhone(user.id);
  return NextResponse.json(state, { headers: { "cache-control": "no-store" } });
});

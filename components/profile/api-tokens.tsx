"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { API_SCOPES, API_TOKEN_NAME_MAX, type ApiScope, type ApiTokenDto } from "@/lib/api/scopes";
import { apiTokensApi } from "@/lib/client/api";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import { formText } from "@/lib/client/form-data";

const EXPIRY_CHOICES = ["30", "90", "365", "never"] as const;

type Revocable = Pick<ApiTokenDto, "id" | "name" | "prefix">;

/** The profile's API tokens: create one (its secret shown once), list them, revoke. */
export function ApiTokens({ tokens }: { tokens: ApiTokenDto[] }) {
  const t = useTranslations("profile.apiTokens");
  const router = useRouter();
  const describe = useApiErrorMessage();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<Revocable | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  return (
    <div className="flex flex-col gap-5">
      <form
        className="grid gap-3"
        data-testid="api-token-form"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          const scopes = API_SCOPES.filter((scope) => data.getAll("scopes").includes(scope));
          if (scopes.length === 0) {
            setError(t("noScopes"));
            return;
          }
          const expiry = formText(data, "expiry");
          setPending(true);
          setError(null);
          try {
            const result = await apiTokensApi.create({
              name: formText(data, "name"),
              scopes,
              expiresInDays: expiry === "never" ? null : Number(expiry),
            });
            form.reset();
            setCopied(false);
            setCreated({ token: result.token, name: result.apiToken.name });
            router.refresh();
          } catch (failure) {
            setError(describe(failure));
          } finally {
            setPending(false);
          }
        }}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <LabelledControl label={t("name")}>
            <input
              name="name"
              required
              maxLength={API_TOKEN_NAME_MAX}
              className={inputClass}
              placeholder={t("namePlaceholder")}
              data-testid="api-token-name"
            />
          </LabelledControl>
          <LabelledControl label={t("expiry")}>
            <select name="expiry" defaultValue="90" className={inputClass} data-testid="api-token-expiry">
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {choice === "never" ? t("expiryNever") : t("expiryDays", { days: Number(choice) })}
                </option>
              ))}
            </select>
          </LabelledControl>
        </div>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("scopes")}</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {API_SCOPES.map((scope) => (
              <label key={scope} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  defaultChecked={scope === "messages:read"}
                  className="mt-0.5"
                  data-testid={`api-token-scope-${scope}`}
                />
                <span>
                  <code className="text-xs">{scope}</code>
                  <span className="block text-xs text-slate-500">{t(`scope.${scopeKey(scope)}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={pending} data-testid="api-token-create">
            {t("create")}
          </Button>
          {error ? <Notice tone="error">{error}</Notice> : null}
        </div>
      </form>

      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="api-tokens-empty">
          {t("empty")}
        </p>
      ) : (
        <TokenList tokens={tokens} onRevoke={(token) => setRevoking(token)} />
      )}

      <Dialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title={t("createdTitle", { name: created?.name ?? "" })}
        testId="api-token-created"
        footer={
          <Button variant="secondary" data-autofocus onClick={() => setCreated(null)} data-testid="api-token-done">
            {t("done")}
          </Button>
        }
      >
        <p>{t("createdBody")}</p>
        <div className="mt-3 flex items-center gap-2">
          <input
            readOnly
            value={created?.token ?? ""}
            aria-label={t("secret")}
            className={`${inputClass} font-mono text-xs`}
            onFocus={(event) => event.currentTarget.select()}
            data-testid="api-token-secret"
          />
          <Button
            variant="secondary"
            size="sm"
            data-testid="api-token-copy"
            onClick={async () => {
              if (!created) return;
              try {
                await navigator.clipboard.writeText(created.token);
                setCopied(true);
              } catch {
                setCopied(false);
              }
            }}
          >
            {copied ? t("copied") : t("copy")}
          </Button>
        </div>
      </Dialog>

      <ConfirmDialog
        open={revoking !== null}
        title={t("revokeTitle", { name: revoking?.name ?? "" })}
        confirmLabel={t("revoke")}
        cancelLabel={t("cancel")}
        testId="api-token-revoke-dialog"
        onCancel={() => {
          setRevoking(null);
          setRevokeError(null);
        }}
        onConfirm={async () => {
          if (!revoking) return;
          try {
            await apiTokensApi.revoke(revoking.id);
            setRevoking(null);
            setRevokeError(null);
            router.refresh();
          } catch (failure) {
            setRevokeError(describe(failure));
          }
        }}
      >
        <p>{t("revokeBody", { prefix: revoking?.prefix ?? "" })}</p>
        {revokeError ? <Notice tone="error">{revokeError}</Notice> : null}
      </ConfirmDialog>
    </div>
  );
}

function scopeKey(scope: ApiScope): "messagesRead" | "messagesSend" | "contactsRead" | "webhooksManage" {
  switch (scope) {
    case "messages:read":
      return "messagesRead";
    case "messages:send":
      return "messagesSend";
    case "contacts:read":
      return "contactsRead";
    case "webhooks:manage":
      return "webhooksManage";
  }
}

function TokenList({ tokens, onRevoke }: { tokens: ApiTokenDto[]; onRevoke: (token: Revocable) => void }) {
  const t = useTranslations("profile.apiTokens");
  const format = useFormatter();
  const when = (iso: string | null, none: string) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : none;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="api-tokens">
      {tokens.map((token) => {
        const state = token.state;
        return (
          <li key={token.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="api-token">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                {token.name} <code className="ml-1 text-xs text-slate-500">{token.prefix}…</code>
                {state !== "active" ? (
                  <span className="ml-2 text-xs text-rose-700" data-testid="api-token-state">
                    {t(`state.${state}`)}
                  </span>
                ) : null}
              </p>
              <p className="text-xs text-slate-500">{token.scopes.join(", ")}</p>
              <p className="text-xs text-slate-500" suppressHydrationWarning>
                {t("created", { time: when(token.createdAt, "—") })} ·{" "}
                {t("lastUsed", { time: when(token.lastUsedAt, t("never")) })} ·{" "}
                {t("expires", { time: when(token.expiresAt, t("never")) })}
              </p>
            </div>
            {state === "active" ? (
              <Button
                variant="danger-outline"
                size="sm"
                onClick={() => onRevoke(token)}
                data-testid="api-token-revoke"
                aria-label={t("revokeNamed", { name: token.name })}
              >
                {t("revoke")}
              </Button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

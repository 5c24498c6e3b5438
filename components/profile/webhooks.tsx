"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { inputClass, LabelledControl } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { Spinner } from "@/components/ui/spinner";
import { WEBHOOK_EVENTS, WEBHOOK_URL_MAX, type WebhookEndpointDto } from "@/lib/webhooks/events";
import { webhooksApi } from "@/lib/client/api";
import { useApiErrorMessage } from "@/lib/client/api-errors";
import { formText } from "@/lib/client/form-data";

/** The profile's webhook endpoints: add one (its secret shown once), turn on/off, remove, see deliveries. */
export function Webhooks({ endpoints }: { endpoints: WebhookEndpointDto[] }) {
  const t = useTranslations("profile.webhooks");
  const router = useRouter();
  const describe = useApiErrorMessage();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ secret: string; url: string } | null>(null);
  const [removing, setRemoving] = useState<WebhookEndpointDto | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);

  return (
    <div className="flex flex-col gap-5">
      <form
        className="grid gap-3"
        data-testid="webhook-form"
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          const events = WEBHOOK_EVENTS.filter((name) => data.getAll("events").includes(name));
          if (events.length === 0) {
            setError(t("noEvents"));
            return;
          }
          setPending(true);
          setError(null);
          try {
            const result = await webhooksApi.create({ url: formText(data, "url"), events });
            form.reset();
            setCreated({ secret: result.secret, url: result.endpoint.url });
            router.refresh();
          } catch (failure) {
            setError(describe(failure));
          } finally {
            setPending(false);
          }
        }}
      >
        <LabelledControl label={t("url")}>
          <input
            name="url"
            type="url"
            required
            maxLength={WEBHOOK_URL_MAX}
            className={inputClass}
            placeholder="https://"
            data-testid="webhook-url"
          />
        </LabelledControl>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-700">{t("events")}</legend>
          <div className="grid gap-1 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((name) => (
              <label key={name} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="events"
                  value={name}
                  defaultChecked={name === "message.received"}
                  data-testid={`webhook-event-${name}`}
                />
                <code className="text-xs">{name}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={pending} data-testid="webhook-create">
            {t("create")}
          </Button>
          {error ? <Notice tone="error">{error}</Notice> : null}
        </div>
      </form>

      {endpoints.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="webhooks-empty">
          {t("empty")}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="webhooks">
          {endpoints.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} onRemove={() => setRemoving(endpoint)} />
          ))}
        </ul>
      )}

      <Dialog
        open={created !== null}
        onClose={() => setCreated(null)}
        title={t("createdTitle")}
        testId="webhook-created"
        footer={
          <Button variant="secondary" data-autofocus onClick={() => setCreated(null)} data-testid="webhook-done">
            {t("done")}
          </Button>
        }
      >
        <p>{t("createdBody", { url: created?.url ?? "" })}</p>
        <input
          readOnly
          value={created?.secret ?? ""}
          aria-label={t("secret")}
          className={`${inputClass} mt-3 font-mono text-xs`}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="webhook-secret"
        />
      </Dialog>

      <ConfirmDialog
        open={removing !== null}
        title={t("removeTitle")}
        confirmLabel={t("remove")}
        cancelLabel={t("cancel")}
        testId="webhook-remove-dialog"
        onCancel={() => {
          setRemoving(null);
          setRemoveError(null);
        }}
        onConfirm={async () => {
          if (!removing) return;
          try {
            await webhooksApi.remove(removing.id);
            setRemoving(null);
            setRemoveError(null);
            router.refresh();
          } catch (failure) {
            setRemoveError(describe(failure));
          }
        }}
      >
        <p>{t("removeBody", { url: removing?.url ?? "" })}</p>
        {removeError ? <Notice tone="error">{removeError}</Notice> : null}
      </ConfirmDialog>
    </div>
  );
}

function EndpointRow({ endpoint, onRemove }: { endpoint: WebhookEndpointDto; onRemove: () => void }) {
  const t = useTranslations("profile.webhooks");
  const router = useRouter();
  const describe = useApiErrorMessage();
  const [toggling, setToggling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  return (
    <li className="flex flex-col gap-2 py-3" data-testid="webhook">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-medium break-all text-slate-900" data-testid="webhook-url-shown">
            {endpoint.url}
          </p>
          <p className="text-xs text-slate-500">
            {endpoint.events.join(", ")} · <code>{endpoint.secretPrefix}…</code>
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            size="sm"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
            data-testid="webhook-deliveries-toggle"
          >
            {open ? t("hideDeliveries") : t("showDeliveries")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            pending={toggling}
            data-testid="webhook-toggle"
            onClick={async () => {
              setToggling(true);
              setError(null);
              try {
                await webhooksApi.update(endpoint.id, { enabled: !endpoint.enabled });
                router.refresh();
              } catch (failure) {
                setError(describe(failure));
              } finally {
                setToggling(false);
              }
            }}
          >
            {endpoint.enabled ? t("disable") : t("enable")}
          </Button>
          <Button variant="danger-outline" size="sm" onClick={onRemove} data-testid="webhook-remove">
            {t("remove")}
          </Button>
        </div>
      </div>
      {!endpoint.enabled ? (
        <Notice tone="warning" data-testid="webhook-disabled">
          {endpoint.disabledReason === "failing"
            ? t("disabledFailing", { failures: endpoint.consecutiveFailures })
            : t("disabledByOwner")}
        </Notice>
      ) : endpoint.consecutiveFailures > 0 ? (
        <Notice tone="warning">{t("failing", { failures: endpoint.consecutiveFailures })}</Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {open ? <Deliveries endpointId={endpoint.id} /> : null}
    </li>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const t = useTranslations("profile.webhooks");
  const format = useFormatter();
  const describe = useApiErrorMessage();
  const [actionError, setActionError] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["webhook-deliveries", endpointId],
    queryFn: () => webhooksApi.deliveries(endpointId),
    // Refreshed on demand: a list that refreshes itself would move under the pointer.
    staleTime: Infinity,
    retry: false,
  });
  const deliveries = query.data?.deliveries ?? null;
  const error = actionError ?? (query.error ? describe(query.error) : null);
  const load = async () => {
    setActionError(null);
    await query.refetch();
  };

  return (
    <div className="rounded-lg bg-slate-50 p-3" data-testid="webhook-deliveries">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">{t("deliveries")}</h3>
        <Button
          variant="ghost"
          size="sm"
          pending={query.isFetching}
          onClick={() => void load()}
          data-testid="webhook-deliveries-refresh"
        >
          {t("refresh")}
        </Button>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {deliveries === null ? (
        error ? null : (
          <Spinner />
        )
      ) : deliveries.length === 0 ? (
        <p className="text-xs text-slate-500" data-testid="webhook-deliveries-empty">
          {t("noDeliveries")}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 text-xs">
          {deliveries.map((delivery) => {
            const last = delivery.attemptLog[0];
            return (
              <li
                key={delivery.id}
                className="flex flex-wrap items-center justify-between gap-2 py-2"
                data-testid="webhook-delivery"
              >
                <div className="min-w-0">
                  <p>
                    <code>{delivery.eventType}</code>{" "}
                    <span data-testid="webhook-delivery-status" data-status={delivery.status}>
                      {t(`status.${delivery.status}`)}
                    </span>{" "}
                    · {t("attempts", { count: delivery.attempts })}
                  </p>
                  {last ? (
                    <p className="text-slate-500" suppressHydrationWarning>
                      {format.dateTime(new Date(last.at), { dateStyle: "short", timeStyle: "medium" })} ·{" "}
                      {last.statusCode ?? t("noAnswer")} · {t("latency", { ms: last.latencyMs })}
                      {last.excerpt ? <span className="block truncate font-mono">{last.excerpt}</span> : null}
                    </p>
                  ) : null}
                </div>
                <Button
                  variant="secondary"
                  size="sm"
                  data-testid="webhook-redeliver"
                  onClick={async () => {
                    try {
                      await webhooksApi.redeliver(endpointId, delivery.id);
                      await load();
                    } catch (failure) {
                      setActionError(describe(failure));
                    }
                  }}
                >
                  {t("redeliver")}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

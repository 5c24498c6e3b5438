import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { panelClass } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { API_V1_BASE, API_V1_VERSION, buildOpenApiDocument } from "@/lib/api/v1/openapi";
import { ERROR_STATUS } from "@/lib/http/error-codes";

// The API reference, rendered on the server from the same OpenAPI document the API serves:
// no script, no CDN, nothing the app's CSP has to allow.

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiDocs"))("title") };
}

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: unknown };
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string }>;
  "x-required-scope"?: string;
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

export default async function ApiDocsPage() {
  await requireUser("/api-docs");
  const t = await getTranslations("apiDocs");
  const document = buildOpenApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    (["get", "post", "patch", "delete"] as const)
      .map((method) => ({ path, method, operation: (item as Record<string, Operation | undefined>)[method] }))
      .filter(
        (entry): entry is { path: string; method: "get" | "post" | "patch" | "delete"; operation: Operation } =>
          !!entry.operation,
      ),
  );

  return (
    <div className="mx-auto flex w-full max-w-4xl flex-1 flex-col gap-5 px-3 py-5 sm:px-6 sm:py-8">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro", { version: API_V1_VERSION })}</p>
        <p className="mt-1 text-sm text-slate-600">{t("pagination")}</p>
        <p className="mt-2 text-sm">
          <a href={`${API_V1_BASE}/openapi.json`} className="text-brand-700 underline" data-testid="openapi-link">
            {t("openapi")}
          </a>
        </p>
      </div>
      <nav aria-label={t("title")} className={panelClass}>
        <ul className="grid gap-1 text-sm">
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operation.operationId}`} className="text-brand-700 hover:underline">
                <code className="mr-2 text-xs font-semibold uppercase">{method}</code>
                <code className="text-xs">{path}</code> — {operation.summary}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, operation }) => (
        <section
          key={operation.operationId}
          id={operation.operationId}
          className={panelClass}
          aria-labelledby={`${operation.operationId}-title`}
          data-testid="api-operation"
        >
          <h2 id={`${operation.operationId}-title`} className="text-base font-semibold">
            <code className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase">{method}</code>
            <code className="text-sm">
              {API_V1_BASE}
              {path}
            </code>
          </h2>
          <p className="mt-1 text-sm text-slate-700">{operation.summary}</p>
          {operation.description ? <p className="mt-1 text-sm text-slate-600">{operation.description}</p> : null}
          <p className="mt-1 text-xs text-slate-500">
            {operation["x-required-scope"] ? t("scope", { scope: operation["x-required-scope"] }) : t("anyScope")}
          </p>
          {operation.parameters?.length ? (
            <>
              <h3 className="mt-4 text-sm font-semibold">{t("parameters")}</h3>
              <ul className="mt-1 grid gap-1 text-sm">
                {operation.parameters.map((parameter) => (
                  <li key={`${parameter.in}:${parameter.name}`}>
                    <code className="text-xs font-semibold">{parameter.name}</code>{" "}
                    <span className="text-xs text-slate-500">
                      ({parameter.in}
                      {parameter.required ? `, ${t("required")}` : ""})
                    </span>{" "}
                    <code className="text-xs text-slate-600">{JSON.stringify(parameter.schema)}</code>
                    {parameter.description ? (
                      <span className="block text-xs text-slate-600">{parameter.description}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {operation.requestBody ? (
            <>
              <h3 className="mt-4 text-sm font-semibold">{t("body")}</h3>
              <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs">
                {json(operation.requestBody.content["application/json"]?.schema)}
              </pre>
            </>
          ) : null}
          <h3 className="mt-4 text-sm font-semibold">{t("responses")}</h3>
          <ul className="mt-1 grid gap-1 text-sm">
            {Object.entries(operation.responses).map(([status, response]) => (
              <li key={status}>
                <code className="text-xs font-semibold">{status}</code> {response.description}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section className={panelClass} aria-labelledby="schemas-title">
        <h2 id="schemas-title" className="text-base font-semibold">
          {t("schemas")}
        </h2>
        {Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => (
          <details key={name} className="mt-2">
            <summary className="cursor-pointer text-sm font-medium">{name}</summary>
            <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs">{json(schema)}</pre>
          </details>
        ))}
      </section>
      <section className={panelClass} aria-labelledby="errors-title">
        <h2 id="errors-title" className="text-base font-semibold">
          {t("errorsTitle")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {t("errorsBody", { shape: '{"error":{"code":"…","message":"…","details":…}}' })}
        </p>
        <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
          {Object.entries(ERROR_STATUS).map(([code, status]) => (
            <li key={code}>
              <code className="text-xs">{status}</code> <code className="text-xs font-semibold">{code}</code>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

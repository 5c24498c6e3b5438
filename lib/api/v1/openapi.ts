// Renders the OpenAPI 3.1 document of API v1 from the route table (./routes.ts) with
// zod-openapi, which reads the same zod schemas the handlers validate with.
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from "zod-openapi";
import { ERROR_STATUS, type ErrorCode } from "@/lib/http/error-codes";
import { API_SCOPES } from "@/lib/api/scopes";
import { COMMON_ERRORS, v1Routes, type ApiRoute } from "./routes";
import { errorResponse } from "./schemas";

export const API_V1_BASE = "/api/v1";
export const API_V1_VERSION = "1.0.0";

const integer = { type: "integer" } as const;

function operation(route: ApiRoute): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [String(route.status)]: {
      description: route.summary,
      headers: {
        "RateLimit-Limit": { description: "Requests allowed per window", schema: integer },
        "RateLimit-Remaining": { description: "Requests left in this window", schema: integer },
        "RateLimit-Reset": { description: "Seconds until the window resets", schema: integer },
      },
      content: { [route.responseContentType ?? "application/json"]: { schema: route.response } },
    },
  };
  if (route.responseContentType) {
    // Raw bodies are served with Range support (lib/http/media-response.ts).
    responses["206"] = {
      description: "The requested byte range (`Content-Range` says which)",
      content: { [route.responseContentType]: { schema: route.response } },
    };
    responses["304"] = { description: "Not modified (`If-None-Match` matched the ETag)" };
    responses["416"] = { description: "The range cannot be satisfied (`Content-Range: bytes */size`)" };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...route.errors, ...COMMON_ERRORS]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Error: ${codes.map((code) => `\`${code}\``).join(", ")}`,
      ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds to wait", schema: integer } } } : {}),
      content: { "application/json": { schema: errorResponse } },
    };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: [{ bearer: route.scope ? [route.scope] : [] }],
    ...(route.scope ? { "x-required-scope": route.scope } : {}),
    requestParams: {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query as never } : {}),
      ...(route.headers ? { header: route.headers } : {}),
    },
    ...(route.body ? { requestBody: { required: true, content: { "application/json": { schema: route.body } } } } : {}),
    ...(route.requestContentType && route.requestBody
      ? { requestBody: { required: true, content: { [route.requestContentType]: { schema: route.requestBody } } } }
      : {}),
    responses: responses,
  };
}

export function buildOpenApiDocument(): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of Object.values(v1Routes) as ApiRoute[]) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as "get" | "post" | "patch" | "delete"] = operation(route);
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "tgdesk API",
      version: API_V1_VERSION,
      description:
        "Read and send the Telegram messages of the accounts you linked to tgdesk. Authenticate with a personal API token from your profile page: `Authorization: Bearer tgd_…`. A token acts as its owner and only within its scopes.",
    },
    servers: [{ url: API_V1_BASE }],
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: `A personal API token. Scopes: ${API_SCOPES.join(", ")}.`,
        },
      },
    },
    paths,
  });
}

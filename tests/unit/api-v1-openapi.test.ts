// One route table drives API v1's validation and its OpenAPI document: every handler under
// app/api/v1 must serve an entry of the table at its own path and method, and the document
// must carry each entry's schemas exactly as zod-openapi renders them.
import fs from "node:fs";
import path from "node:path";
import { createSchema } from "zod-openapi";
import { describe, expect, test } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/v1/openapi";
import { v1Routes, type ApiRoute } from "@/lib/api/v1/routes";
import { REPO_ROOT } from "../support/app";

const V1 = path.join(REPO_ROOT, "app/api/v1");
const routes = Object.entries(v1Routes) as [string, ApiRoute][];

/** app/api/v1/accounts/[accountId]/chats/route.ts → /accounts/{accountId}/chats */
function handlersInTheApp(): { file: string; path: string; method: string; route: string }[] {
  return fs
    .readdirSync(V1, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts" && !file.startsWith("openapi.json"))
    .flatMap((file) => {
      const source = fs.readFileSync(path.join(V1, file), "utf8");
      const apiPath = `/${path.dirname(file)}`.replace(/\[(\w+)\]/g, "{$1}");
      const exports = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = (\w+)\((?:v1Routes\.(\w+))?/g)];
      expect(exports.length, `${file} exports a handler`).toBeGreaterThan(0);
      return exports.map(([, method, wrapper, route]) => {
        expect(wrapper, `${file} ${method} is wrapped in withToken`).toBe("withToken");
        return { file, path: apiPath, method: method!, route: route ?? "" };
      });
    });
}

describe("API v1 route table and OpenAPI document", () => {
  const document = buildOpenApiDocument() as unknown as {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, unknown> };
  };

  test("every handler serves a table entry at its own path and method, and each entry has a handler", () => {
    const handlers = handlersInTheApp();
    expect(handlers.length).toBe(routes.length);
    for (const handler of handlers) {
      const route = v1Routes[handler.route as keyof typeof v1Routes] as ApiRoute | undefined;
      expect(route, `${handler.file} ${handler.method}`).toBeDefined();
      expect({ path: route!.path, method: route!.method }).toEqual({ path: handler.path, method: handler.method });
    }
    expect(new Set(handlers.map((handler) => handler.route))).toEqual(new Set(Object.keys(v1Routes)));
  });

  test("the document is OpenAPI 3.1 and lists every route of the table, and nothing else", () => {
    expect(document.openapi).toBe("3.1.0");
    const listed = Object.entries(document.paths).flatMap(([apiPath, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${apiPath}`),
    );
    expect(listed.sort()).toEqual(routes.map(([, route]) => `${route.method} ${route.path}`).sort());
  });

  test.each(routes)("%s: parameters, body, response and scope agree with the handler's schemas", (name, route) => {
    const operation = document.paths[route.path]![route.method.toLowerCase()]! as {
      operationId: string;
      parameters?: { name: string; in: string; required?: boolean; schema: unknown }[];
      requestBody?: { content: { "application/json": { schema: unknown } } };
      responses: Record<string, { content?: { "application/json": { schema: unknown } } }>;
      security: Record<string, string[]>[];
    };
    expect(operation.operationId).toBe(route.operationId);
    expect(operation.security).toEqual([{ bearer: route.scope ? [route.scope] : [] }]);

    const rendered = (schema: Parameters<typeof createSchema>[0], io: "input" | "output") =>
      createSchema(schema, { io, schemaComponents: {} as never }).schema;
    const expectParams = (location: "path" | "query" | "header", schema: ApiRoute["params"] | undefined) => {
      const inDocument = (operation.parameters ?? []).filter((parameter) => parameter.in === location);
      if (!schema) return expect(inDocument).toEqual([]);
      const json = rendered(schema, "input") as { properties: Record<string, unknown>; required?: string[] };
      expect(inDocument.map((parameter) => parameter.name).sort()).toEqual(Object.keys(json.properties).sort());
      for (const parameter of inDocument) {
        const { description: _d, ...expected } = json.properties[parameter.name] as Record<string, unknown>;
        expect(parameter.schema, `${name} ${location} ${parameter.name}`).toMatchObject(expected);
        expect(parameter.required ?? false).toBe(location === "path" || (json.required ?? []).includes(parameter.name));
      }
    };
    expectParams("path", route.params);
    expectParams("query", route.query as ApiRoute["params"]);
    expectParams("header", route.headers);

    if (route.body) {
      expect(operation.requestBody!.content["application/json"].schema).toEqual(rendered(route.body, "input"));
    } else {
      expect(operation.requestBody).toBeUndefined();
    }
    const success = operation.responses[String(route.status)]!.content!["application/json"].schema as {
      $ref?: string;
    };
    const responseJson = rendered(route.response, "output") as { $ref?: string };
    expect(success).toEqual(responseJson);
    for (const code of route.errors) {
      expect(Object.keys(operation.responses), `${name} documents ${code}`).toContain(
        String({ 400: 400, 401: 401, 403: 403, 404: 404, 409: 409, 413: 413, 422: 422, 429: 429, 500: 500, 502: 502, 503: 503 }[
          0
        ] ?? ""),
      );
    }
  });
});

// One route table drives API v1's validation and its OpenAPI document: every handler under
// app/api/v1 must serve an entry of the table at its own path and method, and the document
// must carry each entry's schemas exactly as zod-openapi renders them.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { describe, expect, test } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/v1/openapi";
import { COMMON_ERRORS, v1Routes, type ApiRoute } from "@/lib/api/v1/routes";
import { ERROR_STATUS } from "@/lib/http/error-codes";
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

  /** A schema of the document with its component $refs resolved (one level at a time). */
  const resolve = (schema: unknown): Record<string, unknown> => {
    const ref = (schema as { $ref?: string }).$ref;
    return ref ? resolve(document.components.schemas[ref.replace("#/components/schemas/", "")]) : (schema as never);
  };
  /** Field names and required ones of a zod object, as the handler parses it. */
  const shapeOf = (schema: unknown, io: "input" | "output") => {
    type Json = {
      properties?: Record<string, unknown>;
      required?: string[];
      $ref?: string;
      $defs?: Record<string, Json>;
    };
    const root = z.toJSONSchema(schema as z.ZodType, { io, unrepresentable: "any" }) as Json;
    // A schema with a component id renders as a $ref into its own $defs.
    const json = root.$ref ? (root.$defs?.[root.$ref.split("/").pop()!] ?? root) : root;
    return { fields: Object.keys(json.properties ?? {}).sort(), required: [...(json.required ?? [])].sort() };
  };
  const shapeInDocument = (schema: unknown) => {
    const json = resolve(schema) as { properties?: Record<string, unknown>; required?: string[] };
    return { fields: Object.keys(json.properties ?? {}).sort(), required: [...(json.required ?? [])].sort() };
  };

  test.each(routes)(
    "%s: parameters, body, response, scope and errors agree with the handler's schemas",
    (name, route) => {
      const operation = document.paths[route.path]![route.method.toLowerCase()]! as {
        operationId: string;
        parameters?: { name: string; in: string; required?: boolean }[];
        requestBody?: { content: Record<string, { schema: unknown }> };
        responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
        security: Record<string, string[]>[];
      };
      expect(operation.operationId).toBe(route.operationId);
      expect(operation.security).toEqual([{ bearer: route.scope ? [route.scope] : [] }]);

      for (const [location, schema] of [
        ["path", route.params],
        ["query", route.query],
        ["header", route.headers],
      ] as const) {
        const inDocument = (operation.parameters ?? []).filter((parameter) => parameter.in === location);
        const expected = schema ? shapeOf(schema, "input") : { fields: [], required: [] };
        expect(inDocument.map((parameter) => parameter.name).sort(), `${name} ${location}`).toEqual(expected.fields);
        expect(
          inDocument
            .filter((parameter) => parameter.required)
            .map((parameter) => parameter.name)
            .sort(),
          `${name} required ${location}`,
        ).toEqual(location === "path" ? expected.fields : expected.required);
      }

      if (route.body) {
        expect(Object.keys(operation.requestBody!.content)).toEqual(["application/json"]);
        expect(shapeInDocument(operation.requestBody!.content["application/json"]!.schema)).toEqual(
          shapeOf(route.body, "input"),
        );
      } else if (route.requestContentType) {
        // A raw body (a file): documented as that media type's bytes, and the handler reads it itself.
        expect(Object.keys(operation.requestBody!.content)).toEqual([route.requestContentType]);
        expect(operation.requestBody!.content[route.requestContentType]!.schema).toMatchObject({
          type: "string",
          format: "binary",
        });
      } else {
        expect(operation.requestBody).toBeUndefined();
      }
      const successContent = operation.responses[String(route.status)]!.content!;
      if (route.responseContentType) {
        expect(Object.keys(successContent)).toEqual([route.responseContentType]);
        expect(successContent[route.responseContentType]!.schema).toMatchObject({ type: "string", format: "binary" });
        // Served with Range support: the partial answer and the unsatisfiable range are documented.
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["206", "304", "416"]));
      } else {
        expect(Object.keys(successContent)).toEqual(["application/json"]);
        expect(shapeInDocument(successContent["application/json"]!.schema)).toEqual(shapeOf(route.response, "output"));
      }
      for (const code of [...route.errors, ...COMMON_ERRORS]) {
        expect(Object.keys(operation.responses), `${name} documents ${code}`).toContain(String(ERROR_STATUS[code]));
      }
    },
  );
});

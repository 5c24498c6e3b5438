// GET /api/v1/openapi.json: the OpenAPI 3.1 document, rendered from the route table. Public
// (it describes the API, it holds no data), like most APIs publish theirs.
import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/v1/openapi";

export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(buildOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}

// GET /api/admin/health: mode, connected accounts, pending login attempts, memory, uptime, database size, version.
import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { readHealth } from "@/lib/admin/health";
import { connectedAccountCount } from "@/lib/admin/telegram-bridge";
import packageJson from "@/package.json" with { type: "json" };

export const dynamic = "force-dynamic";

export const GET = withAdmin(async () => {
  const health = await readHealth(db, { connectedAccounts: connectedAccountCount(), version: packageJson.version });
  return NextResponse.json(health, { headers: { "cache-control": "no-store" } });
});

import "server-only";

import pino from "pino";

import { env } from "@/lib/env";

/**
 * The one logger. Redaction is a safety net, not the plan: code never passes session
 * strings, login tokens or passwords to it in the first place.
 */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level: env.LOG_LEVEL,
      base: { app: "tgdesk" },
      redact: {
        paths: ["password", "session", "token", "url", "*.password", "*.session", "*.token", "*.url"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export const logger = createLogger();

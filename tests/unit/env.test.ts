import path from "node:path";
import { describe, expect, test } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const cwd = "/srv/tgdesk";
const KEY = Buffer.alloc(32, 9).toString("base64");
const SECRET = "x".repeat(40);

function problems(source: Record<string, string>): string[] {
  try {
    parseEnv(source, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  throw new Error("expected parseEnv to throw");
}

describe("defaults", () => {
  test("fill every variable of the team contract", () => {
    const env = parseEnv({ NODE_ENV: "test" }, cwd);
    expect(env).toMatchObject({
      NODE_ENV: "test",
      DATA_DIR: "/srv/tgdesk/data",
      DATABASE_URL: "file:/srv/tgdesk/data/tgdesk.db",
      NEXTAUTH_URL: "http://localhost:3000",
      TELEGRAM_MODE: "sandbox",
      SANDBOX_DIR: "/srv/tgdesk/data/sandbox",
      SANDBOX_HOST: "127.0.0.1",
      SANDBOX_PORT: 12001,
      SANDBOX_CONTROL_PORT: 12000,
      LOG_LEVEL: "info",
    });
    expect(env.TELEGRAM_API_ID).toBeUndefined();
    // Tests get fixed stand-ins so nothing needs setting up; they are valid shapes.
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(env.TELEGRAM_SESSION_KEY, "base64")).toHaveLength(32);
  });

  test("NODE_ENV defaults to development, where secrets are required", () => {
    const found = problems({});
    expect(found.some((p) => p.startsWith("AUTH_SECRET") && p.includes("npm run dev"))).toBe(true);
    expect(found.some((p) => p.startsWith("TELEGRAM_SESSION_KEY"))).toBe(true);
  });

  test("DATA_DIR moves the database and the sandbox state with it", () => {
    const env = parseEnv({ NODE_ENV: "test", DATA_DIR: "var/state" }, cwd);
    expect(env.DATA_DIR).toBe(path.join(cwd, "var/state"));
    expect(env.DATABASE_URL).toBe(`file:${path.join(cwd, "var/state/tgdesk.db")}`);
    expect(env.SANDBOX_DIR).toBe(path.join(cwd, "var/state/sandbox"));
  });

  test("a relative DATABASE_URL is made absolute against the project root", () => {
    const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: "file:./db/dev.db" }, cwd);
    expect(env.DATABASE_URL).toBe("file:/srv/tgdesk/db/dev.db");
  });

  test("TELEGRAM_API_ID switches the mode to production", () => {
    const env = parseEnv(
      { NODE_ENV: "test", TELEGRAM_API_ID: "12345", TELEGRAM_API_HASH: "0123456789abcdef0123456789abcdef" },
      cwd,
    );
    expect(env.TELEGRAM_MODE).toBe("production");
    expect(env.TELEGRAM_API_ID).toBe(12345);
  });

  test("an explicit TELEGRAM_MODE wins", () => {
    const env = parseEnv(
      {
        NODE_ENV: "test",
        TELEGRAM_MODE: "sandbox",
        TELEGRAM_API_ID: "12345",
        TELEGRAM_API_HASH: "0123456789abcdef0123456789abcdef",
      },
      cwd,
    );
    expect(env.TELEGRAM_MODE).toBe("sandbox");
  });
});

describe("production", () => {
  test("refuses to start without AUTH_SECRET, naming it", () => {
    const found = problems({ NODE_ENV: "production", TELEGRAM_SESSION_KEY: KEY });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^AUTH_SECRET is required in production/);
  });

  test("refuses to start without TELEGRAM_SESSION_KEY, naming it", () => {
    const found = problems({ NODE_ENV: "production", AUTH_SECRET: SECRET });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^TELEGRAM_SESSION_KEY is required in production/);
  });

  test("the error message lists the variables", () => {
    expect(() => parseEnv({ NODE_ENV: "production" }, cwd)).toThrow(/AUTH_SECRET[\s\S]*TELEGRAM_SESSION_KEY/);
  });

  test("names a missing secret even when other values are also wrong", () => {
    const found = problems({ NODE_ENV: "production", TELEGRAM_SESSION_KEY: KEY, LOG_LEVEL: "loud" });
    expect(found.map((p) => p.split(" ")[0]).sort()).toEqual(["AUTH_SECRET", "LOG_LEVEL"]);
  });

  test("accepts NEXTAUTH_SECRET in place of AUTH_SECRET", () => {
    const env = parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, TELEGRAM_SESSION_KEY: KEY }, cwd);
    expect(env.AUTH_SECRET).toBe(SECRET);
  });

  test("production Telegram mode needs the API id and hash", () => {
    const found = problems({
      NODE_ENV: "production",
      AUTH_SECRET: SECRET,
      TELEGRAM_SESSION_KEY: KEY,
      TELEGRAM_MODE: "production",
    });
    expect(found.map((p) => p.split(" ")[0])).toEqual(["TELEGRAM_API_ID", "TELEGRAM_API_HASH"]);
  });
});

describe("bad values are named", () => {
  const base = { NODE_ENV: "test" };
  test.each([
    ["SANDBOX_PORT", "abc", "must be a number"],
    ["SANDBOX_PORT", "40000", "int16"],
    ["SANDBOX_CONTROL_PORT", "70000", "between 1 and 65535"],
    ["LOG_LEVEL", "loud", ""],
    ["TELEGRAM_SESSION_KEY", Buffer.alloc(16).toString("base64"), "32 bytes"],
    ["TELEGRAM_SESSION_KEY", "not base64!", "32 bytes"],
    ["AUTH_SECRET", "short", "at least 32"],
    ["NEXTAUTH_URL", "localhost:3000", "http(s) URL"],
    ["DATABASE_URL", "postgres://localhost/db", "SQLite"],
    ["TELEGRAM_MODE", "staging", "sandbox"],
    ["NODE_ENV", "staging", ""],
  ])("%s=%s", (name, value, hint) => {
    const found = problems({ ...base, [name]: value });
    const problem = found.find((p) => p.startsWith(`${name} `));
    expect(problem, found.join("\n")).toBeDefined();
    expect(problem).toContain(hint);
  });

  test("an OAuth id without its secret", () => {
    expect(problems({ ...base, GITHUB_ID: "abc" })).toEqual(["GITHUB_SECRET is required together with GITHUB_ID"]);
  });

  test("blank values count as unset", () => {
    const env = parseEnv({ ...base, SANDBOX_PORT: "", LOG_LEVEL: "  ", TELEGRAM_API_ID: "" }, cwd);
    expect(env.SANDBOX_PORT).toBe(12001);
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.TELEGRAM_MODE).toBe("sandbox");
  });
});

describe("TELEGRAM_SESSION_KEY_PREVIOUS (key rotation)", () => {
  const OLD = Buffer.alloc(32, 3).toString("base64");
  const OLDER = Buffer.alloc(32, 4).toString("base64");

  test("is a comma-separated list of keys, empty when unset", () => {
    expect(parseEnv({ NODE_ENV: "test" }, cwd).TELEGRAM_SESSION_KEY_PREVIOUS).toEqual([]);
    expect(
      parseEnv({ NODE_ENV: "test", TELEGRAM_SESSION_KEY_PREVIOUS: ` ${OLD} , ${OLDER},` }, cwd)
        .TELEGRAM_SESSION_KEY_PREVIOUS,
    ).toEqual([OLD, OLDER]);
  });

  test("refuses a key that is not 32 bytes of base64, naming the variable", () => {
    const found = problems({ NODE_ENV: "test", TELEGRAM_SESSION_KEY_PREVIOUS: `${OLD},short` });
    expect(found.some((p) => p.startsWith("TELEGRAM_SESSION_KEY_PREVIOUS"))).toBe(true);
  });
});

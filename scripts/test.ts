// `npm test`: every check and test in the repository, in order: the type check, lint, the
// format check, unit, integration, then e2e in real Chromium (found, or installed with apt
// when root on Debian, right before e2e). Ends with one line "N passed, N failed" (summed
// over the projects) and exits non-zero when anything failed, including a project that crashed before reporting.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildAppInBackground, generatedTsconfig } from "../tests/support/app-server";
import { CHROMIUM_HELP, findChromium } from "../tests/support/chromium";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROJECTS = ["unit", "integration", "e2e"] as const;

type VitestJson = {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { status: string; name: string; message?: string; assertionResults: unknown[] }[];
};

export type ProjectTally = { passed: number; failed: number; skipped: number; notes: string[] };

/**
 * Counts from vitest's JSON report. A file that failed without running any test (an
 * import error, a failing beforeAll, a crashed globalSetup) counts as one failure, and
 * so does a non-zero exit with nothing failed in the report.
 */
export function tally(report: VitestJson | undefined, exitCode: number | null): ProjectTally {
  if (!report) {
    return { passed: 0, failed: 1, skipped: 0, notes: [`vitest exited with ${exitCode} and wrote no report`] };
  }
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === "failed" && !file.assertionResults.some((a) => (a as { status?: string }).status === "failed"),
  );
  const failed = report.numFailedTests + brokenFiles.length;
  const notes = brokenFiles.map((file) => `${path.relative(root, file.name)} failed outside its tests`);
  if (exitCode !== 0 && failed === 0) notes.push(`vitest exited with ${exitCode}`);
  return {
    passed: report.numPassedTests,
    failed: exitCode !== 0 && failed === 0 ? 1 : failed,
    skipped: report.numPendingTests + report.numTodoTests,
    notes,
  };
}

function ensureChromium(): string {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable. ${CHROMIUM_HELP}`);
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && fs.existsSync("/etc/debian_version")) {
    console.log("[test] Chromium is missing; installing Debian's chromium package …");
    for (const args of [["update"], ["install", "-y", "chromium"]]) {
      const result = spawnSync("apt-get", args, {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
      if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed. ${CHROMIUM_HELP}`);
    }
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(CHROMIUM_HELP);
}

function runProject(project: (typeof PROJECTS)[number]): ProjectTally {
  const outDir = path.join(root, ".tmp");
  fs.mkdirSync(outDir, { recursive: true });
  const outputFile = path.join(outDir, `vitest-${project}-${process.pid}.json`);
  fs.rmSync(outputFile, { force: true });
  console.log(`\n[test] ── ${project} ──`);
  const result = spawnSync(
    path.join(root, "node_modules", ".bin", "vitest"),
    ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile=${outputFile}`],
    { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
  );
  let report: VitestJson | undefined;
  try {
    report = JSON.parse(fs.readFileSync(outputFile, "utf8")) as VitestJson;
  } catch {
    report = undefined;
  }
  fs.rmSync(outputFile, { force: true });
  return tally(report, result.status);
}

/**
 * The checks that run before the tests, each one "test" that passes or fails with the
 * tool's output. The e2e build skips Next's type check to save a minute, so the types are
 * checked here, once. Lint fails on any warning; the format check on any unformatted file.
 */
const CHECKS = [
  { name: "typecheck", bin: "tsc", args: ["--noEmit", "-p", "."], failure: "tsc --noEmit found type errors" },
  { name: "lint", bin: "eslint", args: [".", "--max-warnings", "0"], failure: "eslint found problems" },
  { name: "format", bin: "prettier", args: ["--check", "."], failure: "prettier --check found unformatted files" },
] as const;

function runCheck(check: (typeof CHECKS)[number]): ProjectTally {
  console.log(`\n[test] ── ${check.name} ──`);
  const result = spawnSync(path.join(root, "node_modules", ".bin", check.bin), check.args, {
    cwd: root,
    stdio: "inherit",
  });
  return result.status === 0
    ? { passed: 1, failed: 0, skipped: 0, notes: [] }
    : { passed: 0, failed: 1, skipped: 0, notes: [check.failure] };
}

async function main() {
  let passed = 0;
  let failed = 0;
  let chromium: string | undefined;
  const lines: string[] = [];
  let e2eBuild: Promise<void> | undefined;
  const e2eDist = path.join(".next-e2e", `test-${process.pid}`);
  for (const check of CHECKS) {
    const counts = runCheck(check);
    // The e2e build runs beside lint, format and unit, which leave a core idle. Not beside
    // the type check: the build rewrites next-env.d.ts, which tsc reads.
    if (check.name === "typecheck" && !process.env.E2E_BUILD_DIR) {
      fs.mkdirSync(path.join(root, ".tmp"), { recursive: true });
      e2eBuild = buildAppInBackground(e2eDist, path.join(root, ".tmp", `e2e-build-${process.pid}.log`));
      e2eBuild.catch(() => undefined); // awaited before e2e
    }
    passed += counts.passed;
    failed += counts.failed;
    lines.push(
      `  ${check.name.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed` +
        (counts.notes.length ? `  (${counts.notes.join("; ")})` : ""),
    );
  }
  for (const project of PROJECTS) {
    let counts: ProjectTally;
    if (project === "e2e") {
      try {
        chromium = ensureChromium();
        process.env.CHROMIUM_PATH = chromium;
      } catch (error) {
        // Not a skip: the missing browser counts as a failure, with the way to fix it.
        console.error(`\n[test] ${(error as Error).message}`);
      }
      const built = await e2eBuild?.then(
        () => true,
        (error: Error) => (console.error(`\n[test] ${error.message}`), false),
      );
      if (built) process.env.E2E_BUILD_DIR = e2eDist;
      if (!chromium) {
        counts = { passed: 0, failed: 1, skipped: 0, notes: ["Chromium not found; e2e tests not run"] };
      } else if (built === false) {
        counts = { passed: 0, failed: 1, skipped: 0, notes: ["next build failed; e2e tests not run"] };
      } else {
        counts = runProject(project);
      }
    } else {
      counts = runProject(project);
    }
    passed += counts.passed;
    failed += counts.failed;
    lines.push(
      `  ${project.padEnd(12)} ${counts.passed} passed, ${counts.failed} failed` +
        (counts.skipped ? `, ${counts.skipped} skipped` : "") +
        (counts.notes.length ? `  (${counts.notes.join("; ")})` : ""),
    );
  }
  if (e2eBuild) {
    fs.rmSync(path.join(root, e2eDist), { recursive: true, force: true });
    fs.rmSync(generatedTsconfig(e2eDist), { force: true });
  }
  console.log(`\n[test] summary (Chromium: ${chromium ?? "missing"})\n${lines.join("\n")}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();

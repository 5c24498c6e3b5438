// Vitest globalSetup of the e2e project: one `next build` per test run, plus a migrated
// template database that every app started by startApp() copies (faster than migrating
// each time). Each run builds into its own folder so engineers running e2e tests at the
// same time in one checkout never overwrite each other's build; it is removed afterwards.
// Set E2E_BUILD_DIR to an existing build folder (relative to the repo) to skip the build.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildApp, generatedTsconfig, migrateDatabase, REPO_ROOT } from "./app-server";

declare module "vitest" {
  export interface ProvidedContext {
    e2eDistDir: string;
    e2eTemplateDb: string;
  }
}

/** Removes build folders left by runs that died before their teardown (their pid is gone). */
function removeAbandonedBuilds() {
  const parent = path.join(REPO_ROOT, ".next-e2e");
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    const match = /^(?:tsconfig\.)?\d+-(\d+)(?:\.json)?$/.exec(name);
    if (!match) continue; // E2E_BUILD_DIR folders and anything else are left alone
    try {
      process.kill(Number(match[1]), 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") {
        fs.rmSync(path.join(parent, name), { recursive: true, force: true });
        fs.rmSync(generatedTsconfig(path.join(".next-e2e", name)), { force: true });
      }
    }
  }
}

export default function setup(project: TestProject) {
  removeAbandonedBuilds();
  const reuse = process.env.E2E_BUILD_DIR?.trim();
  const distDir = reuse || path.join(".next-e2e", `${Date.now()}-${process.pid}`);
  const absoluteDist = path.join(REPO_ROOT, distDir);
  fs.mkdirSync(path.join(REPO_ROOT, ".next-e2e"), { recursive: true });
  if (reuse && fs.existsSync(path.join(absoluteDist, "BUILD_ID"))) {
    console.log(`[e2e] reusing the build in ${distDir}`);
  } else {
    const started = Date.now();
    console.log(`[e2e] next build → ${distDir} …`);
    // Also checks that tsconfig.json came out unchanged and puts next-env.d.ts back.
    buildApp(distDir);
    console.log(`[e2e] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), "tgdesk-e2e-template-"));
  const templateDb = path.join(templateDir, "template.db");
  migrateDatabase(templateDb);

  project.provide("e2eDistDir", distDir);
  project.provide("e2eTemplateDb", templateDb);

  return () => {
    fs.rmSync(templateDir, { recursive: true, force: true });
    if (!reuse) {
      fs.rmSync(absoluteDist, { recursive: true, force: true });
      fs.rmSync(generatedTsconfig(distDir), { force: true });
    }
  };
}

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

const shared = {
  resolve: {
    alias: {
      "@/": root,
      "server-only": `${root}tests/support/server-only.ts`,
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "packages/*/tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "packages/*/tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // vitest's default on 2 cores is one file at a time; these files mostly wait on
          // sockets and child processes, so two at a time use the machine better.
          maxWorkers: 2,
        },
      },
      {
        ...shared,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // One `next build` per run and a migrated template database (see tests/support/e2e.ts).
          globalSetup: ["tests/support/e2e-global-setup.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 300_000,
          // A page update can take seconds on a busy machine; vitest's default of 1 s made
          // expect.poll fail there. Polls that mean "within N s" say so themselves.
          expect: { poll: { timeout: 15_000 } },
          // One file at a time. Two at once (each with its own app, sandbox and browser) took
          // longer in all on 2 cores (885 s against 832 s): the files are CPU-bound, not waiting.
          fileParallelism: false,
        },
      },
    ],
  },
});

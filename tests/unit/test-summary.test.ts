import { expect, test } from "vitest";
import { tally } from "../../scripts/test";

const file = (status: string, tests: string[]) => ({
  status,
  name: "/repo/tests/x.test.ts",
  assertionResults: tests.map((s) => ({ status: s })),
});

test("sums vitest's counts", () => {
  const report = {
    numPassedTests: 5,
    numFailedTests: 2,
    numPendingTests: 1,
    numTodoTests: 0,
    testResults: [file("failed", ["passed", "failed"])],
  };
  expect(tally(report, 1)).toMatchObject({ passed: 5, failed: 2, skipped: 1 });
});

test("a file that failed before its tests ran counts as a failure", () => {
  const report = {
    numPassedTests: 3,
    numFailedTests: 0,
    numPendingTests: 2,
    numTodoTests: 0,
    testResults: [file("failed", ["skipped", "skipped"]), file("passed", ["passed"])],
  };
  expect(tally(report, 1)).toMatchObject({ passed: 3, failed: 1 });
});

test("a crash without a report, or a failing exit with nothing failed, is a failure", () => {
  expect(tally(undefined, 1).failed).toBe(1);
  const clean = { numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [] };
  expect(tally(clean, 1).failed).toBe(1);
  expect(tally(clean, 0).failed).toBe(0);
});

/**
 * What a JUnit report of `deno test --junit-path` says about each test, read as
 * XML (not as text), and whether the tests a CI step exists for passed.
 *
 * @module
 */

import { JSDOM } from "jsdom";

/** How one test ended. */
export type Outcome = "passed" | "failed" | "skipped";

/** One `<testcase>` of the report. */
export interface TestOutcome {
  /** The test file, as `deno test` names it (`./tests/build/compile_test.ts`). */
  readonly file: string;
  /** The test's name. */
  readonly name: string;
  readonly outcome: Outcome;
}

/** A test a CI step requires: its file (relative to the repository) and name. */
export interface RequiredTest {
  readonly file: string;
  readonly name: string;
}

/**
 * Every test case of a JUnit report.
 *
 * @param xml The report.
 * @returns One outcome per `<testcase>`, in report order.
 * @throws {SyntaxError} When the report is not XML, or has no `<testsuites>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readJunit } from "./junit_report.ts";
 * const xml = `<testsuites><testsuite name="./a_test.ts">
 *   <testcase name="a &apos;b&apos;" classname="./a_test.ts"><skipped/></testcase>
 * </testsuite></testsuites>`;
 * assert.deepEqual(readJunit(xml), [{ file: "./a_test.ts", name: "a 'b'", outcome: "skipped" }]);
 * ```
 */
export function readJunit(xml: string): TestOutcome[] {
  const { DOMParser } = new JSDOM("").window;
  const document = new DOMParser().parseFromString(xml, "text/xml");
  const root = document.documentElement;
  if (root.getElementsByTagName("parsererror").length > 0 || root.tagName !== "testsuites") {
    throw new SyntaxError("Cannot read the JUnit report: it is not XML with <testsuites>");
  }
  return [...root.getElementsByTagName("testcase")].map((testcase) => {
    const has = (tag: string) => testcase.getElementsByTagName(tag).length > 0;
    return {
      file: testcase.getAttribute("classname") ?? "",
      name: testcase.getAttribute("name") ?? "",
      outcome: has("failure") || has("error") ? "failed" : has("skipped") ? "skipped" : "passed",
    };
  });
}

/**
 * What is wrong for a step that exists to run `required`: each required test
 * that is missing from the report, skipped or failed, and any other failure.
 *
 * @param outcomes The report's test cases.
 * @param required The tests that must have run and passed.
 * @returns One line per problem; empty when all is well.
 */
export function problems(
  outcomes: readonly TestOutcome[],
  required: readonly RequiredTest[],
): string[] {
  const sameFile = (a: string, b: string) => a.replace(/^\.\//, "") === b.replace(/^\.\//, "");
  const found: string[] = [];
  for (const test of required) {
    const match = outcomes.find((o) => o.name === test.name && sameFile(o.file, test.file));
    if (match === undefined) found.push(`not in the report: ${test.file}: ${test.name}`);
    else if (match.outcome !== "passed") found.push(`${match.outcome}: ${test.file}: ${test.name}`);
  }
  for (const o of outcomes) {
    const isRequired = required.some((t) => t.name === o.name && sameFile(o.file, t.file));
    if (o.outcome === "failed" && !isRequired) found.push(`failed: ${o.file}: ${o.name}`);
  }
  return found;
}

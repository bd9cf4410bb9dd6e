/**
 * The `build` workflow's check that the tests which need the compiled binary
 * ran and passed there: they are skipped where `deno compile` cannot download
 * its runtime (as on the machine this project is developed on), so a green
 * `deno test` alone would not show it.
 *
 * Usage (after `deno test --junit-path=REPORT ...` over
 * {@link COMPILED_BINARY_FILES}):
 * `deno run --allow-read --allow-env tests/ci/compiled_binary_check.ts REPORT`;
 * prints each problem and exits 1, or prints how many passed.
 *
 * A test skipped by design where the runtime *can* be had (the "runtime
 * cannot be had" case) is neither required nor a problem.
 *
 * @module
 */

import { problems, readJunit, type RequiredTest } from "./junit_report.ts";

/** The tests that run only where the binary can be compiled. */
export const COMPILED_BINARY_TESTS: readonly RequiredTest[] = [
  {
    file: "tests/build/compile_test.ts",
    name: "the compiled binary in the packed charm runs update-status with exit 0, without HOME",
  },
  {
    file: "tests/build/compile_test.ts",
    name: "the compiled binary runs the charm's hooks under the fake Juju, with Juju's environment",
  },
  {
    file: "tests/build/code_cache_test.ts",
    name: "the compiled binary neither reads nor writes a code cache in TMPDIR",
  },
];

/**
 * The permission flags of the `deno test` that runs {@link COMPILED_BINARY_FILES}:
 * the build workflow's step uses exactly these (a test checks it), and so
 * does the test that those files hold the required tests.
 */
export const COMPILED_BINARY_TEST_FLAGS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-sys=uid",
];

/** The test files to run for the check. */
export const COMPILED_BINARY_FILES: readonly string[] = [
  ...new Set(COMPILED_BINARY_TESTS.map((test) => test.file)),
];

if (import.meta.main) {
  const [report] = Deno.args;
  if (report === undefined) {
    console.error("Usage: compiled_binary_check.ts REPORT.xml");
    Deno.exit(2);
  }
  const found = problems(readJunit(await Deno.readTextFile(report)), COMPILED_BINARY_TESTS);
  for (const problem of found) console.log(`::error::${problem}`);
  if (found.length > 0) Deno.exit(1);
  console.log(`${COMPILED_BINARY_TESTS.length} compiled-binary tests ran and passed`);
}

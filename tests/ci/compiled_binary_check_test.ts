import assert from "node:assert/strict";
import {
  COMPILED_BINARY_FILES,
  COMPILED_BINARY_TEST_FLAGS,
  COMPILED_BINARY_TESTS,
} from "./compiled_binary_check.ts";
import { problems, readJunit, type TestOutcome } from "./junit_report.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHECK = new URL("./compiled_binary_check.ts", import.meta.url).pathname;

/** A JUnit report as `deno test` writes it. */
function report(cases: readonly { name: string; file: string; body?: string }[]): string {
  const escape = (text: string) => text.replaceAll("&", "&amp;").replaceAll("'", "&apos;");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="deno test">\n` +
    cases.map((c) =>
      `<testsuite name="${c.file}"><testcase name="${escape(c.name)}" classname="${c.file}">` +
      `${c.body ?? ""}</testcase></testsuite>`
    ).join("\n") + "\n</testsuites>\n";
}

const passedAll = COMPILED_BINARY_TESTS.map((t) => ({ name: t.name, file: `./${t.file}` }));

Deno.test("the build workflow's required tests exist under those names in those files", async () => {
  // Here the binary cannot be compiled, so they are skipped; where it can,
  // they pass. Either way each one is in the report: a renamed test fails here.
  const dir = await Deno.makeTempDir({ prefix: "junit-test-" });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        ...COMPILED_BINARY_TEST_FLAGS,
        `--junit-path=${dir}/report.xml`,
        ...COMPILED_BINARY_FILES,
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    const outcomes = readJunit(await Deno.readTextFile(`${dir}/report.xml`));
    for (const problem of problems(outcomes, COMPILED_BINARY_TESTS)) {
      assert.match(problem, /^skipped: /);
    }
    assert.ok(outcomes.length > COMPILED_BINARY_TESTS.length);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("problems() names each required test that is missing, skipped or failed, and any other failure", () => {
  const [first, second, third] = COMPILED_BINARY_TESTS;
  assert.ok(first && second && third);
  const outcomes: TestOutcome[] = [
    { file: `./${first.file}`, name: first.name, outcome: "skipped" },
    { file: `./${second.file}`, name: second.name, outcome: "failed" },
    { file: "./tests/build/compile_test.ts", name: "something else", outcome: "failed" },
    { file: "./tests/build/compile_test.ts", name: "skipped by design", outcome: "skipped" },
  ];
  assert.deepEqual(problems(outcomes, COMPILED_BINARY_TESTS), [
    `skipped: ${first.file}: ${first.name}`,
    `failed: ${second.file}: ${second.name}`,
    `not in the report: ${third.file}: ${third.name}`,
    "failed: ./tests/build/compile_test.ts: something else",
  ]);
});

Deno.test("readJunit() reads failures, errors and skips from deno's JUnit XML", () => {
  const xml = report([
    { name: "a", file: "./a_test.ts" },
    { name: "b's", file: "./a_test.ts", body: '<failure message="x">x</failure>' },
    { name: "c", file: "./a_test.ts", body: "<error/>" },
    { name: "d", file: "./a_test.ts", body: "<skipped/>" },
  ]);
  assert.deepEqual(readJunit(xml).map((o) => `${o.name}=${o.outcome}`), [
    "a=passed",
    "b's=failed",
    "c=failed",
    "d=skipped",
  ]);
  assert.throws(() => readJunit("ok | 3 passed"), SyntaxError);
});

Deno.test("compiled_binary_check.ts exits 0 only when every required test passed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "junit-test-" });
  const check = async (xml: string) => {
    await Deno.writeTextFile(`${dir}/report.xml`, xml);
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--allow-read", "--allow-env", CHECK, `${dir}/report.xml`],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: output.code, stdout: new TextDecoder().decode(output.stdout) };
  };
  try {
    const ok = await check(report(passedAll));
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /^3 compiled-binary tests ran and passed$/m);
    const skipped = await check(
      report(passedAll.map((c, i) => i === 0 ? { ...c, body: "<skipped/>" } : c)),
    );
    assert.equal(skipped.code, 1);
    assert.match(skipped.stdout, /^::error::skipped: tests\/build\/compile_test\.ts: /m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

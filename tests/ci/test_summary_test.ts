import assert from "node:assert/strict";
import { countsOf, summaryLine } from "./test_summary.ts";

Deno.test("countsOf() reads the last summary line of deno test", () => {
  const log = [
    "ok | 2 passed | 0 failed (0ms)", // a nested run's line, earlier
    "FAILED | 596 passed | 2 failed | 8 ignored (2m23s)",
    "error: Test failed",
  ].join("\n");
  assert.deepEqual(countsOf(log, 1), { passed: 596, failed: 2, skipped: 8 });
});

Deno.test("countsOf() counts a run that failed before any test (check, lint, fmt) as one failure", () => {
  assert.deepEqual(countsOf("error: Found 1 not formatted file\n", 1), {
    passed: 0,
    failed: 1,
    skipped: 0,
  });
  assert.deepEqual(countsOf("ok | 5 passed | 0 failed (1s)\nerror: Killed\n", 137), {
    passed: 5,
    failed: 1,
    skipped: 0,
  });
});

Deno.test("summaryLine() sums every run into the one line .ci/run ends with", () => {
  const root = countsOf("ok | 600 passed | 0 failed | 6 ignored (80s)", 0);
  const user = countsOf("ok | 598 passed | 0 failed | 8 ignored (90s)", 0);
  assert.equal(summaryLine([root, user]), "1198 passed, 0 failed, 14 skipped");
});

Deno.test(".ci/run's summary script prints the line for LOG STATUS pairs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "test-summary-test-" });
  try {
    await Deno.writeTextFile(`${dir}/a.log`, "ok | 3 passed | 0 failed | 1 ignored (1s)\n");
    await Deno.writeTextFile(`${dir}/b.log`, "error: Found 2 problems\n");
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-config",
        "--allow-read",
        new URL("./test_summary.ts", import.meta.url).pathname,
        `${dir}/a.log`,
        "0",
        `${dir}/b.log`,
        "1",
      ],
      stdout: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(output.stdout), "3 passed, 1 failed, 1 skipped\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

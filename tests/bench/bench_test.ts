import assert from "node:assert/strict";
import { benchMain } from "./bench.ts";

function quiet() {
  const lines: string[] = [];
  return {
    lines,
    output: { writeOut: (t: string) => lines.push(t), writeError: (t: string) => lines.push(t) },
  };
}

Deno.test("deno task bench runs a case beside the floors and writes its report as JSON", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-test-" });
  try {
    const json = `${dir}/bench.json`;
    const code = await benchMain([
      "--iterations=2",
      "--warmup=0",
      "--rss-runs=1",
      "--only=config-changed steady leader",
      `--json=${json}`,
    ], quiet().output);
    assert.equal(code, 0);
    const report = JSON.parse(await Deno.readTextFile(json));
    assert.deepEqual(
      report.subjects.map((row: { name: string }) => row.name),
      [
        "/bin/true",
        "empty Deno program",
        "probe: empty Deno + 5 calls",
        "config-changed steady leader",
      ],
    );
    const steady = report.subjects[3];
    assert.equal(steady.samplesMs.length, 2);
    assert.equal(steady.totalCalls, 5);
    assert.ok(steady.ratioToEmpty > 0);
    assert.equal(report.targets.modulesMet, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task bench rejects bad arguments with exit 2", async () => {
  const { lines, output } = quiet();
  assert.equal(await benchMain(["--iterations=0"], output), 2);
  assert.match(lines.join("\n"), /--iterations must be an integer ≥ 1, not "0"/);
  assert.equal(await benchMain(["--frobnicate"], output), 2);
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { benchMain } from "./bench.ts";
import { quiet } from "./bench_testing.ts";
import { benchCaseSpecs, caseName } from "./bench_cases.ts";
import { readBaseline, selectedCases } from "./bench_preflight.ts";
import { notTheCharmHint } from "./bench_program.ts";

Deno.test("deno task bench --only with no matching case exits 2 at once, naming every case", async () => {
  const { lines, output } = quiet();
  assert.equal(await benchMain(["--only=nosuchcase"], output), 2);
  assert.equal(lines.length, 1, "nothing was set up or run");
  assert.match(lines[0]!, /^--only "nosuchcase" matches no case: /);
  for (const spec of benchCaseSpecs()) assert.ok(lines[0]!.includes(caseName(spec)));
});

Deno.test("deno task bench checks --baseline before running: missing, not JSON, not a report", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bench-preflight-" });
  try {
    await Deno.writeTextFile(join(dir, "text.json"), "not json");
    await Deno.writeTextFile(join(dir, "other.json"), '{"version": 2}');
    const cases: [string, RegExp][] = [
      [
        join(dir, "missing.json"),
        /^Cannot read --baseline ".*missing\.json": there is no such file$/,
      ],
      [dir, /^Cannot read --baseline ".*": it is a directory$/],
      [join(dir, "text.json"), /^Cannot use --baseline ".*text\.json": it is not JSON/],
      [join(dir, "other.json"), /^Cannot use --baseline ".*other\.json": it is not a report/],
    ];
    for (const [path, message] of cases) {
      const { lines, output } = quiet();
      assert.equal(await benchMain([`--baseline=${path}`, "--only=remove"], output), 2, path);
      assert.equal(lines.length, 1, `nothing was set up or run: ${lines.join("\n")}`);
      assert.match(lines[0]!, message);
      assert.doesNotMatch(lines[0]!, /os error|readfile/i);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readBaseline() and selectedCases() pass what the bench can use", async () => {
  const report = { version: 1, subjects: [] };
  assert.deepEqual(
    await readBaseline("x.json", () => Promise.resolve(JSON.stringify(report))),
    report,
  );
  assert.equal(await readBaseline(undefined), undefined);
  assert.equal(selectedCases(undefined).length, benchCaseSpecs().length);
  assert.ok(selectedCases("steady").every((name) => name.includes("steady")));
});

Deno.test("bench's message for a stand-in found in dist/ says to pack the real binary, or remove dist/", () => {
  const hint = notTheCharmHint({
    kind: "binary",
    source: "dist",
    charm: { how: "the binary inside dist/x.charm" },
  });
  assert.match(hint, /stand-in/);
  assert.match(hint, /pack the real one \(deno task build where/);
  assert.match(hint, /DENORT_BIN=\/path\/to\/denort deno task build --arch (amd64|arm64)/);
  assert.match(hint, /give deno task bench --binary the real binary/);
  assert.match(hint, /remove dist\/$/);
  assert.doesNotMatch(hint, /bin\/backup-integrator/, "bin/ is looked at first: it is not there");
});

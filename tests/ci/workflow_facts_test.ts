/**
 * What the workflows must be, so that they pass on their first run on
 * GitHub: read from the YAML, not from the text.
 *
 * @module
 */

import assert from "node:assert/strict";
import { parse } from "yaml";
import { COMPILED_BINARY_FILES, COMPILED_BINARY_TEST_FLAGS } from "./compiled_binary_check.ts";

const ROOT = new URL("../../", import.meta.url);
const NAMES = ["build.yml", "integration.yml", "test.yml"];

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly name?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

interface Job {
  readonly "runs-on": string;
  readonly strategy?: { matrix?: Record<string, unknown> };
  readonly steps: readonly Step[];
}

async function jobsOf(name: string): Promise<Record<string, Job>> {
  const text = await Deno.readTextFile(new URL(`.github/workflows/${name}`, ROOT));
  return parse(text).jobs;
}

const WORKFLOWS = Object.fromEntries(
  await Promise.all(NAMES.map(async (name) => [name, await jobsOf(name)] as const)),
);
const STEPS = Object.entries(WORKFLOWS).flatMap(([file, jobs]) =>
  Object.entries(jobs).flatMap(([job, spec]) => spec.steps.map((step) => ({ file, job, step })))
);

/**
 * The first major of each action that runs on Node 24 (`runs.using: node24`
 * in its `action.yml`), as looked up in each action's repository:
 * checkout v5 (actions/checkout#2226), upload-artifact v6
 * (actions/upload-artifact#745), setup-deno v2 from v2.0.4
 * (denoland/setup-deno#123; the `v2` tag points there). An action not listed
 * here fails the test until it is looked up.
 */
const NODE24_MAJORS: Readonly<Record<string, number>> = {
  "actions/checkout": 5,
  "actions/upload-artifact": 6,
  "denoland/setup-deno": 2,
};

Deno.test("every action the workflows use is a major that runs on Node 24", () => {
  const uses = STEPS.filter(({ step }) => step.uses !== undefined);
  assert.ok(uses.length >= 7, `${uses.length} uses`);
  for (const { file, step } of uses) {
    const match = step.uses?.match(/^([^@]+)@v(\d+)(\.\d+)*$/);
    assert.ok(match, `${file}: ${step.uses} is not owner/name@vN`);
    const [, action = "", major = ""] = match;
    const first = NODE24_MAJORS[action];
    assert.ok(first !== undefined, `${file}: ${action}: look up its Node 24 major`);
    assert.ok(Number(major) >= first, `${file}: ${step.uses} runs on Node 20; use v${first}+`);
  }
});

Deno.test("the build runs on an arm64 runner for arm64, natively: no emulation", async () => {
  const build = WORKFLOWS["build.yml"]?.["build"];
  assert.ok(build);
  assert.equal(build["runs-on"], "${{ matrix.runner }}");
  assert.deepEqual(build.strategy?.matrix?.["include"], [
    { arch: "amd64", runner: "ubuntu-24.04" },
    { arch: "arm64", runner: "ubuntu-24.04-arm" },
  ]);
  const text = await Deno.readTextFile(new URL(".github/workflows/build.yml", ROOT));
  assert.doesNotMatch(text, /qemu/);
  const builds = build.steps.filter((step) => step.run?.startsWith("deno task build"));
  assert.deepEqual(builds.map((step) => step.run?.trim()), [
    "deno task build --arch ${{ matrix.arch }}",
  ]);
});

Deno.test("the compiled-binary tests are checked by name in a JUnit report, never by grepping output", () => {
  const build = WORKFLOWS["build.yml"]?.["build"];
  assert.ok(build);
  const steps = build.steps.filter((step) => step.run?.includes("tests/build/compile_test.ts"));
  assert.equal(steps.length, 1);
  const run = steps[0]?.run ?? "";
  const report = run.match(/--junit-path=(\S+)/)?.[1];
  assert.ok(report !== undefined && /^\s*deno test /m.test(run), run);
  for (const file of COMPILED_BINARY_FILES) assert.ok(run.includes(` ${file}`), file);
  // Exactly the permissions the test of those files runs them under here.
  const command = run.replaceAll("\\\n", " ").match(/^\s*deno test (.*)$/m)?.[1] ?? "";
  const permissions = command.split(/\s+/).filter((word) => /^(-A$|--allow|--deny)/.test(word));
  assert.deepEqual(permissions, [...COMPILED_BINARY_TEST_FLAGS], run);
  assert.ok(run.includes(`tests/ci/compiled_binary_check.ts ${report}`), run);
  for (const { file, step } of STEPS) {
    assert.doesNotMatch(step.run ?? "", /grep[^\n]*ignored/, `${file}: ${step.name}`);
  }
});

const PRESEED = "bacula-director-pgsql bacula-director-pgsql/dbconfig-install boolean false";

Deno.test("bacula-director is installed without a database wherever it is installed", async () => {
  const installs = STEPS.filter(({ step }) =>
    /apt-get install[^\n]*bacula-director/.test(step.run ?? "")
  );
  assert.ok(installs.length >= 1);
  for (const { file, step } of installs) {
    const run = step.run ?? "";
    assert.ok(run.includes(`echo '${PRESEED}'`), `${file}: ${step.name}`);
    assert.ok(run.indexOf(PRESEED) < run.indexOf("apt-get install"), `${file}: ${step.name}`);
    assert.match(run, /debconf-set-selections/);
    assert.match(run, /DEBIAN_FRONTEND=noninteractive apt-get install -y/);
  }
  const ciRun = await Deno.readTextFile(new URL(".ci/run", ROOT));
  assert.ok(
    ciRun.indexOf(PRESEED) !== -1 && ciRun.indexOf(PRESEED) < ciRun.indexOf("apt-get install"),
  );
});

/** Every combination of a job's matrix (its lists crossed, then `include`); one empty one without. */
function matrixOf(job: Job): Record<string, unknown>[] {
  const { include, ...lists } = job.strategy?.matrix ?? {};
  let combinations: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(lists)) {
    if (!Array.isArray(values)) continue;
    combinations = combinations.flatMap((c) => values.map((value) => ({ ...c, [key]: value })));
  }
  const extra = Array.isArray(include) ? include as Record<string, unknown>[] : [];
  if (extra.length === 0) return combinations;
  return Object.keys(lists).length === 0 ? extra : [...combinations, ...extra];
}

Deno.test("every artifact has a name of its own in every job of a matrix", () => {
  const names: string[] = [];
  for (const [file, jobs] of Object.entries(WORKFLOWS)) {
    for (const job of Object.values(jobs)) {
      const combinations = matrixOf(job);
      for (const step of job.steps) {
        if (!step.uses?.startsWith("actions/upload-artifact@")) continue;
        const name = String(step.with?.["name"]);
        for (const combination of combinations) {
          names.push(`${file}: ${
            name.replace(
              /\$\{\{ matrix\.(\w+) \}\}/g,
              (_, key: string) => String(combination[key]),
            )
          }`);
        }
      }
    }
  }
  assert.ok(names.length >= 4, names.join("\n"));
  assert.deepEqual(names, [...new Set(names)]);
  assert.ok(!names.some((name) => name.includes("undefined")), names.join("\n"));
});

Deno.test("the test workflow, which installs strace, requires it, as .ci/run does in both its runs", async () => {
  const test = WORKFLOWS["test.yml"]?.["test"];
  assert.ok(test);
  const install = test.steps.findIndex((step) =>
    /apt-get install[^\n]* strace\b/.test(step.run ?? "")
  );
  const run = test.steps.findIndex((step) => step.run?.includes("bash .ci/run"));
  assert.ok(install >= 0 && run > install, "strace is installed before .ci/run");
  assert.equal(test.steps[run]?.env?.["BACKUP_INTEGRATOR_REQUIRE_STRACE"], "1");
  const ciRun = await Deno.readTextFile(new URL(".ci/run", ROOT));
  assert.match(ciRun, /^export BACKUP_INTEGRATOR_REQUIRE_STRACE=1$/m);
  assert.match(
    ciRun,
    /runuser -u "\$CI_USER"[^]*BACKUP_INTEGRATOR_REQUIRE_STRACE=1 \\\n\s*deno task test/,
  );
});

Deno.test(".ci/run keeps the CA certificate variables when it switches to the unprivileged user", async () => {
  const ciRun = await Deno.readTextFile(new URL(".ci/run", ROOT));
  const kept = ciRun.match(/for name in ([A-Za-z_ \\\n]+?); do/)?.[1]?.split(/[\s\\]+/) ?? [];
  for (const name of ["SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS"]) {
    assert.ok(kept.includes(name), `${name} in ${JSON.stringify(kept)}`);
  }
  assert.match(ciRun, /runuser -u "\$CI_USER" -- env -i [^\n]*"\$\{keep\[@\]\}"/);
});

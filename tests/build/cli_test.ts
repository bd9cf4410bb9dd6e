import assert from "node:assert/strict";
import { runDeno } from "../../src/build/deno_command.ts";
import { join } from "node:path";
import { runBuild } from "../../src/build/cli.ts";
import { readCentralDirectory } from "./zip_reader.ts";

const REPO = new URL("../..", import.meta.url).pathname;
const BUILD = join(REPO, "build.ts");

const work = await Deno.makeTempDir({ prefix: "cli_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
const standIn = join(work, "stand-in");
await Deno.writeTextFile(standIn, "#!/bin/sh\nexit 0\n");

/** Run `build.ts` as `deno task build` does, from outside the repository. */
function build(args: string[], env: Record<string, string> = {}) {
  return runDeno(
    ["run", "--allow-read", "--allow-write", "--allow-run", "--allow-env", BUILD, ...args],
    { cwd: work, env },
  );
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory) names.push(...await listFiles(join(dir, entry.name), `${name}/`));
    else names.push(name);
  }
  return names.sort();
}

Deno.test("build.ts --help lists every flag and exits 0", async () => {
  const result = await build(["--help"]);
  assert.equal(result.code, 0, result.stderr);
  for (const flag of ["--out DIR", "--binary PATH", "--stage DIR", "--help", "DENORT_BIN"]) {
    assert.ok(result.stdout.includes(flag), flag);
  }
  assert.equal(result.stderr, "");
});

Deno.test("build.ts rejects an unknown flag with one line and exit code 2", async () => {
  const result = await build(["--bogus"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'Unknown option "--bogus": see --help\n');
  assert.equal(result.stdout, "");
});

Deno.test("build.ts rejects bad arguments with one line and exit code 2", async () => {
  for (
    const args of [["extra"], ["--out"], ["--out", "a", "--stage", "b"], ["--help=yes"], [
      "--binary=",
    ]]
  ) {
    const result = await build(args);
    assert.equal(result.code, 2, args.join(" "));
    assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, /: see --help\n$/);
  }
});

Deno.test("build.ts --binary --out DIR packs one .charm per platform into DIR", async () => {
  const out = join(work, "out");
  const result = await build(["--binary", standIn, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await listFiles(out), [
    "backup-integrator_ubuntu@22.04-amd64.charm",
    "backup-integrator_ubuntu@24.04-amd64.charm",
  ]);
  assert.match(result.stdout, /^Packed .*backup-integrator_ubuntu@24\.04-amd64\.charm \(.*KiB\)$/m);
});

Deno.test("build.ts --binary packs the same bytes in any time zone", async () => {
  const charms = [];
  for (const tz of ["UTC", "Pacific/Kiritimati", "America/St_Johns"]) {
    const out = join(work, `tz-${tz.replace("/", "-")}`);
    const result = await build(["--binary", standIn, "--out", out], { TZ: tz });
    assert.equal(result.code, 0, result.stderr);
    charms.push(await Deno.readFile(join(out, "backup-integrator_ubuntu@24.04-amd64.charm")));
  }
  assert.deepEqual(charms[1], charms[0]);
  assert.deepEqual(charms[2], charms[0]);
});

Deno.test("build.ts dates the charm from SOURCE_DATE_EPOCH", async () => {
  const out = join(work, "dated");
  const result = await build(["--binary", standIn, "--out", out], {
    SOURCE_DATE_EPOCH: "1700000000",
  });
  assert.equal(result.code, 0, result.stderr);
  const charm = await Deno.readFile(join(out, "backup-integrator_ubuntu@22.04-amd64.charm"));
  assert.deepEqual(readCentralDirectory(charm)[0]?.time, {
    year: 2023,
    month: 11,
    day: 14,
    hours: 22,
    minutes: 13,
    seconds: 20,
  });
});

Deno.test("build.ts --stage DIR writes the charm tree without zipping", async () => {
  const stage = join(work, "stage");
  const result = await build(["--binary", standIn, "--stage", stage], {
    CRAFT_ARCH_BUILD_FOR: "amd64",
  });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await listFiles(stage), [
    "LICENSE",
    "README.md",
    "bin/backup-integrator",
    "dispatch",
  ]);
  assert.equal((await Deno.stat(join(stage, "dispatch"))).mode! & 0o777, 0o755);
  assert.equal((await Deno.stat(join(stage, "bin/backup-integrator"))).mode! & 0o777, 0o755);
  assert.equal((await Deno.stat(join(stage, "README.md"))).mode! & 0o777, 0o644);
  assert.ok(!(await listFiles(work)).some((name) => name.startsWith("dist/")));
});

Deno.test("build.ts fails in one line, without a stack trace, when a file is missing", async () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [["--binary", join(work, "missing")], {}, /^Cannot read the charm binary ".*missing": /],
    [["--binary", standIn, "--out", join(work, "x")], { SOURCE_DATE_EPOCH: "soon" }, /"soon"/],
    [["--binary", standIn, "--stage", join(work, "y")], { CRAFT_ARCH_BUILD_FOR: "s390x" }, /s390x/],
  ];
  for (const [args, env, pattern] of cases) {
    const result = await build(args, env);
    assert.equal(result.code, 1, args.join(" "));
    assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, pattern);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
  }
});

Deno.test("runBuild() refuses one --binary for platforms of two architectures", async () => {
  const root = join(work, "two-arch");
  await Deno.mkdir(root);
  await Deno.copyFile(
    new URL("./testdata/links_charmcraft.yaml", import.meta.url),
    join(root, "charmcraft.yaml"),
  );
  const errors: string[] = [];
  const code = await runBuild({
    args: ["--binary", standIn, "--out", join(root, "dist")],
    root,
    env: {},
    writeOut: () => {},
    writeError: (line) => errors.push(line),
  });
  assert.equal(code, 1);
  assert.deepEqual(errors, [
    'Cannot pack for "amd64" and "arm64" with --binary: it names one executable, for one architecture',
  ]);
});

import assert from "node:assert/strict";
import { runDeno } from "../../src/build/deno_command.ts";
import { join } from "node:path";
import { binaryPath, runBuild } from "../../src/build/cli.ts";
import { unzipSync } from "fflate";
import { readCentralDirectory } from "./zip_reader.ts";
import { denoTarget, hostArchitecture } from "../../src/build/platforms.ts";
import { buildGoodStandIn, ELF_MACHINE_NUMBERS, writeElfHeader } from "./stand_in.ts";

const REPO = new URL("../..", import.meta.url).pathname;
const BUILD = join(REPO, "build.ts");

const work = await Deno.makeTempDir({ prefix: "cli_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
const host = hostArchitecture();
const other = host === "amd64" ? "arm64" : "amd64";
// A stand-in for the compiled binary that passes the build's check on this machine.
const goodStandIn = await buildGoodStandIn(work);
const noStandIn = goodStandIn === undefined;
const standIn = goodStandIn ?? "";

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
  for (
    const flag of [
      "--out DIR",
      "--arch ARCH",
      "--binary PATH",
      "--stage DIR",
      "--help",
      "DENORT_BIN",
    ]
  ) {
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

Deno.test({
  name: "build.ts --binary --out DIR packs one .charm per platform into DIR",
  ignore: noStandIn,
}, async () => {
  const out = join(work, "out");
  const result = await build(["--binary", standIn, "--arch", host, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await listFiles(out), [
    `backup-integrator_ubuntu@22.04-${host}.charm`,
    `backup-integrator_ubuntu@24.04-${host}.charm`,
  ]);
  assert.match(
    result.stdout,
    new RegExp(`^Checked .*: answers "backup-integrator .*" on ${host}$`, "m"),
  );
  assert.match(result.stdout, /^Packed .*backup-integrator_ubuntu@24\.04-.*\.charm \(.*KiB\)$/m);
});

Deno.test(
  { name: "build.ts --binary packs the same bytes in any time zone", ignore: noStandIn },
  async () => {
    const charms = [];
    for (const tz of ["UTC", "Pacific/Kiritimati", "America/St_Johns"]) {
      const out = join(work, `tz-${tz.replace("/", "-")}`);
      const result = await build(["--binary", standIn, "--arch", host, "--out", out], { TZ: tz });
      assert.equal(result.code, 0, result.stderr);
      charms.push(await Deno.readFile(join(out, `backup-integrator_ubuntu@24.04-${host}.charm`)));
    }
    assert.deepEqual(charms[1], charms[0]);
    assert.deepEqual(charms[2], charms[0]);
  },
);

Deno.test(
  { name: "build.ts dates the charm from SOURCE_DATE_EPOCH", ignore: noStandIn },
  async () => {
    const out = join(work, "dated");
    const result = await build(["--binary", standIn, "--arch", host, "--out", out], {
      SOURCE_DATE_EPOCH: "1700000000",
    });
    assert.equal(result.code, 0, result.stderr);
    const charm = await Deno.readFile(join(out, `backup-integrator_ubuntu@22.04-${host}.charm`));
    assert.deepEqual(readCentralDirectory(charm)[0]?.time, {
      year: 2023,
      month: 11,
      day: 14,
      hours: 22,
      minutes: 13,
      seconds: 20,
    });
  },
);

Deno.test(
  { name: "build.ts --stage DIR writes the charm tree without zipping", ignore: noStandIn },
  async () => {
    const stage = join(work, "stage");
    const result = await build(["--binary", standIn, "--stage", stage], {
      CRAFT_ARCH_BUILD_FOR: host,
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
  },
);

Deno.test({
  name: "build.ts fails in one line, without a stack trace, when a file is missing",
  ignore: noStandIn,
}, async () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [
      ["--binary", join(work, "missing"), "--arch", host],
      {},
      /^Cannot pack ".*missing" as the charm binary for .*: it cannot be read /,
    ],
    [
      ["--binary", standIn, "--arch", host, "--out", join(work, "x")],
      { SOURCE_DATE_EPOCH: "soon" },
      /"soon"/,
    ],
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
    'Cannot pack for "amd64" and "arm64" with --binary: it names one executable, for one ' +
    "architecture; add --arch",
  ]);
});

Deno.test({
  name: "build.ts packs all four platforms, each architecture with its own binary",
  ignore: noStandIn,
}, async () => {
  // The other architecture's binary is only an ELF header: it is checked, never run.
  const otherBinary = await writeElfHeader(join(work, "other-arch"), ELF_MACHINE_NUMBERS[other]);
  const out = join(work, "four");
  for (const [arch, binary] of [[host, standIn], [other, otherBinary]]) {
    const result = await build(["--binary", binary ?? "", "--arch", arch ?? "", "--out", out]);
    assert.equal(result.code, 0, result.stderr);
  }
  assert.deepEqual(await listFiles(out), [
    "backup-integrator_ubuntu@22.04-amd64.charm",
    "backup-integrator_ubuntu@22.04-arm64.charm",
    "backup-integrator_ubuntu@24.04-amd64.charm",
    "backup-integrator_ubuntu@24.04-arm64.charm",
  ]);
});

Deno.test("build.ts refuses a text file and a wrong-architecture ELF in one paragraph, packing nothing", async () => {
  const cases: [string[], RegExp][] = [
    [["--binary", join(REPO, "README.md"), "--arch", host], /it is not an ELF file/],
    [["--binary", Deno.execPath(), "--arch", other], /it is an ELF executable for machine/],
    [["--binary", Deno.execPath(), "--arch", host], /printed "deno \d/],
  ];
  for (const [args, reason] of cases) {
    const out = join(work, `refused-${cases.findIndex((c) => c[0] === args)}`);
    const result = await build([...args, "--out", out]);
    assert.equal(result.code, 1, args.join(" "));
    assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, /^Cannot pack ".*" as the charm binary for (amd64|arm64): /);
    assert.match(result.stderr, reason);
    await assert.rejects(() => Deno.stat(out), Deno.errors.NotFound);
  }
});

Deno.test("build.ts rejects an unknown --arch with one line and exit code 2", async () => {
  const result = await build(["--arch", "s390x"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, 'Option "--arch" is "s390x", not amd64 or arm64: see --help\n');
});

Deno.test({
  name: "runBuild() compiles once per architecture, for its own target, and packs four platforms",
  ignore: noStandIn,
  async fn() {
    const root = join(work, "four-targets");
    await Deno.mkdir(root);
    for (const name of ["charmcraft.yaml", "dispatch", "README.md", "LICENSE"]) {
      await Deno.copyFile(join(REPO, name), join(root, name));
    }
    const compiled: string[] = [];
    const lines: string[] = [];
    const code = await runBuild({
      args: [],
      root,
      env: { SOURCE_DATE_EPOCH: "1700000000" },
      writeOut: (line) => lines.push(line),
      writeError: (line) => lines.push(line),
      // Stands in for deno compile: the host's target gets the good stand-in,
      // the other's an ELF header of its machine.
      compile: async ({ target, outFile }) => {
        compiled.push(`${target} ${outFile.slice(root.length + 1)}`);
        await Deno.mkdir(join(outFile, ".."), { recursive: true });
        if (target === denoTarget(host)) await Deno.copyFile(standIn, outFile);
        else await writeElfHeader(outFile, ELF_MACHINE_NUMBERS[other]);
        return outFile;
      },
    });
    assert.equal(code, 0, lines.join("\n"));
    assert.deepEqual(compiled.sort(), [
      `aarch64-unknown-linux-gnu ${binaryPath("arm64", host)}`,
      `x86_64-unknown-linux-gnu ${binaryPath("amd64", host)}`,
    ]);
    assert.deepEqual(await listFiles(join(root, "dist")), [
      "backup-integrator_ubuntu@22.04-amd64.charm",
      "backup-integrator_ubuntu@22.04-arm64.charm",
      "backup-integrator_ubuntu@24.04-amd64.charm",
      "backup-integrator_ubuntu@24.04-arm64.charm",
    ]);
    assert.equal(lines.filter((l) => l.startsWith("Checked ")).length, 2);
    // Each .charm holds the binary of its own architecture.
    for (const arch of ["amd64", "arm64"] as const) {
      const charm = await Deno.readFile(
        join(root, "dist", `backup-integrator_ubuntu@24.04-${arch}.charm`),
      );
      const binary = unzipSync(charm)["bin/backup-integrator"] ?? new Uint8Array();
      assert.equal(
        new DataView(binary.buffer, binary.byteOffset).getUint16(18, true),
        ELF_MACHINE_NUMBERS[arch],
      );
    }
  },
});

Deno.test({
  name: "deno task build resolves relative --binary and --out from the caller's directory",
  ignore: noStandIn,
}, async () => {
  const caller = join(work, "caller");
  await Deno.mkdir(join(caller, "bin"), { recursive: true });
  await Deno.copyFile(standIn, join(caller, "bin", "charm"));
  await Deno.chmod(join(caller, "bin", "charm"), 0o755);
  // `deno task` runs build.ts in the repository root and sets INIT_CWD to the caller's directory.
  const result = await runDeno(
    [
      "task",
      "--config",
      join(REPO, "deno.json"),
      "build",
      "--binary",
      "bin/charm",
      "--arch",
      host,
      "--out",
      "out",
    ],
    {
      cwd: caller,
      // Not the INIT_CWD of an outer `deno task test`, which deno task would keep.
      clearEnv: true,
      env: Object.fromEntries(
        ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"].flatMap((name) => {
          const value = Deno.env.get(name);
          return value === undefined ? [] : [[name, value]];
        }),
      ),
    },
  );
  assert.equal(result.code, 0, result.stderr);
  const packed = (await listFiles(join(caller, "out"))).filter((name) => name.endsWith(".charm"));
  assert.equal(packed.length, 2, "both bases of this architecture, in the caller's out/");
  await assert.rejects(() => Deno.stat(join(REPO, "out")), Deno.errors.NotFound);
  assert.match(
    result.stdout,
    /^Checked bin\/charm: /m,
    "paths are shown from the caller's directory",
  );
});

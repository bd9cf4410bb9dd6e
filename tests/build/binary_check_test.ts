import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BinaryCheckError,
  checkCharmBinary,
  ELF_MACHINES,
  elfProblem,
  EXPECTED_IDENTITY,
  identityProblem,
  runBinary,
  type RunResult,
} from "../../src/build/binary_check.ts";
import { runBuild } from "../../src/build/cli.ts";
import { type Architecture, hostArchitecture } from "../../src/build/platforms.ts";
import { buildGoodStandIn, ELF_MACHINE_NUMBERS, writeElfHeader } from "./stand_in.ts";

const REPO = new URL("../..", import.meta.url).pathname;
const host = hostArchitecture();
const other: Architecture = host === "amd64" ? "arm64" : "amd64";

const work = await Deno.makeTempDir({ prefix: "binary_check_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
const goodStandIn = await buildGoodStandIn(work);
const otherArchElf = await writeElfHeader(join(work, "other-arch"), ELF_MACHINE_NUMBERS[other]);

/** The check's error for a binary, or fails the test when it passes. */
async function refusal(path: string, architecture: Architecture): Promise<BinaryCheckError> {
  try {
    await checkCharmBinary({ path, architecture, host });
  } catch (error) {
    assert.ok(error instanceof BinaryCheckError, String(error));
    return error;
  }
  assert.fail(`${path} passed the check for ${architecture}`);
}

Deno.test("checkCharmBinary() refuses a text file as not ELF, in one paragraph", async () => {
  const error = await refusal(join(REPO, "README.md"), host);
  assert.match(error.reason, /^it is not an ELF file \(it starts with "# /);
  assert.ok(!error.message.includes("\n"));
  assert.match(error.message, /^Cannot pack ".*README\.md" as the charm binary for /);
  assert.match(error.message, new RegExp(`prints "${EXPECTED_IDENTITY}" for --version`));
});

Deno.test("checkCharmBinary() refuses an ELF executable for the other architecture", async () => {
  const error = await refusal(otherArchElf, host);
  assert.equal(
    error.reason,
    `it is an ELF executable for machine ${ELF_MACHINE_NUMBERS[other]} (${other}), ` +
      `not ${ELF_MACHINE_NUMBERS[host]} (${host})`,
  );
  const hostElf = await refusal(Deno.execPath(), other);
  assert.match(hostElf.reason, new RegExp(`machine ${ELF_MACHINE_NUMBERS[host]} \\(${host}\\)`));
});

Deno.test("checkCharmBinary() accepts the other architecture's ELF header without running it", async () => {
  const result = await checkCharmBinary({
    path: otherArchElf,
    architecture: other,
    host,
    run: () => Promise.reject(new Error("ran a binary of another architecture")),
  });
  assert.equal(result.checked, "header");
  assert.match(result.summary, new RegExp(`not run: this machine is ${host}`));
});

Deno.test("checkCharmBinary() refuses an ELF file that is not an executable", async () => {
  const relocatable = await writeElfHeader(join(work, "object.o"), ELF_MACHINE_NUMBERS[host], 1);
  assert.match((await refusal(relocatable, host)).reason, /type 1, not an executable/);
  const bytes = new Uint8Array(64);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 1]);
  assert.match(elfProblem(bytes, host) ?? "", /32-bit/);
});

Deno.test("ELF_MACHINES are the ELF numbers: 62 for amd64 (x86-64), 183 for arm64 (aarch64)", () => {
  assert.deepEqual({ ...ELF_MACHINES }, { amd64: 62, arm64: 183 });
});

/** A 64-bit ELF executable header, from literal bytes: EI_DATA and e_machine as given. */
function literalHeader(byteOrder: 1 | 2, machine: readonly [number, number]): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, byteOrder, 1]);
  bytes.set(byteOrder === 1 ? [3, 0] : [0, 3], 16); // e_type 3
  bytes.set(machine, 18);
  return bytes;
}

Deno.test("elfProblem() accepts e_machine 62 for amd64 and 183 for arm64, in literal little-endian bytes", () => {
  assert.equal(elfProblem(literalHeader(1, [62, 0]), "amd64"), undefined);
  assert.equal(elfProblem(literalHeader(1, [183, 0]), "arm64"), undefined);
  assert.match(elfProblem(literalHeader(1, [183, 0]), "amd64") ?? "", /machine 183 \(arm64\)/);
  assert.match(elfProblem(literalHeader(1, [62, 0]), "arm64") ?? "", /machine 62 \(amd64\)/);
});

Deno.test("elfProblem() refuses a big-endian ELF executable even for the right machine", () => {
  for (const [architecture, machine] of [["amd64", [0, 62]], ["arm64", [0, 183]]] as const) {
    assert.equal(
      elfProblem(literalHeader(2, machine), architecture),
      "it is a not 64-bit or big-endian ELF file (class 2, data 2), not a 64-bit little-endian one",
    );
  }
});

Deno.test("runBinary() runs the binary with PATH alone, never the caller's environment", async () => {
  Deno.env.set("BINARY_CHECK_TEST_MARK", "leaked");
  try {
    const result = await runBinary("/usr/bin/env", []);
    assert.deepEqual(result, { code: 0, stdout: "PATH=/usr/bin:/bin\n", stderr: "" });
  } finally {
    Deno.env.delete("BINARY_CHECK_TEST_MARK");
  }
});

Deno.test("checkCharmBinary() refuses the deno command, which answers --version as deno", async () => {
  const error = await refusal(Deno.execPath(), host);
  assert.match(error.reason, /^run with --version it exited with 0 and printed "deno \d/);
});

Deno.test({
  name: "checkCharmBinary() runs a good stand-in and accepts its answers",
  ignore: goodStandIn === undefined,
  async fn() {
    const result = await checkCharmBinary({ path: goodStandIn ?? "", architecture: host, host });
    assert.deepEqual(result, {
      checked: "ran",
      summary: `answers "${EXPECTED_IDENTITY}" on ${host}`,
    });
  },
});

Deno.test("identityProblem() wants the charm's line, exit 0, then a non-zero bare start", () => {
  const ok: RunResult = { code: 0, stdout: `${EXPECTED_IDENTITY}\n`, stderr: "" };
  const explains: RunResult = { code: 2, stdout: "", stderr: "not a hook\n" };
  assert.equal(identityProblem(ok, explains), undefined);
  assert.match(identityProblem(ok, { code: 0, stdout: "", stderr: "" }) ?? "", /exited with 0/);
  assert.match(identityProblem({ ...ok, code: 1 }, explains) ?? "", /exited with 1/);
  assert.match(
    identityProblem({ ...ok, stdout: "backup-integrator 0.0.1\n" }, explains) ?? "",
    /printed "backup-integrator 0\.0\.1"/,
  );
  assert.match(identityProblem({ ...ok, code: undefined }, explains) ?? "", /within 10 seconds/);
  assert.match(identityProblem(ok, { ...explains, code: undefined }) ?? "", /did not exit/);
});

Deno.test("runBuild() refuses what deno compile makes of DENORT_BIN=/usr/bin/deno, packing nothing", async () => {
  // Compiled once, in a temporary root: the result is a ~94 MiB Deno shell.
  const root = join(work, "denort-mixup");
  await Deno.mkdir(root);
  for (const name of ["charmcraft.yaml", "dispatch", "README.md", "LICENSE"]) {
    await Deno.copyFile(join(REPO, name), join(root, name));
  }
  const errors: string[] = [];
  const lines: string[] = [];
  const previous = Deno.env.get("DENORT_BIN");
  Deno.env.set("DENORT_BIN", Deno.execPath());
  let code: number;
  try {
    code = await runBuild({
      args: ["--arch", host, "--out", join(root, "dist")],
      root,
      env: { DENORT_BIN: Deno.execPath(), SOURCE_DATE_EPOCH: "1700000000" },
      writeOut: (line) => lines.push(line),
      writeError: (line) => errors.push(line),
    });
  } finally {
    if (previous === undefined) Deno.env.delete("DENORT_BIN");
    else Deno.env.set("DENORT_BIN", previous);
  }
  assert.equal(code, 1, lines.join("\n"));
  assert.match(lines.join("\n"), /^Compiled .*backup-integrator for /m);
  assert.equal(errors.length, 1);
  assert.ok(!errors[0]?.includes("\n"));
  assert.match(errors[0] ?? "", /it exited with 0 and printed "deno \d/);
  assert.match(errors[0] ?? "", /DENORT_BIN that names the "deno" command/);
  await assert.rejects(() => Deno.stat(join(root, "dist")), Deno.errors.NotFound);
});

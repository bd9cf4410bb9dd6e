import assert from "node:assert/strict";
import { runDeno } from "../../src/build/deno_command.ts";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { bundleCharm } from "../../src/build/bundle.ts";
import {
  compileCharm,
  CompileError,
  compileFailure,
  DenoRuntimeUnavailableError,
} from "../../src/build/compile.ts";
import { DENO_TARGETS, hostArchitecture } from "../../src/build/platforms.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { readCentralDirectory } from "./zip_reader.ts";

const REPO = new URL("../..", import.meta.url).pathname;
const TARGET = "x86_64-unknown-linux-gnu";
/** The binaries that run are this machine's (the build workflow runs here on amd64 and arm64). */
const HOST = hostArchitecture();

// What deno compile 2.9.6 prints when it cannot download its runtime.
const DOWNLOAD_FAILED = `Compile main.js to bi
Download https://release-server.invalid/release/v2.9.6/denort-${TARGET}.zip
error: Writing deno compile executable to temporary file '/tmp/bi.tmp-e53c1f79268e5acd'

Caused by:
    0: Setting up base binary.
    1: error sending request for url (https://release-server.invalid/release/v2.9.6/denort-${TARGET}.zip): client error (Connect): dns error: failed to lookup address information: Name or service not known
    2: client error (Connect)
    3: dns error
    4: failed to lookup address information: Name or service not known

Stack backtrace:
   0: <unknown>
`;

// What it prints when DENORT_BIN names no file.
const DENORT_BIN_MISSING = `Compile main.js to bi
error: Writing deno compile executable to temporary file '/tmp/bi.tmp-347218ac372dd9c6'

Caused by:
    0: Could not find denort at '/nonexistent/denort'
    1: No such file or directory (os error 2)

Stack backtrace:
   0: <unknown>
`;

// The real build, once for the whole file: it compiles when the Deno runtime
// can be had (downloaded, cached, or DENORT_BIN), and explains when not.
const work = await Deno.makeTempDir({ prefix: "compile_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
const attempt = await runBuild(["--out", join(work, "dist")]);
const runtimeMissing = attempt.code !== 0 && attempt.stderr.includes("DENORT_BIN");
if (runtimeMissing) {
  console.log(
    "compile_test.ts: the compiled-binary test is skipped: the Deno runtime cannot be " +
      `obtained on this machine (build.ts said: ${attempt.stderr.split(". ")[0]}).`,
  );
}

function runBuild(args: string[]) {
  return runDeno(
    ["run", "--allow-read", "--allow-write", "--allow-run", "--allow-env", "build.ts", ...args],
    { cwd: REPO },
  );
}

Deno.test("compileFailure() explains a failed runtime download in one paragraph", () => {
  const error = compileFailure({ code: 1, stderr: DOWNLOAD_FAILED, target: TARGET });
  assert.ok(error instanceof DenoRuntimeUnavailableError);
  assert.equal(error.target, TARGET);
  assert.equal(error.detail, "failed to lookup address information: Name or service not known");
  assert.ok(!error.message.includes("\n"));
  assert.match(error.message, /DENORT_BIN environment variable/);
  assert.match(error.message, /--binary PATH/);
  assert.match(error.message, new RegExp(`denort-${TARGET}\\.zip`));
  assert.match(error.message, /Name or service not known/);
  assert.doesNotMatch(error.message, /Stack backtrace|Caused by/);
});

Deno.test("compileFailure() says when DENORT_BIN cannot be read", () => {
  const error = compileFailure({
    code: 1,
    stderr: DENORT_BIN_MISSING,
    target: TARGET,
    denortBin: "/nonexistent/denort",
  });
  assert.ok(error instanceof DenoRuntimeUnavailableError);
  assert.match(
    error.message,
    /^Cannot compile the charm binary: DENORT_BIN is set to "\/nonexistent\/denort"/,
  );
  assert.match(error.message, /No such file or directory/);
  assert.ok(!error.message.includes("\n"));
});

Deno.test("compileFailure() reports any other failure with deno's error line only", () => {
  const stderr =
    "Check main.js\nerror: Type checking failed.\n\nStack backtrace:\n   0: <unknown>\n";
  const error = compileFailure({ code: 1, stderr, target: TARGET });
  assert.ok(error instanceof CompileError);
  assert.equal(
    error.message,
    "Cannot compile the charm binary: deno compile exited with 1: Type checking failed.",
  );
});

Deno.test({
  name: "build.ts explains in one paragraph naming DENORT_BIN that the runtime cannot be had",
  ignore: !runtimeMissing,
  fn() {
    assert.equal(attempt.code, 1);
    const paragraph = attempt.stderr.trimEnd();
    assert.ok(!paragraph.includes("\n"), attempt.stderr);
    assert.match(paragraph, /^Cannot compile the charm binary: /);
    assert.match(paragraph, /DENORT_BIN/);
    assert.match(paragraph, /--binary PATH/);
    assert.doesNotMatch(attempt.stderr, /Stack backtrace|Caused by|^\s+at /m);
    assert.match(attempt.stdout, /^Bundled src\/main\.ts into /m);
    assert.doesNotMatch(attempt.stdout, /^Packed /m);
  },
});

Deno.test({
  name: "the compiled binary in the packed charm runs update-status with exit 0, without HOME",
  ignore: runtimeMissing,
  async fn() {
    assert.equal(attempt.code, 0, attempt.stderr);
    const charm = await Deno.readFile(
      join(work, "dist", `backup-integrator_ubuntu@24.04-${HOST}.charm`),
    );
    const dir = join(work, "unit-charm");
    const files = unzipSync(charm);
    for (const entry of readCentralDirectory(charm)) {
      const path = join(dir, entry.name);
      await Deno.mkdir(dirname(path), { recursive: true });
      await Deno.writeFile(path, files[entry.name] ?? new Uint8Array());
      await Deno.chmod(path, entry.unixMode & 0o777);
    }
    // `dispatch` ends update-status itself; the binary, started directly,
    // must refuse to reconcile it too.
    for (const program of ["./dispatch", "./bin/backup-integrator"]) {
      const output = await new Deno.Command("env", {
        args: ["-i", "PATH=/usr/bin:/bin", "JUJU_DISPATCH_PATH=hooks/update-status", program],
        cwd: dir,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(output.code, 0, `${program}: ${new TextDecoder().decode(output.stderr)}`);
    }
  },
});

Deno.test({
  name: "the compiled binary runs the charm's hooks under the fake Juju, with Juju's environment",
  ignore: runtimeMissing,
  async fn() {
    // The same bundle, compiled with the production flags but for a temporary
    // base directory: the one flag the tests may change.
    const optDir = join(work, "opt");
    const bundle = await bundleCharm({ outFile: join(work, "bundle", "backup-integrator.js") });
    const binary = await compileCharm({
      bundle,
      outFile: join(work, "test-bin", "backup-integrator"),
      target: DENO_TARGETS[HOST],
      optDir,
    });
    const app = "backup-integrator";
    const leader = `${app}/0`;
    const juju = await FakeJuju.create({
      app,
      binary,
      optDir,
      config: { fileset: "/var/backups", "run-before-backup": "#!/bin/sh\necho dump\n" },
      relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
    });
    try {
      const unobserved = await juju.runHook(leader, "update-status");
      assert.equal(unobserved.exitCode, 0, unobserved.stderr);
      assert.deepEqual(unobserved.calls, []);
      const changed = await juju.runHook(leader, "config-changed");
      assert.equal(changed.exitCode, 0, changed.stderr);
      const script = `${optDir}/${app}/scripts/run-before-backup`;
      assert.equal(await Deno.readTextFile(script), "#!/bin/sh\necho dump\n");
      const model = await juju.model();
      assert.deepEqual(model.relations["backup:1"]?.appData[app], {
        fileset: "/var/backups",
        "run-before-backup": script,
      });
      assert.deepEqual(model.units[leader]?.status, { status: "active", message: "" });
      const removed = await juju.runHook(leader, "remove");
      assert.equal(removed.exitCode, 0, removed.stderr);
      await assert.rejects(() => Deno.stat(`${optDir}/${app}`), Deno.errors.NotFound);
    } finally {
      await juju.cleanup();
    }
  },
});

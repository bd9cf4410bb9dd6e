/**
 * What the store asks of the kernel, seen with `strace`: each directory is
 * made with `mkdir` and its mode set with `fchmod` through a handle opened
 * with `O_NOFOLLOW | O_DIRECTORY`, never by path; the temporary file is
 * created with mode 0700 (never readable by others, even before its
 * `chmod`), and the directory is flushed after the rename, so the new name
 * survives a crash. Skipped, saying why, where `strace` is missing or may
 * not trace; a failure then where `BACKUP_INTEGRATOR_REQUIRE_STRACE=1`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { probeStrace, traceLines } from "../strace.ts";

const program = fileURLToPath(new URL("./testdata/write_one_script.ts", import.meta.url));
const tightenProgram = fileURLToPath(
  new URL("./testdata/tighten_one_leftover.ts", import.meta.url),
);
const config = fileURLToPath(new URL("../../deno.json", import.meta.url));

const SYSCALLS = "trace=openat,rename,renameat,renameat2,fsync,mkdir,mkdirat,chmod,fchmod,fchmodat";

function traceWrite(base: string): Promise<string[] | string> {
  return traceLines({
    straceArgs: [
      "-f",
      "-qq",
      "-e",
      SYSCALLS,
    ],
    output: `${base}/trace`,
    command: [
      Deno.execPath(),
      "run",
      "--quiet",
      "--allow-all",
      "--config",
      config,
      program,
      base,
    ],
  });
}

const STRACE = await probeStrace("script_store_syscalls_test.ts");
const base = await Deno.makeTempDir({ prefix: "script_store_syscalls_" });
addEventListener("unload", () => Deno.removeSync(base, { recursive: true }));
const traced = STRACE.ignore ? [] : await traceWrite(base);

/** A Python charm's leftover, 0755, in a base of its own, and the trace of making it private. */
async function traceTighten(): Promise<string[] | string> {
  const legacyBase = `${base}/legacy`;
  await Deno.mkdir(`${legacyBase}/app-0`, { recursive: true });
  await Deno.chmod(legacyBase, 0o755);
  await Deno.chmod(`${legacyBase}/app-0`, 0o755);
  return await traceLines({
    straceArgs: ["-f", "-qq", "-e", SYSCALLS],
    output: `${base}/trace-legacy`,
    command: [
      Deno.execPath(),
      "run",
      "--quiet",
      "--allow-all",
      "--config",
      config,
      tightenProgram,
      legacyBase,
    ],
  });
}
const tracedTighten = STRACE.ignore ? [] : await traceTighten();

/** The trace; throws, failing the test, where `strace` is required and unusable. */
function trace(): string[] {
  STRACE.check();
  if (typeof traced === "string") throw new Error(traced);
  return traced;
}

Deno.test({
  name:
    "createScriptStore() write() creates the temporary file 0700 and flushes the directory after the rename",
  ignore: STRACE.ignore,
  fn() {
    const lines = trace();
    const scripts = `${base}/opt/app/scripts`;
    const created = lines.find((line) =>
      line.includes(`"${scripts}/.run-before-backup.tmp-`) && line.includes("O_CREAT")
    );
    assert.ok(created, "the temporary file is opened");
    assert.match(created, /O_EXCL.*, 0700\) = \d+$/);
    const renamed = lines.findIndex((line) =>
      /rename(at2?)?\(/.test(line) && line.includes(scripts)
    );
    assert.ok(renamed >= 0, "the temporary file is renamed");
    const opened = lines.slice(renamed).map((line) =>
      new RegExp(`openat\\(AT_FDCWD, "${scripts}", O_RDONLY[^)]*\\) = (\\d+)$`).exec(line)?.[1]
    ).find((fd) => fd !== undefined);
    assert.ok(opened !== undefined, "the directory is opened after the rename");
    assert.ok(
      lines.slice(renamed).some((line) =>
        line.endsWith(`fsync(${opened}) = 0`) ||
        new RegExp(`fsync\\(${opened}\\)\\s+= 0$`).test(line)
      ),
      "the directory is flushed",
    );
  },
});

Deno.test({
  name:
    "createScriptStore() write() makes each directory with mkdir and sets its mode by fchmod on a no-follow handle, never by path",
  ignore: STRACE.ignore,
  fn() {
    const lines = trace();
    const modes: [string, string][] = [
      [`${base}/opt`, "0755"],
      [`${base}/opt/app`, "0700"],
      [`${base}/opt/app/scripts`, "0700"],
    ];
    for (const [dir, mode] of modes) {
      const quoted = JSON.stringify(dir);
      const made = lines.findIndex((line) =>
        /mkdir(at)?\(/.test(line) && line.includes(`${quoted},`)
      );
      assert.ok(made >= 0, `${dir} is made with mkdir`);
      const opened = lines.slice(made).map((line) =>
        new RegExp(`openat\\(AT_FDCWD, ${escape(quoted)}, (O_[A-Z_|]+)\\) = (\\d+)$`).exec(line)
      ).find((match) => match !== null);
      assert.ok(opened, `${dir} is opened after mkdir`);
      const flags = (opened[1] ?? "").split("|");
      assert.ok(flags.includes("O_NOFOLLOW") && flags.includes("O_DIRECTORY"), opened[0]);
      assert.ok(
        lines.slice(made).some((line) =>
          new RegExp(`fchmod\\(${opened[2]}, ${mode}\\)\\s*= 0$`).test(line)
        ),
        `the mode of ${dir} is set through its handle`,
      );
      assert.deepEqual(
        lines.filter((line) => /\b(chmod|fchmodat)\(/.test(line) && line.includes(`${quoted},`)),
        [],
        `no chmod of ${dir} by path`,
      );
    }
  },
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

Deno.test({
  name:
    "createLegacyStore() tighten() sets a leftover's mode by fchmod on a no-follow handle, never by path",
  ignore: STRACE.ignore,
  fn() {
    STRACE.check();
    if (typeof tracedTighten === "string") throw new Error(tracedTighten);
    const quoted = JSON.stringify(`${base}/legacy/app-0`);
    const opened = tracedTighten.map((line) =>
      new RegExp(`openat\\(AT_FDCWD, ${escape(quoted)}, (O_[A-Z_|]+)\\) = (\\d+)$`).exec(line)
    ).find((match) => match !== null);
    assert.ok(opened, "the leftover is opened");
    const flags = (opened[1] ?? "").split("|");
    assert.ok(flags.includes("O_NOFOLLOW") && flags.includes("O_DIRECTORY"), opened[0]);
    assert.ok(
      tracedTighten.some((line) => new RegExp(`fchmod\\(${opened[2]}, 0700\\)\\s*= 0$`).test(line)),
      "its mode is set through its handle",
    );
    assert.deepEqual(
      tracedTighten.filter((line) =>
        /\b(chmod|fchmodat)\(/.test(line) && line.includes(`${quoted},`)
      ),
      [],
      "no chmod of it by path",
    );
  },
});

/**
 * What the store asks of the kernel, seen with `strace`: the temporary file
 * is created with mode 0700 (never readable by others, even before its
 * `chmod`), and the directory is flushed after the rename, so the new name
 * survives a crash. Skipped, saying why, where `strace` is missing or may
 * not trace.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { traceLines } from "../strace.ts";

const program = fileURLToPath(new URL("./testdata/write_one_script.ts", import.meta.url));
const config = fileURLToPath(new URL("../../deno.json", import.meta.url));

function traceWrite(base: string): Promise<string[] | string> {
  return traceLines({
    straceArgs: ["-f", "-qq", "-e", "trace=openat,rename,renameat,renameat2,fsync"],
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

const base = await Deno.makeTempDir({ prefix: "script_store_syscalls_" });
addEventListener("unload", () => Deno.removeSync(base, { recursive: true }));
const traced = await traceWrite(base);
if (typeof traced === "string") console.log(`script_store_syscalls_test.ts: skipped: ${traced}`);

Deno.test({
  name:
    "createScriptStore() write() creates the temporary file 0700 and flushes the directory after the rename",
  ignore: typeof traced === "string",
  fn() {
    const lines = typeof traced === "string" ? [] : traced;
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

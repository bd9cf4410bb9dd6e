/**
 * A named pipe (FIFO) standing where a script goes. Opening a FIFO for reading
 * blocks until a writer comes, so a store that opens before it checks what
 * the path is hangs the hook for good: Juju never times a hook out. The store
 * looks first, and replaces the FIFO with a regular file by rename.
 *
 * @module
 */

import assert from "node:assert/strict";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { createModel } from "../fake_juju/model.ts";
import { APP, LEADER, SCRIPT, withTempDir } from "./fault_helpers.ts";

/** How long the hook may take before it counts as hung. */
const PATIENCE_MS = 3000;

Deno.test("a FIFO where a script goes is replaced by a regular file instead of hanging the hook", async () => {
  await withTempDir(async (dir) => {
    const optDir = `${dir}/opt`;
    const fifo = `${optDir}/${APP}/scripts/run-after-backup`;
    await Deno.mkdir(`${optDir}/${APP}/scripts`, { recursive: true });
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.ok(made.success, "mkfifo");
    const model = createModel({
      app: APP,
      config: { fileset: "/srv", "run-after-backup": SCRIPT },
      relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
    });
    const hook = runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = await Promise.race([
      hook.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PATIENCE_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!settled) {
      // Let the blocked open() through, so the test ends either way.
      (await Deno.open(fifo, { write: true })).close();
    }
    const result = await hook;
    assert.ok(settled, `the hook was still blocked on ${fifo} after ${PATIENCE_MS} ms`);
    assert.equal(result.exitCode, 0, result.errors.join("\n"));
    assert.ok((await Deno.lstat(fifo)).isFile);
    assert.equal(await Deno.readTextFile(fifo), SCRIPT);
  });
});

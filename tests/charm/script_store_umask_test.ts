/**
 * The modes a script and its directories get do not depend on the umask of
 * the unit agent (0777 included): the store sets them exactly. Deno has no umask call, so the
 * write runs in a child process started by a shell that sets one.
 */
import assert from "node:assert/strict";

const modeOf = async (path: string) => ((await Deno.lstat(path)).mode ?? 0) & 0o7777;

/** Write one script and mark a unit with `createScriptStore()` in a child process under `umask`. */
async function writeUnderUmask(umask: string, dir: string): Promise<void> {
  const store = new URL("../../src/charm/script_store.ts", import.meta.url).href;
  const program = [
    `import { createScriptStore, SCRIPT_MODE } from ${JSON.stringify(store)};`,
    `const store = createScriptStore(${JSON.stringify(dir)});`,
    `await store.write("run-before-backup", new TextEncoder().encode("#!/bin/sh\\n"), SCRIPT_MODE);`,
    `await store.claim("app/0");`,
  ].join("\n");
  const output = await new Deno.Command("sh", {
    args: ["-c", `umask ${umask} && exec "$0" eval --no-config "$1"`, Deno.execPath(), program],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
}

for (const umask of ["177", "077", "000", "777"]) {
  Deno.test(`createScriptStore() sets 0700 on the script and its directories, 0600 on the unit's marker, under umask ${umask}`, async () => {
    const base = await Deno.makeTempDir({ prefix: "script_store_umask_test_" });
    try {
      await writeUnderUmask(umask, `${base}/opt/app/scripts`);
      assert.equal(await modeOf(`${base}/opt/app/scripts/run-before-backup`), 0o700);
      assert.equal(await modeOf(`${base}/opt/app/scripts`), 0o700);
      assert.equal(await modeOf(`${base}/opt/app`), 0o700);
      assert.equal(await modeOf(`${base}/opt`), 0o755);
      assert.equal(await modeOf(`${base}/opt/app/units`), 0o700);
      assert.equal(await modeOf(`${base}/opt/app/units/app-0`), 0o600);
    } finally {
      await Deno.remove(base, { recursive: true });
    }
  });
}

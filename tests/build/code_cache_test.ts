/**
 * The compiled binary keeps no V8 code cache in `$TMPDIR`: a `deno compile`
 * binary otherwise reads and writes `$TMPDIR/deno-compile-<name>.cache`
 * without checking who owns it, and Juju leaves `TMPDIR` unset, so `/tmp`.
 * Needs the Deno runtime for `deno compile`; skipped, saying so, without it.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { compileCharm, DenoRuntimeUnavailableError } from "../../src/build/compile.ts";
import { DENO_TARGETS, hostArchitecture } from "../../src/build/platforms.ts";

const work = await Deno.makeTempDir({ prefix: "code_cache_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
await Deno.writeTextFile(join(work, "main.js"), "console.log('started');\n");
let binary: string | undefined;
try {
  binary = await compileCharm({
    bundle: join(work, "main.js"),
    outFile: join(work, "bin", "backup-integrator"),
    target: DENO_TARGETS[hostArchitecture()],
    optDir: join(work, "opt"),
  });
} catch (error) {
  if (!(error instanceof DenoRuntimeUnavailableError)) throw error;
  console.log(
    "code_cache_test.ts: skipped: the Deno runtime for deno compile cannot be obtained here",
  );
}

Deno.test({
  name: "the compiled binary neither reads nor writes a code cache in TMPDIR",
  ignore: binary === undefined,
  async fn() {
    const tmp = join(work, "tmp");
    await Deno.mkdir(tmp);
    for (let run = 0; run < 2; run++) {
      const output = await new Deno.Command(binary ?? "", {
        env: { TMPDIR: tmp },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(new TextDecoder().decode(output.stdout), "started\n");
    }
    assert.deepEqual([...Deno.readDirSync(tmp)].map((entry) => entry.name), []);
  },
});

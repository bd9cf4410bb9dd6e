/**
 * The permissions `deno compile` bakes into the charm binary are the
 * contract's, and it keeps no V8 code cache (`--no-code-cache` leaves
 * `code_cache_key` null in the metadata; see `code_cache_test.ts` for what
 * the compiled binary then does). A real `deno compile` runs, with `DENORT_BIN` naming a stand-in
 * runtime (any executable: the runtime is only copied), and the metadata it
 * appends to the binary is read back.
 */
import assert from "node:assert/strict";
import { compileCharm } from "../../src/build/compile.ts";
import { CONTRACT_ALL_TOOLS, CONTRACT_ENV_VARS } from "../contract.ts";

/** The `code_cache_key` of the metadata `deno compile` appended to `binary`. */
function compiledCodeCacheKey(binary: Uint8Array): unknown {
  const text = new TextDecoder("latin1").decode(binary);
  const found = /"code_cache_key":(null|\d+)/.exec(text);
  assert.ok(found?.[1] !== undefined, "no code_cache_key in the compiled binary's metadata");
  return JSON.parse(found[1]);
}

/** The `permissions` object of the metadata `deno compile` appended to `binary`. */
function compiledPermissions(binary: Uint8Array): Record<string, unknown> {
  const text = new TextDecoder("latin1").decode(binary);
  const found = /"permissions":(\{[^{}]*\})/.exec(text);
  assert.ok(found?.[1] !== undefined, "no permissions in the compiled binary's metadata");
  return JSON.parse(found[1]);
}

Deno.test("compileCharm() bakes exactly the charm's permission flags, and no code cache, into the binary", async () => {
  const dir = await Deno.makeTempDir({ prefix: "compile_permissions_test_" });
  const before = Deno.env.get("DENORT_BIN");
  try {
    const bundle = `${dir}/main.js`;
    await Deno.writeTextFile(bundle, "console.log(1);\n");
    Deno.env.set("DENORT_BIN", "/usr/bin/true");
    const binary = await compileCharm({
      bundle,
      outFile: `${dir}/out/backup-integrator`,
      target: "x86_64-unknown-linux-gnu",
      optDir: `${dir}/opt`,
    });
    const bytes = await Deno.readFile(binary);
    assert.equal(compiledCodeCacheKey(bytes), null, "compiled with --no-code-cache");
    const permissions = compiledPermissions(bytes);
    assert.deepEqual(
      {
        allow_env: permissions["allow_env"],
        allow_run: permissions["allow_run"],
        allow_sys: permissions["allow_sys"],
        allow_read: permissions["allow_read"],
        allow_write: permissions["allow_write"],
        allow_net: permissions["allow_net"],
        allow_ffi: permissions["allow_ffi"],
        prompt: permissions["prompt"],
      },
      {
        allow_env: [...CONTRACT_ENV_VARS],
        allow_run: [...CONTRACT_ALL_TOOLS],
        allow_sys: ["uid"],
        // The base's parent too: the charm checks who may write it.
        allow_read: [`${dir}/opt`, dir],
        allow_write: [`${dir}/opt`],
        allow_net: null,
        allow_ffi: null,
        prompt: false,
      },
    );
  } finally {
    if (before === undefined) Deno.env.delete("DENORT_BIN");
    else Deno.env.set("DENORT_BIN", before);
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * The permissions `deno compile` bakes into the charm binary are the
 * contract's. A real `deno compile` runs, with `DENORT_BIN` naming a stand-in
 * runtime (any executable: the runtime is only copied), and the metadata it
 * appends to the binary is read back.
 */
import assert from "node:assert/strict";
import { compileCharm } from "../../src/build/compile.ts";
import { CONTRACT_ALL_TOOLS, CONTRACT_ENV_VARS } from "../contract.ts";

/** The `permissions` object of the metadata `deno compile` appended to `binary`. */
function compiledPermissions(binary: Uint8Array): Record<string, unknown> {
  const text = new TextDecoder("latin1").decode(binary);
  const found = /"permissions":(\{[^{}]*\})/.exec(text);
  assert.ok(found?.[1] !== undefined, "no permissions in the compiled binary's metadata");
  return JSON.parse(found[1]);
}

Deno.test("compileCharm() bakes exactly the charm's permission flags into the binary", async () => {
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
    const permissions = compiledPermissions(await Deno.readFile(binary));
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
        allow_read: [`${dir}/opt`],
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

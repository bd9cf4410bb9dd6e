/**
 * The largest configs Juju can store are read: `config-get` prints a 12 MiB
 * script of control characters as 72 MiB of JSON (`\u0001` is six bytes), and
 * the hook writes it exactly. `config-get` here is a real process, read
 * through the production runner with its production bounds.
 *
 * @module
 */

import assert from "node:assert/strict";
import { createProcessRunner } from "../../src/juju/hook_tool_runner.ts";
import { within } from "../deadline.ts";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { createModel } from "../fake_juju/model.ts";
import { APP, LEADER, withTempDir } from "./fault_helpers.ts";

const SCRIPT_BYTES = 12 * 1024 * 1024;

Deno.test("a hook writes exactly a 12 MiB script of control characters, 72 MiB of config-get output", async () => {
  await withTempDir(async (dir) => {
    // `yes` prints `\u0001` and a newline, over and over; six bytes of JSON each.
    const configGet = `${dir}/config-get`;
    await Deno.writeTextFile(
      configGet,
      "#!/bin/sh\n" +
        `printf '{"fileset":"/srv","run-before-backup":"'\n` +
        `yes '\\u0001' | tr -d '\\n' | head -c ${6 * SCRIPT_BYTES}\n` +
        `printf '"}\\n'\n`,
    );
    await Deno.chmod(configGet, 0o755);
    const process = createProcessRunner();
    const model = createModel({
      app: APP,
      units: [LEADER],
      config: { fileset: "/srv" },
      relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
    });
    const optDir = `${dir}/opt`;
    const result = await within(
      runHookInMemory(model, {
        unit: LEADER,
        hook: "config-changed",
        optDir,
        wrapRunner: (memory) => ({
          run: (call) =>
            call.tool === "config-get"
              ? process.run({ ...call, tool: configGet })
              : memory.run(call),
        }),
      }),
      120_000,
      "the hook",
    );
    assert.equal(result.exitCode, 0, result.errors.join("\n"));
    assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "" });
    const path = `${optDir}/${APP}/scripts/run-before-backup`;
    assert.equal(model.relations["backup:1"]?.appData[APP]?.["run-before-backup"], path);
    const written = await Deno.readFile(path);
    assert.equal(written.length, SCRIPT_BYTES);
    assert.equal(written.findIndex((byte) => byte !== 1), -1, "every byte is U+0001");
  });
});

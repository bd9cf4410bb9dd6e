import assert from "node:assert/strict";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { parseFileset } from "../../src/charm/fileset.ts";
import { withTempDir } from "../faults/fault_helpers.ts";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { createModel } from "../fake_juju/model.ts";
import { runTool } from "../fake_juju/tool_dispatch.ts";
import { YAML_UNPRINTABLE_MESSAGE } from "../fake_juju/yaml_printable.ts";
import { HOSTILE_FILESETS, ORDINARY_PATHS } from "./hostile_filesets.ts";

const APP = "backup-integrator";
const LEADER = `${APP}/0`;

for (const hostile of HOSTILE_FILESETS) {
  Deno.test(`reconcile() sets blocked for ${hostile.name}, and publishes nothing`, async () => {
    const config = parseCharmConfig({ fileset: hostile.value });
    assert.equal(config.ok ? "" : config.message, hostile.message);
    await withTempDir(async (optDir) => {
      const model = createModel({
        app: APP,
        config: { fileset: hostile.value },
        relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
      });
      const result = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
      assert.equal(result.exitCode, 0, result.errors.join("\n"));
      assert.deepEqual(model.units[LEADER]?.status, {
        status: "blocked",
        message: hostile.message,
      });
      assert.ok(!result.calls.some((call) => call.tool === "relation-set"));
      assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {});
    });
  });
}

Deno.test("the status message shows no invisible, control, format or noncharacter raw", () => {
  for (const hostile of HOSTILE_FILESETS) {
    assert.doesNotMatch(
      hostile.message,
      /[\p{Cc}\p{Cf}\p{Noncharacter_Code_Point}\p{Default_Ignorable_Code_Point}\u2800]|(?! )\p{White_Space}/u,
      hostile.name,
    );
  }
});

Deno.test("the fake relation-set refuses the data of every value refused for Juju's YAML", () => {
  const yaml = HOSTILE_FILESETS.filter((hostile) => hostile.kind === "yaml");
  assert.ok(yaml.length >= 2);
  for (const hostile of yaml) {
    const model = createModel({
      app: APP,
      relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
    });
    const result = runTool(model, { unit: LEADER, hook: "config-changed" }, {
      tool: "relation-set",
      args: ["-r", "backup:1", "--app", "--file", "-"],
      stdin: JSON.stringify({ fileset: hostile.value }),
    });
    assert.deepEqual(
      { exitCode: result.exitCode, stderr: result.stderr },
      { exitCode: 1, stderr: `ERROR ${YAML_UNPRINTABLE_MESSAGE}\n` },
      hostile.name,
    );
    assert.deepEqual(model.pending, {});
  }
});

Deno.test("parseFileset() accepts ordinary real paths as they are", () => {
  assert.deepEqual(parseFileset(ORDINARY_PATHS.join(",")), { ok: true, paths: ORDINARY_PATHS });
});

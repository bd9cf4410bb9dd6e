import assert from "node:assert/strict";
import type { FakeModel } from "../model.ts";
import type { ToolResult } from "../tool_dispatch.ts";
import { YAML_UNPRINTABLE_MESSAGE } from "../yaml_printable.ts";
import { LEADER, run, setup } from "./_testing.ts";

function setSettings(model: FakeModel, stdin: string): ToolResult {
  return run(model, "relation-set", ["-r", "backup:3", "--app", "--file", "-"], { stdin });
}

const REFUSED: readonly [string, string][] = [
  ["U+FFFF", "\uffff"],
  ["U+FFFE", "\ufffe"],
  ["a C0 control", "\u0001"],
  ["DEL", "\u007f"],
  ["a C1 control", "\u0090"],
  ["a lone surrogate", "\ud800"],
];
for (const [name, character] of REFUSED) {
  Deno.test(`runTool() relation-set --file refuses ${name} raw in the data, as go-yaml does`, () => {
    const model = setup();
    const result = setSettings(model, `{"fileset": "/srv/${character}"}`);
    assert.deepEqual(result, {
      exitCode: 1,
      stdout: "",
      stderr: `ERROR ${YAML_UNPRINTABLE_MESSAGE}\n`,
    });
    assert.deepEqual(model.pending, {});
  });
}

Deno.test("runTool() relation-set --file takes what YAML can print, and escapes of what it cannot", () => {
  const model = setup();
  const value = "/srv/\t\u0085\u00a0\ud7ff\ue000\ufffd\u{10000}\u{10ffff}";
  // JSON escapes are parsed after the reader's check: go-yaml takes \uffff.
  const result = setSettings(model, `{"fileset": ${JSON.stringify(value)}, "x": "\\uffff"}`);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(model.pending[LEADER], [
    { relationId: "backup:3", bag: "app", settings: { fileset: value, x: "\uffff" } },
  ]);
});

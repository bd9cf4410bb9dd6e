import assert from "node:assert/strict";
import { createModel, type FakeModel, runTool, type ToolResult } from "./model.ts";
import { isYamlPrintable, YAML_UNPRINTABLE_MESSAGE } from "./yaml_printable.ts";

const APP = "backup-integrator";
const LEADER = `${APP}/0`;

function setSettings(model: FakeModel, stdin: string): ToolResult {
  return runTool(model, { unit: LEADER, hook: "config-changed" }, {
    tool: "relation-set",
    args: ["-r", "backup:1", "--app", "--file", "-"],
    stdin,
  });
}

function model(): FakeModel {
  return createModel({ app: APP, relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }] });
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
    const fake = model();
    const result = setSettings(fake, `{"fileset": "/srv/${character}"}`);
    assert.deepEqual(result, {
      exitCode: 1,
      stdout: "",
      stderr: `ERROR ${YAML_UNPRINTABLE_MESSAGE}\n`,
    });
    assert.deepEqual(fake.pending, {});
  });
}

Deno.test("runTool() relation-set --file takes what YAML can print, and escapes of what it cannot", () => {
  const fake = model();
  const value = "/srv/\t\u0085\u00a0\ud7ff\ue000\ufffd\u{10000}\u{10ffff}";
  // JSON escapes are parsed after the reader's check: go-yaml takes \uffff.
  const result = setSettings(fake, `{"fileset": ${JSON.stringify(value)}, "x": "\\uffff"}`);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(fake.pending[LEADER], [
    { relationId: "backup:1", bag: "app", settings: { fileset: value, x: "\uffff" } },
  ]);
});

Deno.test("isYamlPrintable() follows YAML's printable set at each boundary", () => {
  const printable = [0x09, 0x0a, 0x0d, 0x20, 0x7e, 0x85, 0xa0, 0xd7ff, 0xe000, 0xfffd, 0x10000];
  const unprintable = [0x00, 0x08, 0x0b, 0x1f, 0x7f, 0x84, 0x86, 0x9f, 0xd800, 0xdfff, 0xfffe];
  assert.deepEqual(printable.filter((code) => !isYamlPrintable(code)), []);
  assert.deepEqual(unprintable.filter((code) => isYamlPrintable(code)), []);
  assert.equal(isYamlPrintable(0xffff), false);
  assert.equal(isYamlPrintable(0x10ffff), true);
});

/**
 * Hostile configuration: very long values, escapes that look like other
 * encodings, NUL, newlines, quotes, thousands of fileset entries, scripts of
 * several MB, values of the wrong type. Each gives either a clean result or
 * `blocked` with a short message; never a crash, never a hook-tool argument
 * that could overflow argv (large data goes on stdin).
 *
 * @module
 */

import assert from "node:assert/strict";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { type ConfigValue, createModel, type FakeCall } from "../fake_juju/model.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import {
  APP,
  LEADER,
  listTree,
  MAX_ARGUMENT_BYTES,
  oversizedArguments,
  SCRIPT,
  temporaryFiles,
  withTempDir,
} from "./fault_helpers.ts";

/** Longest status message accepted: the rule plus a value quoted to 24 bytes, with room to spare. */
const MAX_MESSAGE_LENGTH = 300;

const MANY = Array.from({ length: 5000 }, (_, i) => `/srv/data/tenant-${i}/files`);

interface HostileCase {
  readonly name: string;
  readonly config: Readonly<Record<string, ConfigValue>>;
  /** `active` when the config is fine; else a pattern the `blocked` message must match. */
  readonly expect: "active" | RegExp;
}

const CASES: readonly HostileCase[] = [
  {
    name: "a fileset path of 1 MiB",
    config: { fileset: `/${"a".repeat(1 << 20)}` },
    expect: /is longer than 4096 bytes$/,
  },
  {
    name: "a fileset path of exactly 4096 bytes",
    config: { fileset: `/${"b".repeat(4095)}` },
    expect: "active",
  },
  {
    name: "a fileset of 100 000 commas",
    config: { fileset: ",".repeat(100_000) },
    expect: /lists no path$/,
  },
  {
    name: "a fileset with NUL",
    config: { fileset: "/srv/a\u0000b" },
    expect: /contains a control character \(U\+0000\)$/,
  },
  {
    name: "a fileset with a newline that would inject a directive",
    config: { fileset: "/srv\nFile = /etc/shadow" },
    expect: /contains a control character \(U\+000A\)$/,
  },
  {
    name: "a fileset with a lone surrogate",
    config: { fileset: "/srv/\uD800" },
    expect: /is not valid Unicode$/,
  },
  {
    name: "a fileset with percent escapes and characters beyond ASCII",
    config: { fileset: "/srv/%FF%00,/srv/ÿþ,/srv/\uFFFD,/srv/日本,/srv/it's" },
    expect: "active",
  },
  {
    name: "a fileset with text that looks like byte escapes",
    config: { fileset: "/srv/\\xff\\xfe" },
    expect: /contains "\\\\", which the backup server's configuration reserves$/,
  },
  {
    name: "a fileset with double quotes",
    config: { fileset: `/srv/"quoted"` },
    expect: /contains "\\"", which the backup server's configuration reserves$/,
  },
  {
    name: "a fileset of 5000 entries",
    config: { fileset: MANY.join(",") },
    expect: "active",
  },
  {
    name: "a fileset of 5000 entries, the last one relative",
    config: { fileset: [...MANY, "srv/relative"].join(",") },
    expect: /^invalid config: fileset: "srv\/relative" is not an absolute path$/,
  },
  {
    name: "a script of 8 MiB",
    config: { fileset: "/srv", "run-before-backup": `${SCRIPT}#${"z".repeat(8 << 20)}\n` },
    expect: "active",
  },
  {
    name: "scripts with NUL, DEL, escapes, quotes and CRLF",
    config: {
      fileset: "/srv",
      "run-after-backup": "#!/bin/sh\r\necho '\u0000\u007f\\xff \"q\" `x` $(y)'\r\n",
      "run-before-restore": "\n\n\n",
    },
    expect: "active",
  },
  {
    name: "a script with a lone surrogate",
    config: { fileset: "/srv", "run-after-restore": "#!/bin/sh\necho \uDC00\n" },
    expect: "active",
  },
  {
    name: "a number for the fileset",
    config: { fileset: 42 },
    expect: /^invalid config: fileset: 42 is not a string$/,
  },
  {
    name: "a boolean for a script",
    config: { fileset: "/srv", "run-before-backup": true },
    expect: /^invalid config: run-before-backup: true is not a string$/,
  },
];

function checkCalls(name: string, calls: readonly FakeCall[]): void {
  assert.deepEqual(
    oversizedArguments(calls),
    [],
    `${name}: an argument over ${MAX_ARGUMENT_BYTES} bytes`,
  );
  for (const call of calls.filter((call) => call.tool === "relation-set")) {
    assert.deepEqual(call.args, ["-r", "backup:1", "--app", "--file", "-"], name);
    assert.ok((call.stdin ?? "").length > 0, `${name}: relation data goes on stdin`);
  }
}

Deno.test("hostile config gives a clean result or a short blocked message, never a crash or a huge argument", async () => {
  for (const hostile of CASES) {
    await withTempDir(async (optDir) => {
      const model = createModel({
        app: APP,
        config: hostile.config,
        relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
      });
      const result = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
      assert.equal(result.exitCode, 0, `${hostile.name}: ${result.errors.join("\n")}`);
      checkCalls(hostile.name, result.calls);
      const status = model.units[LEADER]?.status;
      assert.ok((status?.message.length ?? 0) <= MAX_MESSAGE_LENGTH, hostile.name);
      const bag = model.relations["backup:1"]?.appData[APP] ?? {};
      if (hostile.expect === "active") {
        assert.deepEqual(status, { status: "active", message: "" }, hostile.name);
        for (const [key, value] of Object.entries(hostile.config)) {
          if (key === "fileset") continue;
          const path = `${optDir}/${APP}/scripts/${key}`;
          assert.equal(bag[key], path, hostile.name);
          const written = await Deno.readFile(path);
          assert.deepEqual(written, new TextEncoder().encode(String(value)), hostile.name);
        }
        // The next hook finds nothing to change.
        const steady = await runHookInMemory(model, {
          unit: LEADER,
          hook: "config-changed",
          optDir,
        });
        assert.deepEqual(
          steady.calls.map((call) => call.tool),
          ["config-get", "relation-ids", "is-leader", "relation-get", "status-set"],
          hostile.name,
        );
      } else {
        assert.equal(status?.status, "blocked", hostile.name);
        assert.match(status?.message ?? "", hostile.expect, hostile.name);
        assert.deepEqual(bag, {}, `${hostile.name}: blocked changes nothing`);
        assert.deepEqual(await listTree(optDir), [], `${hostile.name}: blocked writes nothing`);
      }
      assert.deepEqual(await temporaryFiles(optDir), [], hostile.name);
    });
  }
});

Deno.test("dispatch passes an 8 MiB script and 5000 fileset entries with no argument over 16 KiB", async () => {
  const script = `${SCRIPT}#${"q".repeat(8 << 20)}\n`;
  const juju = await FakeJuju.create({
    app: APP,
    units: [LEADER],
    config: { fileset: MANY.join(","), "run-before-backup": script },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
    entry: await charmEntry(),
  });
  try {
    const result = await juju.runHook(LEADER, "config-changed");
    assert.equal(result.exitCode, 0, result.stderr);
    checkCalls("dispatch", result.calls);
    const model = await juju.model();
    assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "" });
    assert.equal(model.relations["backup:1"]?.appData[APP]?.["fileset"], MANY.join(","));
    const path = `${juju.optDir}/${APP}/scripts/run-before-backup`;
    assert.equal(await Deno.readTextFile(path), script);
  } finally {
    await juju.cleanup();
  }
});

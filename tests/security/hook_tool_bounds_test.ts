/**
 * Faulty hook tools, through the real `dispatch` under the production
 * permission flags: a tool that hangs, one that floods stderr before reading
 * its stdin, one that prints 100 MB; and environments with `ld_*`, `DENO_*` and
 * the like set.
 * Each hook ends, fails naming the tool where the tool is at fault, commits
 * nothing, and logs one ERROR line that fits in one argument and holds no
 * raw newline.
 *
 * @module
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { APP, LEADER } from "../faults/fault_helpers.ts";
import type { FakeJuju } from "../fake_juju/fake_juju.ts";
import type { HookResult } from "../fake_juju/fake_juju.ts";
import { replaceTool, withCharm, within } from "./security_helpers.ts";
import { SHORT_TIMEOUT_MS } from "./testdata/short_timeout_entry.ts";

/** One argument on Linux: 32 pages. */
const MAX_ARGUMENT_BYTES = 128 * 1024;

async function failedNaming(juju: FakeJuju, result: HookResult, pattern: RegExp): Promise<void> {
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, pattern);
  const model = await juju.model();
  assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {});
  assert.equal(model.units[LEADER]?.status.status, "error");
  const error = model.units[LEADER]?.logs.at(-1);
  assert.equal(error?.level, "ERROR", "the ERROR line reached juju-log");
  assert.match(error?.message ?? "", pattern);
  assert.ok(!error?.message.includes("\n"), "no raw newline in the ERROR line");
  assert.ok(new TextEncoder().encode(error?.message).length < MAX_ARGUMENT_BYTES);
}

Deno.test("dispatch kills a hook tool that hangs and fails the hook naming it", async () => {
  const entry = fileURLToPath(new URL("./testdata/short_timeout_entry.ts", import.meta.url));
  await withCharm({ entry }, async (juju) => {
    await replaceTool(juju, "is-leader", "exec sleep 600");
    const result = await within(juju.runHook(LEADER, "config-changed"), 60_000, "the hook");
    await failedNaming(
      juju,
      result,
      new RegExp(`is-leader --format=json timed out after ${SHORT_TIMEOUT_MS / 1000} s`),
    );
  });
});

Deno.test("dispatch survives a tool that floods stderr before reading a large stdin", async () => {
  // A fileset of about 200 KB: relation-set's stdin overflows the pipe.
  const fileset = Array.from({ length: 10_000 }, (_, i) => `/srv/data/dir-${i}`).join(",");
  await withCharm({ config: { fileset } }, async (juju) => {
    await replaceTool(
      juju,
      "relation-set",
      "yes 'ERROR flooded line' | head -c 1000000 >&2\ncat > /dev/null\nexit 1",
    );
    const result = await within(juju.runHook(LEADER, "config-changed"), 60_000, "the hook");
    await failedNaming(juju, result, /relation-set -r backup:1 --app --file - exited with 1: /);
  });
});

Deno.test("dispatch kills a tool that prints 100 MB and fails the hook naming it", async () => {
  await withCharm({}, async (juju) => {
    await replaceTool(juju, "config-get", "head -c 100000000 /dev/zero | tr '\\0' ' '");
    const result = await within(juju.runHook(LEADER, "config-changed"), 60_000, "the hook");
    await failedNaming(juju, result, /config-get --format=json printed more than 64 MiB/);
  });
});

/**
 * Environments that, reaching the runtime, would fail every hook or change
 * how it runs: Deno refuses to spawn while any `ld_*`/`dyld_*` variable is
 * set, in any letter case, so each is tried alone.
 */
const HOSTILE_ENVIRONMENTS: readonly Record<string, string>[] = [
  {
    LD_LIBRARY_PATH: "/nonexistent/lib",
    LD_PRELOAD: "",
    DYLD_INSERT_LIBRARIES: "/nonexistent/lib.dylib",
  },
  { ld_preload: "x" },
  { DYLD_INSERT_LIBRARIES: "x" },
  {
    DENO_V8_FLAGS: "--max-old-space-size=1",
    DENO_DIR: "/nonexistent/deno",
    DENO_CERT: "/nonexistent/ca.pem",
    NODE_OPTIONS: "--require=/nonexistent/evil.js",
    TMPDIR: "/nonexistent/tmp",
  },
];

Deno.test("dispatch runs the hook with ld_*, dyld_*, DENO_* and NODE_OPTIONS set, each set alone", async () => {
  await withCharm({}, async (juju) => {
    for (const env of HOSTILE_ENVIRONMENTS) {
      const result = await juju.runHook(LEADER, "config-changed", { env });
      assert.equal(result.exitCode, 0, `${JSON.stringify(env)}: ${result.stderr}`);
      assert.deepEqual(
        (await juju.model()).units[LEADER]?.status,
        { status: "active", message: "" },
        JSON.stringify(env),
      );
    }
  });
});

/**
 * The charm killed while it writes scripts. Writes go to a temporary file
 * that is renamed over the script, so a script is always whole: the old
 * content or the new. A temporary file left by a killed write is removed by
 * the next hook.
 *
 * @module
 */

import assert from "node:assert/strict";
import { isTemporaryName } from "../../src/charm/script_store.ts";
import type { HookToolCall } from "../../src/juju/hook_tool_runner.ts";
import { cannedAnswers, recordAnswers, writeCannedTools } from "../fake_juju/canned_tools.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { createModel } from "../fake_juju/model.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { probeStrace, traceLines } from "../strace.ts";
import { APP, LEADER, SCRIPT, temporaryFiles, withTempDir } from "./fault_helpers.ts";

const NEW_SCRIPT = `${SCRIPT}gzip -9 /var/backups/app.sql\n`;

Deno.test("a temporary file left by a killed write is removed by the next hook and never taken for the script", async () => {
  for (const config of [SCRIPT, NEW_SCRIPT]) {
    await withTempDir(async (optDir) => {
      const scripts = `${optDir}/${APP}/scripts`;
      await Deno.mkdir(scripts, { recursive: true });
      await Deno.writeTextFile(`${scripts}/run-before-backup`, SCRIPT, { mode: 0o700 });
      await Deno.chmod(`${scripts}/run-before-backup`, 0o700);
      const leftover = ".run-before-backup.tmp-0123456789ab";
      await Deno.writeTextFile(`${scripts}/${leftover}`, NEW_SCRIPT.slice(0, 20));
      const inode = (await Deno.stat(`${scripts}/run-before-backup`)).ino;
      const model = createModel({
        app: APP,
        config: { fileset: "/srv", "run-before-backup": config },
      });
      const result = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
      assert.equal(result.exitCode, 0, result.errors.join("\n"));
      assert.deepEqual(await temporaryFiles(optDir), []);
      assert.equal(await Deno.readTextFile(`${scripts}/run-before-backup`), config);
      if (config === SCRIPT) {
        assert.equal((await Deno.stat(`${scripts}/run-before-backup`)).ino, inode, "not rewritten");
      }
      assert.ok(
        model.units[LEADER]?.logs.some((entry) =>
          entry.message === `removed leftover temporary file ${scripts}/${leftover}`
        ),
      );
    });
  }
});

/** Two versions of two big scripts, so every hook rewrites both. */
function bigScripts(tag: string, bytes: number): Record<string, string> {
  const line = `echo ${tag} ${"x".repeat(70)}\n`;
  const body = line.repeat(Math.ceil(bytes / line.length));
  return {
    "run-before-backup": `#!/bin/sh\n# before ${tag}\n${body}`,
    "run-after-backup": `#!/bin/sh\n# after ${tag}\n${body}`,
  };
}

/** Canned tools that answer as the fake would with this config and no relation. */
async function cannedFor(juju: FakeJuju, scripts: Record<string, string>, scratch: string) {
  const model = createModel({ app: APP, config: { fileset: "/srv", ...scripts } });
  const recorded: { call: HookToolCall; stdout: string }[] = [];
  const result = await runHookInMemory(model, {
    unit: LEADER,
    hook: "config-changed",
    optDir: scratch,
    wrapRunner: (runner) =>
      recordAnswers(runner, (call, stdout) => recorded.push({ call, stdout })),
  });
  assert.equal(result.exitCode, 0, result.errors.join("\n"));
  await writeCannedTools(juju.toolsDir, {
    answers: cannedAnswers(recorded),
    callLog: `${juju.dir}/calls.log`,
  });
}

async function readScripts(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    if (!isTemporaryName(entry.name)) {
      files.set(entry.name, await Deno.readTextFile(`${dir}/${entry.name}`));
    }
  }
  return files;
}

/**
 * Run the hook under `strace`, which kills it with SIGKILL as it enters its
 * first call of `syscall` (`-y` names each descriptor's file): no timing is
 * involved, the kill lands at the same point every run.
 *
 * @returns The calls of `syscall` the hook started, or why `strace` cannot be used.
 */
async function killAt(
  juju: FakeJuju,
  options: { env: Record<string, string>; syscall: string; trace: string },
): Promise<string[] | string> {
  const lines = await traceLines({
    straceArgs: [
      "-f",
      "-qq",
      "-y",
      "-e",
      `trace=${options.syscall}`,
      "-e",
      `inject=${options.syscall}:signal=KILL:when=1`,
    ],
    output: options.trace,
    command: [`${juju.charmDir}/dispatch`],
    spawn: { cwd: juju.charmDir, env: options.env, clearEnv: true },
    anyExit: true,
  });
  return typeof lines === "string"
    ? lines
    : lines.filter((line) => line.includes(`${options.syscall}(`));
}

const STRACE = await probeStrace("killed_mid_write_test.ts");

/** Run the hook to its end. */
async function runWhole(juju: FakeJuju, env: Record<string, string>): Promise<number> {
  const output = await new Deno.Command(`${juju.charmDir}/dispatch`, {
    cwd: juju.charmDir,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  return output.code;
}

/**
 * Where the hook is killed, in order, each time with both scripts to become
 * version B: as it flushes the directory after the first script's rename
 * (one script new, no temporary file), then as it renames the other (its
 * new content whole in a temporary file, not yet in place).
 */
const KILL_POINTS = [
  { syscall: "fsync", at: "the directory flush", leftovers: 0 },
  { syscall: "rename", at: "a rename", leftovers: 1 },
] as const;

Deno.test({
  name: "dispatch killed mid-write never leaves a partial script, and the next hook cleans up",
  ignore: STRACE.ignore,
  async fn() {
    STRACE.check();
    const versions = [bigScripts("A", 4 << 20), bigScripts("B", 4 << 20)] as const;
    await withTempDir(async (scratch) => {
      await using juju = await FakeJuju.create({
        app: APP,
        units: [LEADER],
        entry: await charmEntry(),
      });
      const scripts = `${juju.optDir}/${APP}/scripts`;
      const env = await juju.hookEnvironment(LEADER, "config-changed");
      await cannedFor(juju, versions[0], scratch);
      assert.equal(await runWhole(juju, env), 0);
      const old = await readScripts(scripts);
      await cannedFor(juju, versions[1], scratch);
      for (const point of KILL_POINTS) {
        const calls = await killAt(juju, {
          env,
          syscall: point.syscall,
          trace: `${scratch}/trace`,
        });
        if (typeof calls === "string") throw new Error(calls);
        // The one call made is the one killed, and it is the charm's, in the scripts directory.
        assert.equal(calls.length, 1, calls.join("\n"));
        assert.ok(calls[0]?.includes(`${scripts}`), calls[0]);
        const leftovers = await temporaryFiles(scripts);
        assert.equal(leftovers.length, point.leftovers, `killed at ${point.at}: ${leftovers}`);
        for (const name of leftovers) {
          // A temporary file is private from its first moment.
          const mode = ((await Deno.lstat(`${scripts}/${name}`)).mode ?? 0) & 0o7777;
          assert.equal(mode & 0o077, 0, `${name} has mode ${mode.toString(8)}`);
        }
        const now = await readScripts(scripts);
        for (const [name, content] of now) {
          assert.ok(
            content === old.get(name) || content === versions[1][name],
            `killed at ${point.at}, ${name} is neither the old nor the new script ` +
              `(${content.length} bytes)`,
          );
        }
        const renewed = [...now].filter(([name, content]) => content === versions[1][name]);
        assert.equal(renewed.length, 1, `killed at ${point.at}: one script is new`);
      }
      assert.equal(await runWhole(juju, env), 0);
      assert.deepEqual(await temporaryFiles(scripts), []);
      assert.deepEqual(await readScripts(scripts), new Map(Object.entries(versions[1])));
    });
  },
});

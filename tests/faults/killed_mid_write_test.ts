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

Deno.test("dispatch killed mid-write never leaves a partial script, and the next hook cleans up", async () => {
  const versions = [bigScripts("A", 4 << 20), bigScripts("B", 4 << 20)] as const;
  await withTempDir(async (scratch) => {
    const juju = await FakeJuju.create({ app: APP, units: [LEADER], entry: await charmEntry() });
    try {
      const scripts = `${juju.optDir}/${APP}/scripts`;
      const env = await juju.hookEnvironment(LEADER, "config-changed");
      const spawn = () =>
        new Deno.Command(`${juju.charmDir}/dispatch`, {
          cwd: juju.charmDir,
          env,
          clearEnv: true,
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn();
      // Whole hooks, to learn how long one takes.
      let whole = Infinity;
      for (const version of versions) {
        await cannedFor(juju, version, scratch);
        const start = performance.now();
        assert.equal((await spawn().status).code, 0);
        whole = Math.min(whole, performance.now() - start);
      }

      const deadline = Date.now() + 40_000;
      let kills = 0;
      let midWrite = 0;
      let target: Record<string, string> = versions[1];
      for (let run = 0; run < 100 && Date.now() < deadline && (kills < 6 || midWrite < 2); run++) {
        target = versions[run % 2] as Record<string, string>;
        await cannedFor(juju, target, scratch);
        const old = await readScripts(scripts);
        const child = spawn();
        await new Promise((resolve) => setTimeout(resolve, whole * (0.2 + 0.8 * Math.random())));
        try {
          child.kill("SIGKILL");
        } catch (error) {
          // The hook finished first; it still counts as a run to check.
          if (!(error instanceof TypeError)) throw error;
        }
        if ((await child.status).signal === "SIGKILL") kills += 1;
        const leftovers = await temporaryFiles(scripts);
        if (leftovers.length > 0) midWrite += 1;
        for (const name of leftovers) {
          // Caught mid-write: a temporary file is private from its first moment.
          const mode = ((await Deno.lstat(`${scripts}/${name}`)).mode ?? 0) & 0o7777;
          assert.equal(mode & 0o077, 0, `${name} has mode ${mode.toString(8)}`);
        }
        for (const [name, content] of await readScripts(scripts)) {
          assert.ok(
            content === old.get(name) || content === target[name],
            `after kill ${kills}, ${name} is neither the old nor the new script ` +
              `(${content.length} bytes)`,
          );
        }
      }
      assert.ok(midWrite > 0, `none of ${kills} kills landed during a write`);

      const finished = await spawn().status;
      assert.equal(finished.code, 0);
      assert.deepEqual(await temporaryFiles(scripts), []);
      assert.deepEqual(await readScripts(scripts), new Map(Object.entries(target)));
    } finally {
      await juju.cleanup();
    }
  });
});

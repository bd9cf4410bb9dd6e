/**
 * The scripts directory cannot be made or used: a file stands where a
 * directory should be, the base directory is a dangling symlink or a loop,
 * a directory stands where a script should be. The hook fails with a message
 * naming the path; nothing half-written stays; once the obstacle is gone the
 * next hook converges. As root, permission bits stop nothing, so those are
 * the ways a directory is unwritable here; a read-only directory is tested
 * only when not root.
 *
 * @module
 */

import assert from "node:assert/strict";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { runHookInMemory } from "../fake_juju/memory_hook.ts";
import { createModel, type FakeModel } from "../fake_juju/model.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { APP, LEADER, listTree, SCRIPT, temporaryFiles, withTempDir } from "./fault_helpers.ts";

function freshModel(): FakeModel {
  return createModel({
    app: APP,
    config: { fileset: "/srv", "run-before-backup": SCRIPT },
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
  });
}

/** One way to spoil the directory: returns the base directory to use and the path in the way. */
interface Obstacle {
  readonly name: string;
  readonly make: (dir: string) => Promise<{ optDir: string; culprit: string }>;
  readonly clear: (dir: string) => Promise<void>;
}

const OBSTACLES: readonly Obstacle[] = [
  {
    name: "a file where the application directory goes",
    make: async (dir) => {
      await Deno.mkdir(`${dir}/opt`);
      await Deno.writeTextFile(`${dir}/opt/${APP}`, "in the way");
      return { optDir: `${dir}/opt`, culprit: `${dir}/opt/${APP}` };
    },
    clear: (dir) => Deno.remove(`${dir}/opt/${APP}`),
  },
  {
    name: "a file where the scripts directory goes",
    make: async (dir) => {
      await Deno.mkdir(`${dir}/opt/${APP}`, { recursive: true });
      await Deno.writeTextFile(`${dir}/opt/${APP}/scripts`, "in the way");
      return { optDir: `${dir}/opt`, culprit: `${dir}/opt/${APP}/scripts` };
    },
    clear: (dir) => Deno.remove(`${dir}/opt/${APP}/scripts`),
  },
  {
    name: "a file where the base directory goes",
    make: async (dir) => {
      await Deno.writeTextFile(`${dir}/opt`, "in the way");
      return { optDir: `${dir}/opt`, culprit: `${dir}/opt` };
    },
    clear: (dir) => Deno.remove(`${dir}/opt`),
  },
  {
    name: "a base directory under a regular file (ENOTDIR)",
    make: async (dir) => {
      await Deno.writeTextFile(`${dir}/var`, "a file, not a directory");
      return { optDir: `${dir}/var/opt`, culprit: `${dir}/var` };
    },
    clear: (dir) => Deno.remove(`${dir}/var`),
  },
  {
    name: "a base directory that is a dangling symlink",
    make: async (dir) => {
      await Deno.symlink(`${dir}/gone`, `${dir}/opt`);
      return { optDir: `${dir}/opt`, culprit: `${dir}/opt` };
    },
    // A link is refused even once its target exists: only removing it helps.
    clear: (dir) => Deno.remove(`${dir}/opt`),
  },
  {
    name: "a base directory that is a symlink loop",
    make: async (dir) => {
      await Deno.symlink(`${dir}/opt`, `${dir}/opt`);
      return { optDir: `${dir}/opt`, culprit: `${dir}/opt` };
    },
    clear: async (dir) => {
      await Deno.remove(`${dir}/opt`);
      await Deno.mkdir(`${dir}/opt`);
    },
  },
  {
    name: "a directory where a script goes",
    make: async (dir) => {
      await Deno.mkdir(`${dir}/opt/${APP}/scripts/run-before-backup/sub`, { recursive: true });
      return { optDir: `${dir}/opt`, culprit: `${dir}/opt/${APP}/scripts/run-before-backup` };
    },
    clear: (dir) => Deno.remove(`${dir}/opt/${APP}/scripts/run-before-backup`, { recursive: true }),
  },
];

Deno.test("a spoilt scripts directory fails the hook naming the path, leaves nothing half-written, and converges once fixed", async () => {
  for (const obstacle of OBSTACLES) {
    await withTempDir(async (dir) => {
      const { optDir, culprit } = await obstacle.make(dir);
      const before = await listTree(dir);
      const model = freshModel();
      const failed = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
      assert.equal(failed.exitCode, 1, obstacle.name);
      assert.equal(failed.errors.length, 1, obstacle.name);
      assert.ok(failed.errors[0]?.includes(`"${culprit}`), `${obstacle.name}: ${failed.errors[0]}`);
      assert.deepEqual(await listTree(dir), before, `${obstacle.name}: nothing was added`);
      assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {}, obstacle.name);
      assert.equal(model.units[LEADER]?.status.status, "error", obstacle.name);
      assert.ok(
        !failed.calls.some((call) => call.tool === "status-set" && call.args[0] === "active"),
        obstacle.name,
      );

      await obstacle.clear(dir);
      const retried = await runHookInMemory(model, {
        unit: LEADER,
        hook: "config-changed",
        optDir,
      });
      assert.equal(retried.exitCode, 0, `${obstacle.name}: ${retried.errors.join("\n")}`);
      assert.equal(
        await Deno.readTextFile(`${optDir}/${APP}/scripts/run-before-backup`),
        SCRIPT,
        obstacle.name,
      );
      assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "" });
      assert.deepEqual(await temporaryFiles(dir), [], obstacle.name);
    });
  }
});

Deno.test("a symlink planted where a script goes is replaced, and its target is left untouched", async () => {
  await withTempDir(async (dir) => {
    const optDir = `${dir}/opt`;
    const scripts = `${optDir}/${APP}/scripts`;
    await Deno.mkdir(scripts, { recursive: true });
    await Deno.writeTextFile(`${dir}/secret`, "root:$6$hash:19000:0:99999:7:::\n");
    await Deno.symlink(`${dir}/secret`, `${scripts}/run-before-backup`);
    const model = freshModel();
    const result = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
    assert.equal(result.exitCode, 0, result.errors.join("\n"));
    assert.equal(await Deno.readTextFile(`${dir}/secret`), "root:$6$hash:19000:0:99999:7:::\n");
    const info = await Deno.lstat(`${scripts}/run-before-backup`);
    assert.ok(info.isFile && !info.isSymlink);
    assert.equal(await Deno.readTextFile(`${scripts}/run-before-backup`), SCRIPT);
    const logged = JSON.stringify(model.units[LEADER]?.logs);
    assert.ok(!logged.includes("$6$hash"), "the target's content is never logged");
  });
});

Deno.test("dispatch fails naming the path when the base directory is a dangling symlink", async () => {
  await withTempDir(async (dir) => {
    const optDir = `${dir}/opt`;
    const juju = await FakeJuju.create({
      app: APP,
      config: { fileset: "/srv", "run-before-backup": SCRIPT },
      relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
      optDir,
      entry: await charmEntry(),
    });
    try {
      await Deno.remove(optDir);
      await Deno.symlink(`${dir}/gone`, optDir);
      const failed = await juju.runHook(LEADER, "config-changed");
      assert.equal(failed.exitCode, 1);
      assert.ok(failed.stderr.includes(`"${optDir}": it is a symbolic link`), failed.stderr);
      assert.deepEqual(await listTree(`${dir}`), ["opt"]);
      const model = await juju.model();
      assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {});
      assert.equal(model.units[LEADER]?.status.status, "error");
      assert.match(model.units[LEADER]?.logs.at(-1)?.message ?? "", /Cannot use/);
    } finally {
      await juju.cleanup();
    }
  });
});

const AS_ROOT = Deno.uid() === 0;
if (AS_ROOT) {
  console.log(
    "scripts_dir_faults_test.ts: the read-only directory case is ignored: root ignores " +
      "permission bits (the other shapes above cover root)",
  );
}

Deno.test({
  name: "a read-only scripts directory fails the hook naming the path (not as root)",
  ignore: AS_ROOT,
}, async () => {
  await withTempDir(async (dir) => {
    const optDir = `${dir}/opt`;
    const scripts = `${optDir}/${APP}/scripts`;
    await Deno.mkdir(scripts, { recursive: true });
    await Deno.chmod(scripts, 0o555);
    try {
      const model = freshModel();
      const failed = await runHookInMemory(model, { unit: LEADER, hook: "config-changed", optDir });
      assert.equal(failed.exitCode, 1);
      assert.ok(failed.errors[0]?.includes(`"${scripts}/run-before-backup"`), failed.errors[0]);
      assert.deepEqual(await listTree(scripts), []);
      assert.deepEqual(model.relations["backup:1"]?.appData[APP] ?? {}, {});
    } finally {
      await Deno.chmod(scripts, 0o755);
    }
  });
});

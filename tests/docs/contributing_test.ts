/**
 * The contributor guide, the README and docs/ run only tasks that exist, and the
 * README's platform table lists exactly the platforms of `charmcraft.yaml`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { charmPlatforms } from "../../src/build/platforms.ts";
import { denoTasksRun, missingTasks, platformMismatches } from "./claim_checks.ts";
import { readMarkdown, tables } from "./markdown.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))) as {
  tasks: Record<string, string>;
};
const TASKS = Object.keys(config.tasks);

/** The Markdown pages of docs/, relative to the repository root. */
async function docsPages(): Promise<string[]> {
  const pages: string[] = [];
  for await (const entry of Deno.readDir(join(ROOT, "docs"))) {
    if (entry.isFile && entry.name.endsWith(".md")) pages.push(join("docs", entry.name));
  }
  return pages.sort();
}

Deno.test("docs: every deno task CONTRIBUTING.md, the README and docs/ run is a task of deno.json", async () => {
  const guide = await readMarkdown(join(ROOT, "CONTRIBUTING.md"));
  const used = denoTasksRun(guide);
  for (const task of ["test", "test:one", "check", "bench"]) {
    assert.ok(used.includes(task), `CONTRIBUTING.md shows deno task ${task}`);
  }
  assert.deepEqual(missingTasks(used, TASKS), []);
  for (const path of ["README.md", ...await docsPages()]) {
    const doc = await readMarkdown(join(ROOT, path));
    assert.deepEqual(missingTasks(denoTasksRun(doc), TASKS), [], path);
  }
  const listed = tables(guide).find((t) => t.header[0] === "task");
  assert.ok(listed !== undefined, "CONTRIBUTING.md has a table of tasks");
  assert.deepEqual(
    listed.rows.map((row) => /^deno task ([\w:-]+)/.exec(row[0] ?? "")?.[1]).sort(),
    [...TASKS].sort(),
    "the table lists every task",
  );
});

Deno.test("deno task test:one gives the permissions deno task test runs the tests with", () => {
  const one = config.tasks["test:one"] ?? "";
  assert.match(one, /^deno test --doc /);
  for (
    const flag of ["--allow-read", "--allow-write", "--allow-run", "--allow-env", "--allow-sys=uid"]
  ) {
    assert.ok(one.split(" ").includes(flag), flag);
  }
  assert.match(config.tasks["test"] ?? "", /&& deno task test:one src\/ tests\/$/);
});

Deno.test("docs: the README's platform table lists exactly charmcraft.yaml's platforms, one per row", async () => {
  const project = await readCharmcraftYaml(join(ROOT, "charmcraft.yaml"));
  const declared = charmPlatforms(project).map((p) =>
    `${p.base.name}@${p.base.channel}/${p.architecture}`
  );
  const readme = await readMarkdown(join(ROOT, "README.md"));
  const table = tables(readme).find((t) =>
    t.header[0] === "base" && t.header[1] === "architecture"
  );
  assert.ok(table !== undefined, "the README has a table with columns base, architecture");
  assert.deepEqual(platformMismatches(table.rows, declared), []);
  assert.equal(table.rows.length, declared.length, "one row per platform");
});

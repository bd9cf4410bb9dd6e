import assert from "node:assert/strict";
import { parse } from "yaml";
import { readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { charmFileName, charmPlatforms } from "../../src/build/platforms.ts";

const ROOT = new URL("../../", import.meta.url);
const README = await Deno.readTextFile(new URL("README.md", ROOT));
const CI = await Deno.readTextFile(new URL("docs/ci.md", ROOT));
const project = await readCharmcraftYaml(new URL("charmcraft.yaml", ROOT).pathname);

/** The text of one `## ` section of the README. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  assert.ok(start !== -1, `README has no "## ${title}" section`);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end === -1 ? undefined : end);
}

Deno.test("README's platform table lists exactly the .charm files of charmcraft.yaml's platforms", () => {
  const table = section("Supported platforms and Juju versions");
  const listed = [...table.matchAll(/`(backup-integrator_[^`]+\.charm)`/g)].map((m) => m[1]).sort();
  const declared = charmPlatforms(project).map((p) => charmFileName(project.name, p)).sort();
  assert.deepEqual(listed, declared);
  assert.equal(declared.length, 4);
});

Deno.test("README names the Juju version charmcraft.yaml assumes", () => {
  const assumes = project["assumes"];
  assert.deepEqual(assumes, ["juju >= 3.6"]);
  const table = section("Supported platforms and Juju versions");
  assert.ok(table.includes("`assumes: [juju >= 3.6]`"));
  assert.match(table, /\| 3\.6 and later \| yes/);
  assert.match(table, /dynamically linked against glibc/);
  assert.match(table, /Ubuntu 22\.04 has glibc 2\.35/);
});

Deno.test("docs/ci.md names each workflow file, its runners and its base matrix", async () => {
  const ci = CI;
  assert.ok(ci.startsWith("# Continuous integration\n"), "docs/ci.md is the CI page");
  const names: string[] = [];
  for await (const entry of Deno.readDir(new URL(".github/workflows/", ROOT))) {
    names.push(entry.name);
  }
  const rows = [...ci.matchAll(/^\| `([a-z]+\.yml)` +\|/gm)].map((m) => m[1]);
  assert.deepEqual(rows.sort(), names.sort());
  const workflow = async (name: string) =>
    parse(await Deno.readTextFile(new URL(`.github/workflows/${name}`, ROOT)));
  const test = await workflow("test.yml");
  for (const runner of test.jobs.test.strategy.matrix.runner) {
    assert.ok(ci.includes(`\`${runner}\``), runner);
  }
  const integration = await workflow("integration.yml");
  const bases: string[] = integration.jobs.integration.strategy.matrix.base;
  assert.deepEqual(
    bases.sort(),
    [...new Set(charmPlatforms(project).map((p) => `${p.base.name}@${p.base.channel}`))].sort(),
  );
  const build = await workflow("build.yml");
  for (const { runner } of build.jobs.build.strategy.matrix.include) {
    assert.ok(ci.includes(`\`${runner}\``), runner);
  }
});

Deno.test("docs/ci.md says what has run here and what only on GitHub, and how .ci/run switches user", () => {
  const start = CI.indexOf("\n## What has run, and where\n");
  assert.ok(start !== -1);
  const rows = CI.slice(start).split("\n").filter((line) => /^\| [^-]/.test(line)).slice(1);
  const where = rows.map((row) => row.split(" | ")[1] ?? "");
  assert.ok(where.some((cell) => cell.startsWith("here")), "something has run here");
  assert.ok(where.some((cell) => cell.startsWith("only on GitHub")), "something has not");
  assert.ok(where.every((cell) => /^(here|only on GitHub|in part)/.test(cell)), where.join("\n"));
  const how = CI.slice(CI.indexOf("\n## Who runs the suite, and how\n"), start);
  for (const name of ["SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS"]) {
    assert.ok(how.includes(`\`${name}\``), name);
  }
  assert.match(how, /N passed, N failed, N skipped/);
});

/**
 * The README's deploy block is one that works from nothing, as far as a test
 * without Juju can see: it deploys a principal, bacula-fd and a `.charm` that
 * `deno task build` makes, on one base; it makes the three relations the
 * integration test makes (`tests/integration/charm_integration_test.ts`),
 * over endpoints the charm declares; and the config it sets is valid.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { charmFileName, charmPlatforms } from "../../src/build/platforms.ts";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { decideStatus } from "../../src/charm/plan.ts";
import { blocksInSection, shellCommands } from "./claim_checks.ts";
import { readMarkdown, tables } from "./markdown.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("docs: the README's deploy block deploys, relates and configures as the integration test does", async () => {
  const project = await readCharmcraftYaml(join(ROOT, "charmcraft.yaml"));
  const readme = await readMarkdown(join(ROOT, "README.md"));
  const block = blocksInSection(readme, "Deploy").find((b) => b.lang === "sh");
  assert.ok(block !== undefined, "the Deploy section has a shell block");
  const commands = shellCommands(block.text).map((command) => command.split(/\s+/));
  const deploys = commands.filter((words) => words[1] === "deploy");
  const base = (words: string[]) => words[words.indexOf("--base") + 1];

  const charm = deploys.find((words) => words[2]?.endsWith(".charm"));
  assert.ok(charm !== undefined, "the block deploys a .charm file");
  assert.equal(charm[3], project.name, "under the charm's own name");
  const platform = charmPlatforms(project).find((p) =>
    `./dist/${charmFileName(project.name, p)}` === charm[2]
  );
  assert.ok(platform !== undefined, `${charm[2]} is a file deno task build writes`);
  const principal = deploys.find((words) => words[2] === "ubuntu");
  const provider = deploys.find((words) => words[2] === "bacula-fd");
  assert.ok(principal !== undefined && provider !== undefined, "it deploys ubuntu and bacula-fd");
  const platformBase = `${platform.base.name}@${platform.base.channel}`;
  assert.equal(base(principal), platformBase, "the principal runs on the charm's base");
  assert.equal(base(provider), platformBase, "and so does bacula-fd");

  const relations = commands.filter((words) => words[1] === "integrate")
    .map((words) => words.slice(2).sort().join(" "));
  assert.deepEqual(relations.sort(), [
    "backup-integrator:backup bacula-fd:backup",
    "backup-integrator:juju-info ubuntu:juju-info",
    "bacula-fd:juju-info ubuntu:juju-info",
  ]);
  for (const endpoint of ["backup", "juju-info"]) {
    assert.ok(project.requires?.[endpoint] !== undefined, `the charm declares ${endpoint}`);
  }

  const config = commands.find((words) => words[1] === "config" && words[2] === project.name);
  assert.ok(config !== undefined, "it sets the config");
  const values = Object.fromEntries(config.slice(3).map((pair) => pair.split(/=(.*)/s, 2)));
  assert.ok(parseCharmConfig(values).ok, JSON.stringify(values));
});

Deno.test("docs: the README's status table quotes the messages the code sets", async () => {
  const readme = await readMarkdown(join(ROOT, "README.md"));
  const table = tables(readme).find((t) => t.header[0] === "status" && t.header[1] === "message");
  assert.ok(table !== undefined, "the README has a table of statuses");
  const quoted = (status: string) =>
    table.rows.filter((row) => row[0] === status).map((row) => row[1] ?? "");
  // The messages the code sets for an application named as the README deploys it.
  const missing = parseCharmConfig({}, "backup-integrator");
  assert.ok(!missing.ok && quoted("blocked").includes(missing.message), "the missing fileset");
  assert.deepEqual(quoted("waiting"), [decideStatus(0, "backup-integrator").message]);
  assert.ok(
    quoted("blocked").some((message) => message.startsWith("invalid config: <option>: ")),
    "the invalid config messages, in general",
  );
});

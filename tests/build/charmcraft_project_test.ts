import assert from "node:assert/strict";
import {
  CharmcraftYamlError,
  parseCharmcraftYaml,
  readCharmcraftYaml,
} from "../../src/build/charmcraft_project.ts";
import { CONFIG_OPTIONS } from "../../src/charm/config.ts";

const REPO_YAML = new URL("../../charmcraft.yaml", import.meta.url);
const LINKS_YAML = new URL("./testdata/links_charmcraft.yaml", import.meta.url);

const MINIMAL = [
  "type: charm",
  "name: demo",
  "summary: s",
  "description: d",
  "platforms:",
  "  ubuntu@24.04:amd64:",
].join("\n") + "\n";

function rejects(text: string, key: string, detail: RegExp): void {
  assert.throws(() => parseCharmcraftYaml(text), (error: unknown) => {
    assert.ok(error instanceof CharmcraftYamlError);
    assert.equal(error.key, key);
    assert.match(error.message, detail);
    return true;
  });
}

Deno.test("readCharmcraftYaml() reads the repository's charmcraft.yaml", async () => {
  const project = await readCharmcraftYaml(REPO_YAML.pathname);
  assert.equal(project.name, "backup-integrator");
  assert.equal(project.subordinate, true);
  assert.deepEqual(Object.keys(project.platforms), [
    "ubuntu@22.04:amd64",
    "ubuntu@24.04:amd64",
    "ubuntu@22.04:arm64",
    "ubuntu@24.04:arm64",
  ]);
  assert.deepEqual(project["assumes"], ["juju >= 3.6"]);
  assert.deepEqual(project.links, {
    issues: ["https://github.com/canonical/backup-operators/issues"],
    source: ["https://github.com/canonical/backup-operators"],
  });
  // The options declared are the options the charm reads, in the same order.
  assert.deepEqual(Object.keys(project.config?.options ?? {}), [...CONFIG_OPTIONS]);
  assert.equal(CONFIG_OPTIONS[0], "fileset");
});

Deno.test("readCharmcraftYaml() keeps links and keys it does not read", async () => {
  const project = await readCharmcraftYaml(LINKS_YAML.pathname);
  assert.equal(project.links?.contact, "Jo Bloggs <jo@example.com>");
  assert.deepEqual(project["assumes"], ["juju >= 3.1"]);
  assert.ok("parts" in project);
});

Deno.test("parseCharmcraftYaml() accepts a minimal charm", () => {
  assert.equal(parseCharmcraftYaml(MINIMAL).name, "demo");
});

Deno.test("parseCharmcraftYaml() rejects a name Juju rejects", () => {
  for (const name of ["Demo", "demo_app", "demo-1", "1demo", "demo-"]) {
    rejects(MINIMAL.replace("name: demo", `name: ${name}`), "name", /must be lowercase/);
  }
});

Deno.test("parseCharmcraftYaml() rejects a config type Juju does not know", () => {
  const text = `${MINIMAL}config:\n  options:\n    port:\n      type: integer\n`;
  rejects(text, "config.options.port.type", /expected one of/);
});

Deno.test("parseCharmcraftYaml() rejects a default that does not match its type", () => {
  for (
    const [type, value] of [["int", "1.5"], ["int", '"8"'], ["boolean", '"yes"'], [
      "string",
      "3",
    ], ["float", "true"]]
  ) {
    const text =
      `${MINIMAL}config:\n  options:\n    x:\n      type: ${type}\n      default: ${value}\n`;
    rejects(text, "config.options.x.default", new RegExp(`is not a valid ${type}`));
  }
});

Deno.test("parseCharmcraftYaml() rejects a subordinate without a container-scoped requires", () => {
  const text = `${MINIMAL}subordinate: true\nrequires:\n  juju-info:\n    interface: juju-info\n`;
  rejects(text, "requires", /scope: container/);
});

Deno.test("parseCharmcraftYaml() rejects an action name Juju rejects, or a key it does not know", () => {
  for (const name of ["Go", "go-", "-go", "go_now", "juju-go"]) {
    rejects(`${MINIMAL}actions:\n  ${name}: {}\n`, `actions.${name}`, /action name/);
  }
  rejects(`${MINIMAL}actions:\n  go:\n    descripton: x\n`, "actions.go", /descripton/);
  rejects(`${MINIMAL}actions:\n  go:\n    params: [x]\n`, "actions.go.params", /record|object/);
  const project = parseCharmcraftYaml(
    `${MINIMAL}actions:\n  go-2:\n    description: Go.\n    params:\n      n:\n        type: integer\n`,
  );
  assert.deepEqual(project.actions, {
    "go-2": { description: "Go.", params: { n: { type: "integer" } } },
  });
});

Deno.test("parseCharmcraftYaml() rejects a charm without platforms", () => {
  const text = MINIMAL.replace("platforms:\n  ubuntu@24.04:amd64:\n", "platforms: {}\n");
  rejects(text, "platforms", /at least one platform/);
});

Deno.test("parseCharmcraftYaml() reports text that is not YAML", () => {
  rejects("name: [unclosed\n", "", /Invalid charmcraft\.yaml: /);
});

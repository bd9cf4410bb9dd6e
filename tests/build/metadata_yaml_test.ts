import assert from "node:assert/strict";
import { parseCharmcraftYaml, readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { charmMetadata } from "../../src/build/metadata_yaml.ts";
import { metadataProblems } from "./juju_rules.ts";

const REPO_YAML = new URL("../../charmcraft.yaml", import.meta.url).pathname;
const LINKS_YAML = new URL("./testdata/links_charmcraft.yaml", import.meta.url).pathname;

Deno.test("charmMetadata() flattens links the way charmcraft does", async () => {
  const metadata = charmMetadata(await readCharmcraftYaml(LINKS_YAML));
  assert.equal(metadata["display-name"], "Demo App");
  assert.equal(metadata["docs"], "https://discourse.example.com/t/demo-app-docs/1");
  assert.deepEqual(metadata["maintainers"], ["Jo Bloggs <jo@example.com>"]);
  assert.deepEqual(metadata["issues"], ["https://github.com/example/demo-app/issues"]);
  assert.equal(metadata["source"], "https://github.com/example/demo-app");
  assert.deepEqual(metadata["website"], ["https://demo.example.com", "https://example.com/demo"]);
  for (const key of ["links", "title", "documentation", "contact"]) {
    assert.ok(!(key in metadata), key);
  }
});

Deno.test("charmMetadata() copies relations, subordinate and assumes as they are", async () => {
  const project = await readCharmcraftYaml(LINKS_YAML);
  const metadata = charmMetadata(project);
  assert.deepEqual(metadata["requires"], project.requires);
  assert.deepEqual(metadata["provides"], project.provides);
  assert.deepEqual(metadata["peers"], project.peers);
  assert.equal(metadata["subordinate"], true);
  assert.deepEqual(metadata["assumes"], ["juju >= 3.1"]);
});

Deno.test("charmMetadata() leaves out what is not metadata", async () => {
  const metadata = charmMetadata(await readCharmcraftYaml(LINKS_YAML));
  for (const key of ["type", "platforms", "config", "parts", "base"]) {
    assert.ok(!(key in metadata), key);
  }
});

Deno.test("charmMetadata() keeps a list of contacts as maintainers", () => {
  const metadata = charmMetadata(parseCharmcraftYaml(
    "type: charm\nname: demo\nsummary: s\ndescription: d\n" +
      "links:\n  contact: [a <a@example.com>, b <b@example.com>]\n" +
      "platforms:\n  ubuntu@24.04:amd64:\n",
  ));
  assert.deepEqual(metadata["maintainers"], ["a <a@example.com>", "b <b@example.com>"]);
});

Deno.test("charmMetadata() of the repository's charmcraft.yaml carries its links, flattened", async () => {
  const project = await readCharmcraftYaml(REPO_YAML);
  const metadata = charmMetadata(project);
  assert.deepEqual(Object.keys(metadata).sort(), [
    "assumes",
    "description",
    "display-name",
    "issues",
    "name",
    "requires",
    "source",
    "subordinate",
    "summary",
  ]);
  const source = project.links?.source;
  assert.ok(Array.isArray(source) && source.length === 1, "one source repository");
  assert.deepEqual(metadata["source"], source);
  assert.deepEqual(metadata["issues"], [`${source[0]}/issues`], "the source's own tracker");
  // No documentation link until the docs are published somewhere: a dead link is worse than none.
  assert.equal(metadata["docs"], undefined, "no documentation link");
  assert.deepEqual(metadataProblems(metadata), []);
});

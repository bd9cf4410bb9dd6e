/**
 * Which keys of `charmcraft.yaml` reach `metadata.yaml` unchanged: the list is
 * written out here as the contract (charmcraft's own), not taken from src/.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { charmFiles } from "../../src/build/charm_files.ts";
import { charmPlatforms } from "../../src/build/platforms.ts";

const KEYS_YAML = new URL("./testdata/metadata_keys_charmcraft.yaml", import.meta.url).pathname;

const EXPECTED_METADATA = {
  name: "keys-demo",
  summary: "Every copied key.",
  description: "A charm that exists for the build's tests.",
  assumes: ["juju >= 3.4"],
  "charm-user": "non-root",
  containers: {
    workload: {
      resource: "workload-image",
      mounts: [{ storage: "data", location: "/var/lib/data" }],
    },
  },
  devices: { gpu: { type: "gpu", countmin: 1 } },
  "extra-bindings": { "metrics-endpoint": null },
  peers: { replicas: { interface: "keys-replicas" } },
  provides: { metrics: { interface: "prometheus_scrape" } },
  requires: { database: { interface: "postgresql_client", limit: 1 } },
  resources: { "workload-image": { type: "oci-image", description: "The workload." } },
  storage: { data: { type: "filesystem", location: "/var/lib/data", "minimum-size": "1G" } },
  subordinate: false,
  terms: ["keys-demo-terms/1"],
};

Deno.test("charmFiles() copies assumes, charm-user, containers, devices, extra-bindings, peers, provides, requires, resources, storage, subordinate and terms into metadata.yaml exactly", async () => {
  const project = await readCharmcraftYaml(KEYS_YAML);
  const [platform] = charmPlatforms(project);
  assert.ok(platform !== undefined);
  const files = charmFiles({
    project,
    platform,
    sources: {
      dispatch: new Uint8Array(),
      binary: new Uint8Array(),
      readme: new Uint8Array(),
      license: new Uint8Array(),
    },
    startedAt: new Date(0),
  });
  const file = files.find((f) => f.path === "metadata.yaml");
  assert.ok(file !== undefined);
  assert.deepEqual(parse(new TextDecoder().decode(file.data)), EXPECTED_METADATA);
});

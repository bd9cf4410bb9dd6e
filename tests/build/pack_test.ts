import assert from "node:assert/strict";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { parse } from "yaml";
import { readCharmSources } from "../../src/build/charm_files.ts";
import { readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { packCharm, stageCharm } from "../../src/build/pack.ts";
import { charmPlatforms } from "../../src/build/platforms.ts";
import {
  actionsProblems,
  configProblems,
  manifestProblems,
  metadataProblems,
} from "./juju_rules.ts";
import { readCentralDirectory } from "./zip_reader.ts";

const REPO = new URL("../..", import.meta.url).pathname;
const LINKS_YAML = new URL("./testdata/links_charmcraft.yaml", import.meta.url).pathname;
const DATE = new Date("2023-11-14T22:13:20Z");
const ENTRIES = [
  "LICENSE",
  "README.md",
  "actions.yaml",
  "bin/backup-integrator",
  "config.yaml",
  "dispatch",
  "manifest.yaml",
  "metadata.yaml",
];

// Packed once for the whole file, with a stand-in for the compiled binary.
const work = await Deno.makeTempDir({ prefix: "pack_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
const standIn = join(work, "stand-in");
await Deno.writeTextFile(standIn, "#!/bin/sh\nexit 0\n");
const project = await readCharmcraftYaml(join(REPO, "charmcraft.yaml"));
const sources = await readCharmSources({ root: REPO, binary: standIn });

async function packAll(outDir: string): Promise<string[]> {
  const paths = [];
  for (const platform of charmPlatforms(project)) {
    paths.push(await packCharm({ project, platform, sources, outDir, sourceDate: DATE }));
  }
  return paths;
}

const packed = await packAll(join(work, "first"));
const archives = await Promise.all(packed.map((path) => Deno.readFile(path)));

function yamlOf(archive: Uint8Array, name: string): { text: string; value: unknown } {
  const data = unzipSync(archive)[name];
  assert.ok(data !== undefined, `${name} is missing`);
  const text = new TextDecoder().decode(data);
  // Juju reads YAML 1.1: parse the way it does.
  return { text, value: parse(text, { version: "1.1" }) };
}

function record(value: unknown): Record<string, unknown> {
  assert.ok(typeof value === "object" && value !== null && !Array.isArray(value));
  return value as Record<string, unknown>;
}

Deno.test("packCharm() writes one .charm per platform, named as charmcraft names them", () => {
  assert.deepEqual(packed, [
    join(work, "first", "backup-integrator_ubuntu@22.04-amd64.charm"),
    join(work, "first", "backup-integrator_ubuntu@24.04-amd64.charm"),
    join(work, "first", "backup-integrator_ubuntu@22.04-arm64.charm"),
    join(work, "first", "backup-integrator_ubuntu@24.04-arm64.charm"),
  ]);
});

Deno.test("packCharm() stores the charm's files at the root, without directories or hooks", () => {
  for (const archive of archives) {
    assert.deepEqual(readCentralDirectory(archive).map((e) => e.name), ENTRIES);
    assert.deepEqual(Object.keys(unzipSync(archive)).sort(), ENTRIES);
  }
});

Deno.test("packCharm() stores dispatch and the binary with mode 0755, every other file 0644", () => {
  for (const archive of archives) {
    for (const entry of readCentralDirectory(archive)) {
      const executable = entry.name === "dispatch" || entry.name === "bin/backup-integrator";
      assert.equal(entry.unixMode, executable ? 0o100755 : 0o100644, entry.name);
      assert.equal(entry.externalAttributes >>> 16, entry.unixMode, entry.name);
    }
  }
});

Deno.test("packCharm() marks every entry as made on Unix, deflated, dated with the source date", () => {
  for (const archive of archives) {
    for (const entry of readCentralDirectory(archive)) {
      assert.equal(entry.host, 3, entry.name);
      assert.equal(entry.method, 8, entry.name);
      assert.deepEqual(entry.time, {
        year: 2023,
        month: 11,
        day: 14,
        hours: 22,
        minutes: 13,
        seconds: 20,
      });
    }
  }
});

Deno.test("packCharm() stores dispatch, the binary, README.md and LICENSE byte for byte", async () => {
  for (const archive of archives) {
    const files = unzipSync(archive);
    assert.deepEqual(files["dispatch"], await Deno.readFile(join(REPO, "dispatch")));
    assert.deepEqual(files["bin/backup-integrator"], await Deno.readFile(standIn));
    assert.deepEqual(files["README.md"], await Deno.readFile(join(REPO, "README.md")));
    assert.deepEqual(files["LICENSE"], await Deno.readFile(join(REPO, "LICENSE")));
  }
});

Deno.test("packCharm() writes metadata.yaml matching charmcraft.yaml field by field", () => {
  for (const archive of archives) {
    const metadata = record(yamlOf(archive, "metadata.yaml").value);
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
    assert.equal(metadata["docs"], project.links?.documentation);
    assert.deepEqual(metadata["issues"], project.links?.issues);
    assert.deepEqual(metadata["source"], project.links?.source);
    assert.equal(metadata["name"], project.name);
    assert.equal(metadata["display-name"], project.title);
    assert.equal(metadata["summary"], project.summary);
    assert.equal(metadata["description"], project.description);
    assert.equal(metadata["subordinate"], project.subordinate);
    assert.deepEqual(metadata["requires"], project.requires);
    assert.deepEqual(metadata["assumes"], ["juju >= 3.6"]);
  }
});

Deno.test("packCharm() writes config.yaml matching charmcraft.yaml's options", () => {
  const declared = project.config?.options ?? {};
  for (const archive of archives) {
    const options = record(record(yamlOf(archive, "config.yaml").value)["options"]);
    assert.deepEqual(Object.keys(options).sort(), Object.keys(declared).sort());
    for (const [name, option] of Object.entries(declared)) {
      const written = record(options[name]);
      assert.equal(written["type"], option.type, name);
      assert.equal(written["description"], option.description, name);
      assert.equal(written["default"], option.default, name);
      const keys = ["default", "description", "type"].filter((key) =>
        (option as Record<string, unknown>)[key] !== undefined
      );
      assert.deepEqual(Object.keys(written).sort(), keys, name);
    }
  }
});

Deno.test("packCharm() writes actions.yaml with charmcraft.yaml's actions, which Juju accepts", () => {
  for (const archive of archives) {
    const actions = yamlOf(archive, "actions.yaml").value;
    assert.deepEqual(actions, project.actions);
    assert.deepEqual(Object.keys(record(actions)), ["show-backup-config"]);
    assert.deepEqual(actionsProblems(actions), []);
  }
});

Deno.test("packCharm() writes manifest.yaml naming the platform's base, channel quoted", () => {
  for (const [i, archive] of archives.entries()) {
    const channel = ["22.04", "24.04"][i % 2];
    const architecture = ["amd64", "arm64"][Math.floor(i / 2)];
    const { text, value } = yamlOf(archive, "manifest.yaml");
    const manifest = record(value);
    assert.deepEqual(manifest["bases"], [{
      name: "ubuntu",
      channel,
      architectures: [architecture],
    }]);
    assert.match(text, new RegExp(`^ +channel: '${channel?.replace(".", "\\.")}'$`, "m"));
    assert.equal(manifest["charmcraft-started-at"], "2023-11-14T22:13:20.000Z");
    assert.deepEqual(manifest["analysis"], {
      attributes: [{ name: "language", result: "unknown" }, {
        name: "framework",
        result: "unknown",
      }],
    });
  }
});

Deno.test("packCharm() output passes Juju's rules for metadata, config and manifest", () => {
  for (const archive of archives) {
    assert.deepEqual(metadataProblems(yamlOf(archive, "metadata.yaml").value), []);
    assert.deepEqual(configProblems(yamlOf(archive, "config.yaml").value), []);
    const manifest = yamlOf(archive, "manifest.yaml");
    assert.deepEqual(manifestProblems(manifest.value, manifest.text), []);
  }
});

Deno.test("packCharm() gives byte-identical archives on a second run", async () => {
  const again = await packAll(join(work, "second"));
  for (const [i, path] of again.entries()) {
    assert.deepEqual(await Deno.readFile(path), archives[i]);
  }
});

Deno.test("packCharm() flattens links and packs each architecture of a fixture charm", async () => {
  const fixture = await readCharmcraftYaml(LINKS_YAML);
  const outDir = join(work, "fixture");
  const paths = [];
  for (const platform of charmPlatforms(fixture)) {
    paths.push(await packCharm({ project: fixture, platform, sources, outDir, sourceDate: DATE }));
  }
  assert.deepEqual(paths, [
    join(outDir, "demo-app_ubuntu@24.04-amd64.charm"),
    join(outDir, "demo-app_ubuntu@24.04-arm64.charm"),
  ]);
  const archive = await Deno.readFile(paths[1] ?? "");
  const metadata = record(yamlOf(archive, "metadata.yaml").value);
  assert.equal(metadata["docs"], fixture.links?.documentation);
  assert.deepEqual(metadata["maintainers"], [fixture.links?.contact]);
  assert.deepEqual(metadata["issues"], fixture.links?.issues);
  assert.equal(metadata["source"], fixture.links?.source);
  assert.deepEqual(metadata["website"], fixture.links?.website);
  assert.deepEqual(metadataProblems(metadata), []);
  const config = yamlOf(archive, "config.yaml");
  assert.deepEqual(configProblems(config.value), []);
  assert.match(config.text, /^ {4}default: 'yes'$/m);
  const manifest = record(yamlOf(archive, "manifest.yaml").value);
  assert.deepEqual(manifest["bases"], [{
    name: "ubuntu",
    channel: "24.04",
    architectures: ["arm64"],
  }]);
});

Deno.test("stageCharm() writes the unpacked tree with its modes and no YAML", async () => {
  const dir = join(work, "stage");
  const written = await stageCharm({ sources, dir });
  assert.deepEqual(written.map((path) => path.slice(dir.length + 1)).sort(), [
    "LICENSE",
    "README.md",
    "bin/backup-integrator",
    "dispatch",
  ]);
  for (const path of written) {
    const executable = path.endsWith("dispatch") || path.endsWith("bin/backup-integrator");
    assert.equal((await Deno.stat(path)).mode! & 0o777, executable ? 0o755 : 0o644, path);
  }
  assert.deepEqual(await Deno.readFile(join(dir, "dispatch")), sources.dispatch);
});

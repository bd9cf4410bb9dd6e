import assert from "node:assert/strict";
import { parse } from "yaml";
import { charmManifest } from "../../src/build/manifest_yaml.ts";
import { renderYaml } from "../../src/build/render_yaml.ts";
import { manifestProblems } from "./juju_rules.ts";

const PLATFORM = {
  key: "ubuntu@24.04:amd64",
  base: { name: "ubuntu", channel: "24.04" },
  architecture: "amd64",
} as const;

Deno.test("charmManifest() names the platform's base and architecture", () => {
  const manifest = charmManifest({ platform: PLATFORM, startedAt: new Date(1700000000_000) });
  assert.deepEqual(manifest.bases, [{
    name: "ubuntu",
    channel: "24.04",
    architectures: ["amd64"],
  }]);
  assert.equal(manifest["charmcraft-started-at"], "2023-11-14T22:13:20.000Z");
});

Deno.test("charmManifest() writes charmcraft's analysis attributes for a non-Python charm", () => {
  const manifest = charmManifest({ platform: PLATFORM, startedAt: new Date(0) });
  assert.deepEqual(manifest.analysis, {
    attributes: [{ name: "language", result: "unknown" }, { name: "framework", result: "unknown" }],
  });
});

Deno.test("charmManifest() rendered keeps the channel a quoted string", () => {
  const text = renderYaml(charmManifest({ platform: PLATFORM, startedAt: new Date(0) }));
  assert.match(text, /^ {4}channel: '24\.04'$/m);
  const parsed = parse(text, { version: "1.1" });
  assert.equal(parsed.bases[0].channel, "24.04");
  assert.equal(typeof parsed["charmcraft-started-at"], "string");
  assert.deepEqual(manifestProblems(parsed, text), []);
});

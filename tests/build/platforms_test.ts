import assert from "node:assert/strict";
import { parseCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import {
  charmFileName,
  charmPlatforms,
  denoTarget,
  hostArchitecture,
} from "../../src/build/platforms.ts";

function project(platforms: string, extra = "") {
  return parseCharmcraftYaml(
    `type: charm\nname: demo\nsummary: s\ndescription: d\n${extra}platforms:\n${platforms}`,
  );
}

Deno.test("charmPlatforms() reads <base>:<arch> keys in order", () => {
  const platforms = charmPlatforms(project("  ubuntu@22.04:amd64:\n  ubuntu@24.04:arm64:\n"));
  assert.deepEqual(platforms, [
    {
      key: "ubuntu@22.04:amd64",
      base: { name: "ubuntu", channel: "22.04" },
      architecture: "amd64",
    },
    {
      key: "ubuntu@24.04:arm64",
      base: { name: "ubuntu", channel: "24.04" },
      architecture: "arm64",
    },
  ]);
});

Deno.test("charmPlatforms() reads a bare architecture with a top-level base", () => {
  const [platform] = charmPlatforms(project("  amd64:\n", "base: ubuntu@24.04\n"));
  assert.deepEqual(platform?.base, { name: "ubuntu", channel: "24.04" });
  assert.equal(platform?.architecture, "amd64");
});

Deno.test("charmPlatforms() reads the long form with one build-for", () => {
  const [platform] = charmPlatforms(
    project("  noble:\n    build-on: [ubuntu@24.04:amd64]\n    build-for: [ubuntu@24.04:arm64]\n"),
  );
  assert.equal(platform?.key, "noble");
  assert.equal(platform?.architecture, "arm64");
});

Deno.test("charmPlatforms() rejects an architecture deno compile cannot target", () => {
  assert.throws(() => charmPlatforms(project("  ubuntu@24.04:s390x:\n")), /"s390x" is not one of/);
});

Deno.test("charmPlatforms() rejects a platform without a base", () => {
  assert.throws(() => charmPlatforms(project("  amd64:\n")), /names no base/);
});

Deno.test("charmFileName() names the file as charmcraft does", () => {
  const [platform] = charmPlatforms(project("  ubuntu@24.04:amd64:\n"));
  assert.ok(platform !== undefined);
  assert.equal(
    charmFileName("backup-integrator", platform),
    "backup-integrator_ubuntu@24.04-amd64.charm",
  );
});

Deno.test("denoTarget() maps amd64 and arm64 to the Linux GNU targets", () => {
  assert.equal(denoTarget("amd64"), "x86_64-unknown-linux-gnu");
  assert.equal(denoTarget("arm64"), "aarch64-unknown-linux-gnu");
});

Deno.test("hostArchitecture() names the machine in Debian's terms", () => {
  assert.equal(hostArchitecture("x86_64"), "amd64");
  assert.equal(hostArchitecture("aarch64"), "arm64");
  assert.throws(() => hostArchitecture("riscv64gc"), /"riscv64gc" is not supported/);
});

import assert from "node:assert/strict";
import { runDeno } from "../../src/build/deno_command.ts";
import { join } from "node:path";
import { bundleCharm } from "../../src/build/bundle.ts";
import { permissionFlags } from "../../src/permissions.ts";
import { CHARM_NAME, CHARM_VERSION } from "../../src/main.ts";

// Bundled once for the whole file: it takes a second or two.
const work = await Deno.makeTempDir({ prefix: "bundle_test_" });
addEventListener("unload", () => Deno.removeSync(work, { recursive: true }));
const outFile = join(work, "out", "backup-integrator.js");
const bundle = await bundleCharm({ outFile });
const code = await Deno.readTextFile(bundle);

/**
 * Run the bundle the way the compiled binary runs: `deno run --quiet` (as compiled) with only the
 * charm's permission flags, no config file, under an environment replaced
 * the way Juju replaces it (no HOME).
 */
function runBundle(env: Record<string, string>, args: string[] = []) {
  return runDeno(
    [
      "run",
      "--quiet",
      "--no-config",
      ...permissionFlags({ optDir: join(work, "opt") }),
      bundle,
      ...args,
    ],
    {
      cwd: work,
      clearEnv: true,
      env: { PATH: "/usr/bin:/bin", ...env },
    },
  );
}

Deno.test("bundleCharm() writes one file and returns its absolute path", async () => {
  assert.equal(bundle, outFile);
  const names = [];
  for await (const entry of Deno.readDir(join(work, "out"))) names.push(entry.name);
  assert.deepEqual(names, ["backup-integrator.js"]);
});

Deno.test("bundleCharm() bundles once per output path in a process", async () => {
  const before = (await Deno.stat(bundle)).mtime;
  assert.equal(await bundleCharm({ outFile }), bundle);
  assert.deepEqual((await Deno.stat(bundle)).mtime, before);
});

Deno.test("bundleCharm() output is minified and has no import left", () => {
  assert.ok(code.split("\n").length < 5, "more than a few lines: not minified");
  assert.doesNotMatch(code, /\bimport\s*[{"'*]|from\s*["'](npm|jsr|node|https?):/);
  assert.ok(code.length < 200 * 1024, `${code.length} bytes`);
});

Deno.test("bundleCharm() output holds no YAML parser", () => {
  // Every YAML library names the YAML tag namespace; the charm never parses YAML.
  assert.ok(!code.includes("tag:yaml.org,2002"), "a YAML library was bundled");
});

Deno.test("bundleCharm() output runs update-status with only the charm's permissions", async () => {
  const result = await runBundle({ JUJU_DISPATCH_PATH: "hooks/update-status" });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "");
});

Deno.test("bundleCharm() output fails an observed hook without hook tools, in one line", async () => {
  const result = await runBundle({
    JUJU_DISPATCH_PATH: "hooks/config-changed",
    JUJU_UNIT_NAME: "backup-integrator/0",
  });
  assert.equal(result.code, 1);
  const lines = result.stderr.split("\n").filter((l) => l.startsWith("hooks/config-changed"));
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? "", /^hooks\/config-changed failed: .*config-get/);
  assert.doesNotMatch(result.stderr, /^\s+at /m);
});

Deno.test("bundleCharm() output prints its name and version for --version, with exit 0", async () => {
  const result = await runBundle({}, ["--version"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${CHARM_NAME} ${CHARM_VERSION}\n`);
  assert.equal(result.stderr, "");
});

Deno.test("bundleCharm() output explains itself in one line outside a hook, exit 2", async () => {
  const result = await runBundle({});
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr.split("\n").length, 2, result.stderr);
  assert.match(result.stderr, /^backup-integrator .* is a Juju charm binary: .*--version/);
});

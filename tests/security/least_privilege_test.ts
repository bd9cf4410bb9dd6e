/**
 * Least privilege, by behaviour: a probe program runs under exactly the
 * flags the charm gets (`permissionFlags()`, as `deno compile` bakes them
 * in) and tries what the charm needs and what it must not do.
 */
import assert from "node:assert/strict";
import { runDeno } from "../../src/build/deno_command.ts";
import { permissionFlags } from "../../src/permissions.ts";
import { contractPermissionFlags } from "../contract.ts";

const PROBE = new URL("./testdata/privilege_probe.ts", import.meta.url).pathname;

async function probe(): Promise<Record<string, string>> {
  const dir = await Deno.makeTempDir({ prefix: "least-privilege-" });
  try {
    // The charm may read the base's parent (to check who can write it), so
    // "outside" is outside that parent.
    const optDir = `${dir}/parent/opt`;
    const outside = `${dir}/outside`;
    const bin = `${dir}/bin`;
    await Promise.all([optDir, outside, bin].map((path) => Deno.mkdir(path, { recursive: true })));
    await Deno.writeTextFile(`${bin}/is-leader`, "#!/bin/sh\necho true\n");
    await Deno.chmod(`${bin}/is-leader`, 0o755);
    const result = await runDeno(
      [
        "run",
        "--quiet",
        "--no-config",
        "--no-prompt",
        ...permissionFlags({ optDir }),
        PROBE,
        optDir,
        outside,
      ],
      {
        clearEnv: true,
        env: {
          PATH: `${bin}:/usr/bin:/bin`,
          HOME: "/root",
          JUJU_UNIT_NAME: "backup-integrator/0",
          JUJU_MODEL_UUID: "a-model",
          BACKUP_INTEGRATOR_OPT_DIR: optDir,
        },
      },
    );
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const results = await probe();

for (
  const name of [
    "read /etc/passwd",
    "run sh",
    "run /bin/sh",
    "run env",
    "read HOME",
    "read PATH",
    "read JUJU_MODEL_UUID",
    "read all variables",
    "write outside",
    "read outside",
    "write the base's parent",
    "hostname",
    "connect",
  ]
) {
  Deno.test(`under permissionFlags() the charm cannot ${name}`, () => {
    assert.equal(results[name], "NotCapable");
  });
}

Deno.test("under permissionFlags() the charm can do what it needs", () => {
  assert.deepEqual(
    {
      "run is-leader": results["run is-leader"],
      "read JUJU_UNIT_NAME": results["read JUJU_UNIT_NAME"],
      "read BACKUP_INTEGRATOR_OPT_DIR": results["read BACKUP_INTEGRATOR_OPT_DIR"]?.startsWith(
        "ok:/",
      ),
      "write inside": results["write inside"],
      "read inside": results["read inside"],
      uid: results["uid"],
      "stat the base's parent": results["stat the base's parent"],
    },
    {
      "run is-leader": "ok:0:true",
      "read JUJU_UNIT_NAME": "ok:backup-integrator/0",
      "read BACKUP_INTEGRATOR_OPT_DIR": true,
      "write inside": "ok:wrote",
      "read inside": "ok:x",
      uid: "ok:number",
      "stat the base's parent": "ok:true",
    },
  );
});

Deno.test("permissionFlags() are the contract's flags, for production and for a test base directory", () => {
  assert.deepEqual(permissionFlags(), contractPermissionFlags("/opt/backup-integrator-charm"));
  assert.deepEqual(permissionFlags({ optDir: "/tmp/x" }), contractPermissionFlags("/tmp/x"));
});

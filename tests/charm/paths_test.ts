import assert from "node:assert/strict";
import { DEFAULT_OPT_DIR, resolveOptDir, scriptsDir } from "../../src/charm/paths.ts";
import { JujuContextError } from "../../src/juju/context.ts";

Deno.test("resolveOptDir() uses /opt/backup-integrator-charm unless overridden", () => {
  assert.equal(resolveOptDir({}), "/opt/backup-integrator-charm");
  assert.equal(DEFAULT_OPT_DIR, "/opt/backup-integrator-charm");
  assert.equal(resolveOptDir({ BACKUP_INTEGRATOR_OPT_DIR: "/tmp/x/" }), "/tmp/x");
});

Deno.test("resolveOptDir() refuses a relative override", () => {
  assert.throws(() => resolveOptDir({ BACKUP_INTEGRATOR_OPT_DIR: "tmp" }), JujuContextError);
});

Deno.test("scriptsDir() is per application, not per unit", () => {
  assert.equal(scriptsDir("/opt/b", "backup-integrator"), "/opt/b/backup-integrator/scripts");
});

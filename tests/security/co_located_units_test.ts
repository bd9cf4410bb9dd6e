/**
 * Two units of one application on one machine (two co-located principals,
 * both related to the charm) share `<base>/<app>/`: through the real
 * `dispatch`, `remove` on one unit keeps what the other still publishes; the
 * last one out removes everything.
 *
 * @module
 */

import assert from "node:assert/strict";
import { APP, FOLLOWER, LEADER, listTree, SCRIPT } from "../faults/fault_helpers.ts";
import type { FakeJuju } from "../fake_juju/fake_juju.ts";
import { scriptsOf, withCharm } from "./security_helpers.ts";

async function hook(juju: FakeJuju, unit: string, name: string) {
  const result = await juju.runHook(unit, name);
  assert.equal(result.exitCode, 0, `${unit} ${name}: ${result.stderr}`);
  return result;
}

Deno.test("remove on one of two co-located units keeps the files the other publishes; the last one out removes them", async () => {
  for (const first of [FOLLOWER, LEADER]) {
    const last = first === LEADER ? FOLLOWER : LEADER;
    await withCharm({ units: [LEADER, FOLLOWER] }, async (juju) => {
      await hook(juju, LEADER, "config-changed");
      await hook(juju, FOLLOWER, "config-changed");
      const files = await listTree(juju.optDir);
      assert.deepEqual(files, [
        APP,
        `${APP}/scripts`,
        `${APP}/scripts/run-before-backup`,
        `${APP}/units`,
        `${APP}/units/${APP}-0`,
        `${APP}/units/${APP}-1`,
      ]);

      const removed = await hook(juju, first, "remove");
      const script = `${scriptsOf(juju.optDir)}/run-before-backup`;
      assert.equal(await Deno.readTextFile(script), SCRIPT, `${first} removed the script`);
      assert.deepEqual(removed.calls.map((call) => call.args.at(-1)), [
        `kept ${juju.optDir}/${APP}: still used by ${last} on this machine`,
      ]);
      // The other unit stays steady: nothing to write back, nothing logged.
      const steady = await hook(juju, last, "config-changed");
      assert.ok(!steady.calls.some((call) => call.tool === "juju-log"), first);

      await hook(juju, last, "remove");
      await assert.rejects(() => Deno.lstat(juju.optDir), Deno.errors.NotFound, first);
    });
  }
});

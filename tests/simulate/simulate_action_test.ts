import assert from "node:assert/strict";
import { simulateIn } from "./simulate_testing.ts";

Deno.test("simulate runs show-backup-config as juju run does, on the leader and on a non-leader", async () => {
  const dir = await Deno.makeTempDir({ prefix: "simulate-action-" });
  try {
    const run = simulateIn(dir);
    const configured = await run(
      "config-changed",
      "--leader",
      "--relations",
      "1",
      "--config",
      "fileset=/var/backups",
      "--config",
      "run-after-backup=#!/bin/sh\nrm -f /var/backups/app.sql\n",
    );
    assert.equal(configured.code, 0, configured.err);
    // A state file written before the model kept actions still loads.
    const state = JSON.parse(await Deno.readTextFile(`${dir}/sim.json`));
    delete state.model.actions;
    await Deno.writeTextFile(`${dir}/sim.json`, JSON.stringify(state));

    const leader = await run("show-backup-config");
    assert.equal(leader.code, 0, leader.err);
    assert.match(leader.out, /^show-backup-config on backup-integrator\/0 \(leader\): exit 0$/m);
    assert.match(
      leader.out,
      /^juju run backup-integrator\/0 show-backup-config\n {2}status: completed$/m,
    );
    assert.match(leader.out, /^ {2}published\.backup-2\.matches-config: true$/m);
    assert.match(
      leader.out,
      /^ {2}files\.run-after-backup\.path: \/opt\/backup-integrator-charm\/backup-integrator\/scripts\/run-after-backup$/m,
    );
    assert.match(leader.out, /^ {2}files\.run-after-backup\.state: matches$/m);
    assert.doesNotMatch(leader.out, /rm -f/, "a script's content is never shown");
    assert.ok(!leader.out.includes(dir), "no path of the temporary directory is printed");

    const follower = await run("show-backup-config", "--unit", "backup-integrator/1");
    assert.equal(follower.code, 0, follower.err);
    assert.match(follower.out, /^ {2}published: only the leader can read/m);
    assert.match(follower.out, /^ {2}files\.run-after-backup\.state: matches$/m);
    assert.doesNotMatch(follower.out, /^ {2}relation-get /m);

    const json = JSON.parse((await run("show-backup-config", "--json")).out);
    assert.equal(json.action.status, "completed");
    assert.equal(json.action.results.files["run-after-backup"].state, "matches");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

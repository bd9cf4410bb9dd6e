import assert from "node:assert/strict";
import { parseSimulateArgs, SIMULATE_HELP, SimulateUsageError } from "./simulate_args.ts";
import { readCharmOptions } from "../fake_juju/charm_options.ts";
import { applyArgs, newModel } from "./simulate_model.ts";
import { simulateMain } from "./simulate.ts";
import { simulateIn } from "./simulate_testing.ts";

const OPTIONS = await readCharmOptions();

function args(...words: string[]) {
  return parseSimulateArgs(words, (path) => `content of ${path}`);
}

Deno.test("parseSimulateArgs() reads the hook, config, KEY=@FILE values and flags", () => {
  const parsed = args(
    "config-changed",
    "--config",
    "fileset=/srv,/etc",
    "--config",
    "run-before-backup=@backup.sh",
    "--config",
    "run-after-backup=",
    "--reset",
    "run-after-restore",
    "--no-leader",
    "--relations",
    "2",
    "--unit",
    "backup-integrator/3",
  );
  assert.equal(parsed.hook, "config-changed");
  assert.deepEqual(parsed.config, {
    fileset: "/srv,/etc",
    "run-before-backup": "content of backup.sh",
    "run-after-backup": "",
  });
  assert.deepEqual(parsed.reset, ["run-after-restore"]);
  assert.equal(parsed.leader, false);
  assert.equal(parsed.relations, 2);
  assert.equal(parsed.unit, "backup-integrator/3");
});

Deno.test("parseSimulateArgs() rejects what it cannot run", () => {
  for (
    const bad of [
      [],
      ["config-changed", "install"],
      ["Config Changed"],
      ["config-changed", "--config", "fileset"],
      ["config-changed", "--leader", "--no-leader"],
      ["config-changed", "--relations", "-1"],
      ["backup-relation-changed", "--relation", "3"],
      ["config-changed", "--bogus"],
    ]
  ) {
    assert.throws(() => args(...bad), SimulateUsageError, bad.join(" "));
  }
});

Deno.test("applyArgs() sets config, leadership and backup relations, and picks the hook's relation", () => {
  const model = newModel("backup-integrator/0", OPTIONS);
  const created = applyArgs(model, args("backup-relation-created", "--leader"), OPTIONS);
  assert.equal(created.unit, "backup-integrator/0");
  assert.equal(model.units["backup-integrator/0"]?.leader, true);
  assert.equal(created.relationId, "backup:2", "juju-info:1 is the principal's");
  assert.deepEqual(applyArgs(model, args("backup-relation-broken", "--relations", "3"), OPTIONS), {
    unit: "backup-integrator/0",
    relationId: "backup:4",
  });
  assert.deepEqual(
    Object.values(model.relations).map((relation) => relation.remoteApp),
    ["ubuntu", "bacula-fd", "bacula-fd-r2", "bacula-fd-r3"],
  );
  applyArgs(
    model,
    args("config-changed", "--relations", "1", "--unit", "backup-integrator/1"),
    OPTIONS,
  );
  assert.deepEqual(Object.keys(model.relations), ["juju-info:1", "backup:2"]);
  assert.deepEqual(Object.keys(model.units), ["backup-integrator/0", "backup-integrator/1"]);
  assert.throws(
    () => applyArgs(model, args("config-changed", "--config", "schedule=daily"), OPTIONS),
    /Unknown config option "schedule"/,
  );
  assert.throws(
    () => applyArgs(model, args("install", "--unit", "other/0"), OPTIONS),
    /application/,
  );
});

Deno.test("newModel() and applyArgs() take the options, their types and defaults from charmcraft.yaml", () => {
  assert.deepEqual(Object.keys(OPTIONS).sort(), [
    "fileset",
    "run-after-backup",
    "run-after-restore",
    "run-before-backup",
    "run-before-restore",
  ]);
  const options = {
    fileset: { type: "string", default: "/srv" },
    retries: { type: "int", default: 3 },
    verbose: { type: "boolean" },
  } as const;
  const model = newModel("backup-integrator/0", options);
  assert.deepEqual(model.config, { fileset: "/srv", retries: 3 });
  assert.deepEqual(model.declaredOptions, ["fileset", "retries", "verbose"]);
  applyArgs(
    model,
    args("config-changed", "--config", "retries=5", "--config", "verbose=true"),
    options,
  );
  assert.deepEqual(model.config, { fileset: "/srv", retries: 5, verbose: true });
  applyArgs(model, args("config-changed", "--reset", "retries", "--reset", "verbose"), options);
  assert.deepEqual(model.config, { fileset: "/srv", retries: 3 });
  assert.throws(
    () => applyArgs(model, args("config-changed", "--config", "retries=many"), options),
    {
      name: "SimulateUsageError",
      message: 'Invalid value for config option retries: "many" is not a valid int',
    },
  );
});

Deno.test("simulate keeps the model between calls, so config-changed, backup-relation-created and remove converge", async () => {
  const dir = await Deno.makeTempDir({ prefix: "simulate-" });
  try {
    await Deno.writeTextFile(`${dir}/backup.sh`, "#!/bin/sh\npg_dump app\n");
    const run = simulateIn(dir);
    const scripts = `${dir}/sim.json.opt/backup-integrator/scripts`;

    const configured = await run(
      "config-changed",
      "--leader",
      "--config",
      "fileset=/var/backups",
      "--config",
      "run-before-backup=@backup.sh",
    );
    assert.equal(configured.code, 0, configured.err);
    assert.match(configured.out, /backup-integrator\/0\* +waiting +waiting for backup relation/);
    assert.match(configured.out, /\(no backup relation\)/);
    assert.match(configured.out, /run-before-backup +written +0700 +22 bytes +#!\/bin\/sh/);
    assert.match(configured.out, /^ {2}config-get --format=json$/m);
    assert.doesNotMatch(configured.out, /did not start/);
    assert.equal(
      await Deno.readTextFile(`${scripts}/run-before-backup`),
      "#!/bin/sh\npg_dump app\n",
    );

    const related = await run("backup-relation-created");
    assert.equal(related.code, 0, related.err);
    assert.match(related.out, /backup-integrator\/0\* +active/);
    assert.match(
      related.out,
      /backup:2 with bacula-fd: juju show-unit bacula-fd\/0 shows it as application-data\n +fileset: \/var\/backups\n/,
    );
    assert.doesNotMatch(related.out, /show-unit backup-integrator/);
    assert.match(
      related.out,
      /run-before-backup: \/opt\/backup-integrator-charm\/backup-integrator\/scripts\/run-before-backup\n/,
      "the directory that stands for /opt/backup-integrator-charm is shown as it",
    );
    assert.ok(!related.out.includes(dir), "no path of the temporary directory is printed");
    assert.match(related.out, /\(\/opt\/backup-integrator-charm: sim\.json\.opt\)/);
    assert.match(related.out, /run-before-backup +unchanged/);
    assert.match(related.out, /relation-set -r backup:2 --app --file - <<< \{"fileset"/);

    const json = JSON.parse((await run("config-changed", "--json")).out);
    assert.equal(json.optDir, `${dir}/sim.json.opt`, "--json keeps the real paths");
    assert.equal(json.relations[0].appData["run-before-backup"], `${scripts}/run-before-backup`);

    const removed = await run("remove");
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.out, /run-before-backup +removed/);
    await assert.rejects(() => Deno.stat(`${dir}/sim.json.opt`), Deno.errors.NotFound);

    const bad = await run("config-changed", "--config", "schedule=daily");
    assert.equal(bad.code, 2);
    assert.match(bad.err, /Unknown config option "schedule"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("simulate shows that dispatch ended an unobserved hook without starting the binary", async () => {
  const out: string[] = [];
  const code = await simulateMain(["update-status", "--leader", "--config", "fileset=/srv"], {
    writeOut: (text) => out.push(text),
    writeError: (text) => out.push(text),
    cwd: Deno.cwd(),
  });
  assert.equal(code, 0, out.join("\n"));
  assert.match(
    out.join("\n"),
    /^update-status on backup-integrator\/0 \(leader\): exit 0\ndispatch ended update-status itself: the charm does not observe it, its binary did not start\n/,
  );
  assert.match(out.join("\n"), /^hook-tool calls \(0\)$/m);
});

Deno.test("simulate --help names the remote applications --relations creates", () => {
  const model = newModel("backup-integrator/0", OPTIONS);
  applyArgs(model, args("config-changed", "--relations", "3"), OPTIONS);
  const remotes = Object.values(model.relations).filter((r) => r.endpoint === "backup").map((
    r,
  ) => r.remoteApp);
  assert.deepEqual(remotes, ["bacula-fd", "bacula-fd-r2", "bacula-fd-r3"]);
  const help = /--relations N[^(]*\(([^)]*)\)/.exec(SIMULATE_HELP.replace(/\s+/g, " "))?.[1];
  assert.equal(help, `to ${remotes.join(", ")}, …`);
});

Deno.test("simulate prints the calls the charm starts together in one order, whatever order they came in", async () => {
  const dir = await Deno.makeTempDir({ prefix: "simulate-" });
  try {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const out: string[] = [];
      const code = await simulateMain(
        ["config-changed", "--leader", "--relations", "3", "--config", "fileset=/srv"],
        { writeOut: (text) => out.push(text), writeError: () => {}, cwd: dir },
      );
      assert.equal(code, 0);
      seen.add(out.join("\n").split("hook-tool calls")[1] ?? "");
    }
    assert.equal(seen.size, 1, [...seen].join("\n---\n"));
    assert.match(
      [...seen][0]!,
      /config-get[^\n]*\n {2}relation-ids[^\n]*\n {2}is-leader[^\n]*\n {2}relation-get -r backup:2 [^\n]*\n {2}relation-get -r backup:3 [^\n]*\n {2}relation-get -r backup:4 /,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

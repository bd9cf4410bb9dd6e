// Each defect the review found in the scenarios, reintroduced against the
// fake juju (in this process, polls without delay): the fake makes it fail,
// and what the scenarios do instead passes.

import assert from "node:assert/strict";
import { appDir, DEFAULT_OPT_DIR, scriptsDir } from "../../src/charm/paths.ts";
import { inProcessJuju } from "../fake_juju_cli/in_process.ts";
import { runJuju } from "../fake_juju_cli/commands.ts";
import { emptyModel, emptyState, type HookFault } from "../fake_juju_cli/state.ts";
import { integrationGate } from "./integration_env.ts";
import { Juju, JujuCliError } from "./juju_cli.ts";
import { type ModelStatus, unitsOf } from "./juju_json.ts";
import { publishedData } from "./machine_checks.ts";
import { idleApp, settledApp as app, UnitErrorStatus, waitSettled } from "./wait.ts";

const APP = "backup-integrator";
const CHARM = "/src/dist/backup-integrator_ubuntu@24.04-amd64.charm";
const SAFE_CONFIG = "/home/runner/snap/juju/common/config.yaml";
const CONFIG_YAML = `${APP}:\n  fileset: /srv\n`;

/** A model "m" on the fake, with the charm at {@link CHARM} and a config file outside /tmp. */
function fake(faults: HookFault[] = []) {
  const state = emptyState({ faults });
  state.models["m"] = emptyModel("m");
  const host: Record<string, string> = { [CHARM]: "charm", [SAFE_CONFIG]: CONFIG_YAML };
  const files = { cwd: "/src", read: (path: string) => host[path] };
  const run = inProcessJuju(state, files);
  // Every test's own deadline: a wait that regressed fails here, it does not hang.
  const juju = new Juju("m", { run, pollMs: 0, deadline: Date.now() + 10_000 });
  const polls = () => state.models["m"]?.poll ?? 0;
  return { state, files, host, juju, polls };
}

/** ubuntu (2 units), this charm or the Python one, bacula-fd, all related; settled. */
async function deployed(juju: Juju, charm: string, config: Record<string, string>) {
  await juju.deploy("ubuntu", { numUnits: 2 });
  await juju.deploy(charm, { app: APP, config });
  await juju.deploy("bacula-fd", {});
  await juju.integrate(`${APP}:juju-info`, "ubuntu:juju-info");
  await juju.integrate("bacula-fd:juju-info", "ubuntu:juju-info");
  await juju.integrate(`${APP}:backup`, "bacula-fd:backup");
  await juju.waitSettled({
    apps: {
      [APP]: app(2, "active", "unknown"),
      ubuntu: app(2, "active"),
      "bacula-fd": idleApp(2),
    },
  });
}

/** Poll until a condition holds, as the scenarios' first waits did. */
async function naiveWait(juju: Juju, ready: (s: ModelStatus) => boolean): Promise<ModelStatus> {
  for (let i = 0; i < 100; i++) {
    const status = await juju.status();
    if (ready(status)) return status;
  }
  throw new Error("naiveWait() never saw the condition");
}

const idleIn = (status: ModelStatus, workload: string) =>
  unitsOf(status, APP).length > 0 &&
  unitsOf(status, APP).every((u) => u.workload.current === workload && u.agent.current === "idle");

Deno.test("fake juju refuses a relative charm path; the settings give an absolute one", async () => {
  const { state, files, juju } = fake();
  const deploy = runJuju(state, ["deploy", "--model", "m", "dist/x.charm"], files);
  assert.equal(deploy.code, 1);
  assert.equal(
    deploy.stderr,
    'ERROR The charm or bundle "dist/x.charm" is ambiguous.\n' +
      "To deploy a local charm or bundle, run `juju deploy ./dist/x.charm`.\n",
  );
  const gate = integrationGate({
    JUJU_MODEL_PREFIX: "m",
    CHARM_PATH: "dist/backup-integrator_ubuntu@24.04-amd64.charm",
  }, "/src");
  assert.ok(gate.run);
  await juju.deploy(gate.settings.charmPath, { app: APP });
  await juju.deploy("./dist/backup-integrator_ubuntu@24.04-amd64.charm", { app: "other" });
  const refresh = runJuju(state, ["refresh", "--model", "m", APP, "--path", "dist/x.charm"], files);
  assert.equal(refresh.code, 1);
  assert.match(refresh.stderr, /"dist\/x\.charm" is ambiguous/);
});

Deno.test("fake juju cannot read a config file under /tmp, as the snap; key=value needs no file", async () => {
  const { state, host, files, juju } = fake();
  await juju.deploy(CHARM, { app: APP });
  const tmp = await Deno.makeTempFile({ dir: "/tmp", suffix: ".yaml" });
  try {
    await Deno.writeTextFile(tmp, CONFIG_YAML);
    host[tmp] = CONFIG_YAML;
    const refused = runJuju(state, ["config", "--model", "m", APP, "--file", tmp], files);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, `ERROR open ${tmp}: no such file or directory\n`);
    assert.deepEqual(state.models["m"]?.apps[APP]?.config, {});
  } finally {
    await Deno.remove(tmp);
  }
  assert.equal(
    runJuju(state, ["config", "--model", "m", APP, "--file", SAFE_CONFIG], files).code,
    0,
  );
  await juju.config(APP, { "run-before-backup": "#!/bin/sh\necho 'a=b'\n" });
  assert.deepEqual(state.models["m"]?.apps[APP]?.config, {
    fileset: "/srv",
    "run-before-backup": "#!/bin/sh\necho 'a=b'\n",
  });
});

Deno.test("a wait that stops at the first subordinate sees one unit of two; waitSettled sees both", async () => {
  const { juju } = fake();
  await juju.deploy("ubuntu", { numUnits: 2 });
  await juju.deploy(CHARM, { app: APP });
  await juju.integrate(`${APP}:juju-info`, "ubuntu:juju-info");
  const early = await naiveWait(juju, (s) => idleIn(s, "blocked"));
  assert.deepEqual(unitsOf(early, APP).map((u) => u.name), [`${APP}/0`]);
  const settled = await juju.waitSettled({ apps: { [APP]: app(2, "blocked") } });
  assert.deepEqual(unitsOf(settled, APP).map((u) => u.name), [`${APP}/0`, `${APP}/1`]);
});

Deno.test("a wait right after a config change passes on the old status; three polls do not", async () => {
  const { juju } = fake();
  await deployed(juju, CHARM, { fileset: "/srv" });
  const script = `${scriptsDir(DEFAULT_OPT_DIR, APP)}/run-before-backup`;
  await juju.config(APP, { "run-before-backup": "#!/bin/sh\n" });
  const spec = { apps: { [APP]: app(2, "active") } };
  await waitSettled(() => juju.status(), spec, { successes: 1, intervalMs: 0, timeoutMs: 5_000 });
  assert.equal((await publishedData(juju, "bacula-fd/0"))["run-before-backup"], undefined);
  assert.equal((await juju.exec("ubuntu/0", `cat '${script}'`)).code, 1);
  await juju.waitSettled(spec);
  assert.equal((await publishedData(juju, "bacula-fd/0"))["run-before-backup"], script);
  assert.equal((await juju.exec("ubuntu/0", `cat '${script}'`)).stdout, "#!/bin/sh\n");
});

Deno.test("after refresh, a wait blind to upgrading-from reads the Python charm's data; waitSettled the new", async () => {
  const { juju } = fake();
  await deployed(juju, "backup-integrator", { fileset: "/srv", "run-before-backup": "x" });
  const oldPath = `${DEFAULT_OPT_DIR}/${APP}-0/scripts/run-before-backup`;
  assert.equal((await publishedData(juju, "bacula-fd/0"))["run-before-backup"], oldPath);
  await juju.refreshPath(APP, CHARM);
  const spec = { apps: { [APP]: app(2, "active", "unknown") } };
  const blind = await waitSettled(
    async () => {
      const status = await juju.status();
      const units = Object.entries(status.units).map((
        [k, u],
      ) => [k, { ...u, upgradingFrom: undefined }]);
      return { ...status, units: Object.fromEntries(units) };
    },
    spec,
    { intervalMs: 0, timeoutMs: 5_000 },
  );
  assert.equal(blind.applications[APP]?.origin, "local");
  assert.equal((await publishedData(juju, "bacula-fd/0"))["run-before-backup"], oldPath);
  await juju.waitSettled({ apps: { [APP]: app(2, "active") } });
  assert.equal(
    (await publishedData(juju, "bacula-fd/0"))["run-before-backup"],
    `${scriptsDir(DEFAULT_OPT_DIR, APP)}/run-before-backup`,
  );
  const listing = await juju.exec(
    "ubuntu/1",
    `test -d '${appDir(DEFAULT_OPT_DIR, APP)}' && echo yes`,
  );
  assert.equal(listing.stdout, "yes\n");
});

Deno.test("a failed hook fails the wait on the poll that shows it, not at the time-out", async () => {
  const { juju, polls } = fake([{ unit: `${APP}/1`, hook: "config-changed" }]);
  await deployed(juju, CHARM, { fileset: "/srv" });
  await juju.config(APP, { fileset: "/var/backups" });
  const before = polls();
  const error = await juju.waitSettled({ apps: { [APP]: app(2, "active") } }, 600_000)
    .catch((e: unknown) => e);
  assert.ok(error instanceof UnitErrorStatus, String(error));
  assert.equal(
    error.message,
    `Unit ${APP}/1 is in error: workload error "hook failed: \\"config-changed\\"", agent idle`,
  );
  // Unseen for a poll, executing for one, failed on the third.
  assert.equal(polls() - before, 3);
  // Hook retries are off: it stays in error.
  const later = await juju.status();
  assert.equal(later.units[`${APP}/1`]?.workload.current, "error");
});

Deno.test("Juju.exec() returns a command that failed on the unit, as juju exec exits 1 with its results", async () => {
  const { juju } = fake();
  await juju.deploy("ubuntu", { numUnits: 1 });
  await juju.waitSettled({ apps: { ubuntu: app(1, "active") } });
  // The caller's assert.equal(x.code, 0, x.stderr) shows the remote stderr.
  const failed = await juju.exec("ubuntu/0", "cat /missing");
  assert.deepEqual(failed, {
    code: 1,
    stdout: "",
    stderr: "cat: /missing: No such file or directory\n",
  });
  assert.equal((await juju.exec("ubuntu/0", "test ! -e /missing && echo gone")).stdout, "gone\n");
  // juju itself failing (no results) still throws.
  await assert.rejects(juju.exec("ubuntu/9", "true"), JujuCliError);
});

Deno.test("a wait without bacula-fd returns before bacula-fd shows the backup relation; with it, after", async () => {
  const { juju } = fake();
  await juju.deploy("ubuntu", { numUnits: 2 });
  await juju.deploy(CHARM, { app: APP, config: { fileset: "/srv" } });
  await juju.deploy("bacula-fd", {});
  await juju.integrate(`${APP}:juju-info`, "ubuntu:juju-info");
  await juju.integrate("bacula-fd:juju-info", "ubuntu:juju-info");
  await juju.integrate(`${APP}:backup`, "bacula-fd:backup");
  const status = await juju.waitSettled({ apps: { [APP]: app(2, "active") } });
  assert.equal(status.units["bacula-fd/0"]?.agent.current, "executing");
  await assert.rejects(publishedData(juju, "bacula-fd/0"), /bacula-fd\/0 has 0 backup relations/);
  await juju.waitSettled({ apps: { [APP]: app(2, "active"), "bacula-fd": idleApp(2) } });
  assert.deepEqual(await publishedData(juju, "bacula-fd/0"), { fileset: "/srv" });
});

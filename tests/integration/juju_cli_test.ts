import assert from "node:assert/strict";
import { Juju, JujuCliError } from "./juju_cli.ts";
import {
  type ExecResult,
  parseActionResults,
  parseExec,
  parseShowUnit,
  parseStatus,
  unitsOf,
} from "./juju_json.ts";

// Recorded in the shapes Juju 3.6 documents for `--format=json`.
const testdata = (name: string) =>
  Deno.readTextFileSync(new URL(`./testdata/${name}`, import.meta.url));
const STATUS = testdata("status.json");
const SHOW_UNIT = testdata("show_unit.json");

Deno.test("parseStatus() lists subordinates beside principals, on their principal's machine", () => {
  const status = parseStatus(STATUS);
  assert.deepEqual(Object.keys(status.applications).sort(), [
    "backup-integrator",
    "bacula-fd",
    "ubuntu",
  ]);
  assert.deepEqual(status.applications["backup-integrator"], {
    charm: "local:backup-integrator-0",
    origin: "local",
  });
  assert.equal(status.applications["bacula-fd"]?.origin, "charmhub");
  assert.deepEqual(status.units["backup-integrator/1"], {
    name: "backup-integrator/1",
    workload: { current: "waiting", message: "waiting for backup relation" },
    agent: { current: "executing", message: "running backup-relation-joined hook" },
    leader: false,
    machine: "1",
    principal: "ubuntu/1",
    address: "10.203.51.13",
    upgradingFrom: undefined,
  });
  assert.equal(status.units["backup-integrator/0"]?.leader, true);
  assert.equal(status.units["ubuntu/0"]?.principal, undefined);
  assert.deepEqual(unitsOf(status, "bacula-fd").map((u) => u.machine), ["0", "1"]);
});

Deno.test("parseStatus() reads upgrading-from, shown until upgrade-charm has run", () => {
  const json = JSON.parse(STATUS);
  json.applications.ubuntu.units["ubuntu/0"].subordinates["backup-integrator/0"]["upgrading-from"] =
    "ch:amd64/backup-integrator-3";
  const status = parseStatus(JSON.stringify(json));
  assert.equal(status.units["backup-integrator/0"]?.upgradingFrom, "ch:amd64/backup-integrator-3");
  assert.equal(status.units["backup-integrator/1"]?.upgradingFrom, undefined);
});

Deno.test("parseShowUnit() gives the related application's data for each relation", () => {
  const relations = parseShowUnit(SHOW_UNIT, "bacula-fd/0");
  assert.deepEqual(relations.map((r) => r.endpoint), ["backup", "juju-info"]);
  assert.deepEqual(relations[0]?.applicationData, {
    fileset: "/var/backups,/etc/myapp",
    "run-before-backup": "/opt/backup-integrator-charm/backup-integrator/scripts/run-before-backup",
  });
  assert.equal(
    relations[0]?.relatedUnits["backup-integrator/0"]?.["ingress-address"],
    "10.203.51.12",
  );
  assert.deepEqual(relations[1]?.applicationData, {});
  assert.throws(() => parseShowUnit(SHOW_UNIT, "bacula-fd/1"), /"bacula-fd\/1" is not shown/);
});

Deno.test("parseExec() reads the command's exit code and output, defaulting omitted fields", () => {
  assert.deepEqual(parseExec(testdata("exec.json"), "ubuntu/0"), {
    code: 0,
    stdout:
      "700 root root /opt/backup-integrator-charm/backup-integrator/scripts/run-before-backup\n",
    stderr: "",
  });
  const failed = parseExec(testdata("exec_failed.json"), "ubuntu/1");
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /No such file or directory/);
  assert.deepEqual(parseExec('{"ubuntu/2":{"results":{},"status":"completed"}}', "ubuntu/2"), {
    code: 0,
    stdout: "",
    stderr: "",
  });
  assert.throws(() => parseExec(testdata("exec.json"), "ubuntu/9"), /no result for "ubuntu\/9"/);
});

Deno.test("parseStatus() refuses output that is not juju status", () => {
  assert.throws(() => parseStatus("[]"), /Cannot read juju status: expected an object/);
  assert.throws(() => parseStatus("not json"), SyntaxError);
});

Deno.test("Juju runs every command in its model and asks for JSON where it parses", async () => {
  const calls: string[][] = [];
  const replies: Record<string, string> = {
    status: STATUS,
    "show-unit": SHOW_UNIT,
    exec: testdata("exec.json"),
  };
  const juju = new Juju("ci-0", {
    run: (args): Promise<ExecResult> => {
      calls.push([...args]);
      return Promise.resolve({ code: 0, stdout: replies[args[0] ?? ""] ?? "", stderr: "" });
    },
  });
  await juju.deploy("ubuntu", { numUnits: 2, base: "ubuntu@24.04" });
  await juju.deploy("./dist/b.charm", { app: "backup-integrator", config: { fileset: "/srv" } });
  await juju.integrate("backup-integrator:backup", "bacula-fd:backup");
  await juju.resetConfig("backup-integrator", ["run-after-backup", "run-before-restore"]);
  assert.equal((await juju.status()).units["ubuntu/1"]?.machine, "1");
  assert.equal((await juju.showUnit("bacula-fd/0")).length, 2);
  assert.equal((await juju.exec("ubuntu/0", "stat -c '%a %U %G %n' /x")).code, 0);
  // The model right after the command: after exec's "--" it would be part of the command.
  assert.deepEqual(calls.map((c) => c.join(" ")), [
    "deploy --model ci-0 ubuntu --num-units 2 --base ubuntu@24.04",
    "deploy --model ci-0 ./dist/b.charm backup-integrator --config fileset=/srv",
    "integrate --model ci-0 backup-integrator:backup bacula-fd:backup",
    "config --model ci-0 backup-integrator --reset run-after-backup,run-before-restore",
    "status --model ci-0 --format=json",
    "show-unit --model ci-0 bacula-fd/0 --format=json",
    "exec --model ci-0 --unit ubuntu/0 --format=json -- stat -c '%a %U %G %n' /x",
  ]);
});

Deno.test("Juju.config() passes each value as one key=value argument, never a file", async () => {
  const calls: string[][] = [];
  const juju = new Juju("m", {
    run: (args) => {
      calls.push([...args]);
      return Promise.resolve({ code: 0, stdout: "", stderr: "" });
    },
  });
  await juju.config("backup-integrator", {
    fileset: "/srv",
    "run-before-backup": "#!/bin/sh\necho 'a=b'\n",
  });
  assert.deepEqual(calls, [[
    "config",
    "--model",
    "m",
    "backup-integrator",
    "fileset=/srv",
    "run-before-backup=#!/bin/sh\necho 'a=b'\n",
  ]]);
});

Deno.test("Juju throws JujuCliError with the command, exit code and stderr", async () => {
  const juju = new Juju("m", {
    run: () => Promise.resolve({ code: 1, stdout: "", stderr: "ERROR no such app\n" }),
  });
  const error = await juju.removeApplication("nope").catch((e: unknown) => e);
  assert.ok(error instanceof JujuCliError);
  assert.deepEqual(error.args, ["remove-application", "--model", "m", "--no-prompt", "nope"]);
  assert.equal(error.code, 1);
  assert.equal(
    error.message,
    "juju remove-application --model m --no-prompt nope exited with 1: ERROR no such app",
  );
});

Deno.test("Juju kills a command at the scenario's deadline, and runs none after it", async () => {
  const signals: AbortSignal[] = [];
  const juju = new Juju("m", {
    deadline: Date.now() + 50,
    run: (_args, signal) => {
      signals.push(signal);
      return new Promise((resolve) =>
        signal.addEventListener("abort", () => resolve({ code: 137, stdout: "", stderr: "" }))
      );
    },
  });
  const started = Date.now();
  await assert.rejects(() => juju.status(), /exited with 137/);
  assert.ok(Date.now() - started < 5_000);
  await assert.rejects(() => juju.status(), /The deadline of the scenario in model "m" passed/);
  assert.equal(signals.length, 1);
});

Deno.test("parseActionResults() returns a completed action's results and refuses a failed one", () => {
  assert.deepEqual(parseActionResults(testdata("run_action.json"), "bacula-server/0"), {
    password: "Kq3v9XrT2bLm",
  });
  assert.throws(
    () => parseActionResults(testdata("run_action_failed.json"), "s3-integrator/0"),
    /is "failed", not "completed": missing parameter access-key/,
  );
  assert.throws(() => parseActionResults("{}", "a/0"), /no result for "a\/0"/);
});

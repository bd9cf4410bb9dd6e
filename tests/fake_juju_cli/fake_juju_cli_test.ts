import assert from "node:assert/strict";
import { Baculum } from "../integration/baculum.ts";
import { parseExec, parseShowUnit, parseStatus } from "../integration/juju_json.ts";
import { parseArgs } from "./args.ts";
import { baculumStandIn, STAND_IN_JOBS } from "./baculum_stand_in.ts";
import { BACULUM_API_PASSWORD, runJuju } from "./commands.ts";
import { installFakeJuju } from "./install.ts";
import { runShell } from "./shell.ts";
import { emptyState, type MachineFiles } from "./state.ts";

const FILES = {
  cwd: "/src",
  read: (path: string) => (path === "/src/backup-integrator.charm" ? "" : undefined),
};

function model() {
  const state = emptyState();
  const juju = (...args: string[]) => runJuju(state, args, FILES);
  assert.equal(juju("add-model", "m", "--no-switch").code, 0);
  return { state, juju };
}

Deno.test("fake juju prints status in Juju 3.6's shape: subordinates under their principal", () => {
  const { juju } = model();
  juju("deploy", "--model", "m", "ubuntu", "--num-units", "2");
  juju("deploy", "--model", "m", "./backup-integrator.charm", "bi");
  juju("integrate", "--model", "m", "bi:juju-info", "ubuntu:juju-info");
  let json = "";
  for (let i = 0; i < 3; i++) json = juju("status", "--model", "m", "--format=json").stdout;
  const raw = JSON.parse(json);
  assert.equal(raw.applications.bi["charm-origin"], "local");
  assert.deepEqual(raw.applications.bi["subordinate-to"], ["ubuntu"]);
  assert.equal(raw.applications.bi.units, undefined);
  const sub = raw.applications.ubuntu.units["ubuntu/0"].subordinates["bi/0"];
  assert.deepEqual(sub["workload-status"], {
    current: "blocked",
    message: "set fileset: juju config bi fileset=/path",
    since: "01 Dec 2026 12:00:00Z",
  });
  assert.equal(sub.leader, true);
  const status = parseStatus(json);
  assert.equal(status.units["bi/0"]?.principal, "ubuntu/0");
  assert.equal(status.units["bi/0"]?.machine, "0");
  // The second subordinate arrives later.
  assert.equal(status.units["bi/1"], undefined);
});

Deno.test("fake juju answers show-unit and exec in the shapes the parsers read", () => {
  const { juju } = model();
  juju("deploy", "--model", "m", "ubuntu");
  juju("status", "--model", "m", "--format=json");
  const shown = juju("show-unit", "--model", "m", "ubuntu/0", "--format=json");
  assert.deepEqual(parseShowUnit(shown.stdout, "ubuntu/0"), []);
  const exec = juju("exec", "--model", "m", "--unit", "ubuntu/0", "--format=json", "--", "cat /x");
  // Juju 3.6: the results on stdout, and exit 1 naming the failed task.
  assert.equal(exec.code, 1);
  assert.match(
    exec.stderr,
    /^ERROR the following task failed:\n - id "\d+" with return code 1\n\nuse 'juju show-task' to inspect the failure\n$/,
  );
  assert.deepEqual(parseExec(exec.stdout, "ubuntu/0"), {
    code: 1,
    stdout: "",
    stderr: "cat: /x: No such file or directory\n",
  });
  const unknown = juju("exec", "--model", "m", "--unit", "ubuntu/0", "--format=json", "--", "ls /");
  assert.equal(parseExec(unknown.stdout, "ubuntu/0").code, 127);
});

Deno.test("fake juju refuses an unknown flag, an unknown model and a unit not shown yet", () => {
  const { juju } = model();
  assert.deepEqual(juju("status", "--model", "m", "--colour"), {
    code: 2,
    stdout: "",
    stderr: "ERROR option provided but not defined: --colour\n",
  });
  assert.equal(
    juju("status", "--model", "nope", "--format=json").stderr,
    'ERROR model "nope" not found\n',
  );
  juju("deploy", "--model", "m", "ubuntu");
  assert.equal(juju("show-unit", "--model", "m", "ubuntu/0", "--format=json").code, 1);
  assert.equal(juju("destroy-model", "m").code, 1);
  assert.equal(juju("destroy-model", "m", "--no-prompt").code, 0);
});

Deno.test("parseArgs() joins everything after -- into the one command, flags included", () => {
  const parsed = parseArgs(["exec", "--unit=u/0", "--", "stat", "x", "--model", "m"]);
  assert.ok(typeof parsed !== "string");
  assert.deepEqual(parsed.positional, ["exec", "stat x --model m"]);
  assert.deepEqual(parsed.flags, { "--unit": ["u/0"] });
});

const FILE = (content: string, mode = 0o700) => ({
  kind: "file" as const,
  mode,
  owner: "root",
  content,
});
const DIR = (mode = 0o700) => ({ kind: "dir" as const, mode, owner: "root", content: "" });

Deno.test("runShell() stats with globs, and says which path is missing", () => {
  const files: MachineFiles = {
    "/a": DIR(),
    "/a/s": DIR(),
    "/a/s/x": FILE("x"),
    "/a/s/y": FILE("y", 0o755),
  };
  assert.deepEqual(runShell(files, "stat -c '%a %U %G %n' '/a' '/a/s/'*", []), {
    code: 0,
    stdout: "700 root root /a\n700 root root /a/s/x\n755 root root /a/s/y\n",
    stderr: "",
  });
  const missing = runShell(files, "stat -c '%a %U %G %n' '/b' '/b/'*", []);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    "stat: cannot statx '/b': No such file or directory\n" +
      "stat: cannot statx '/b/*': No such file or directory\n",
  );
});

Deno.test("runShell() carries out test, and the documented find that removes old directories", () => {
  const files: MachineFiles = {
    "/o": DIR(0o755),
    "/o/app-0": DIR(),
    "/o/app-0/f": FILE("f"),
    "/o/app": DIR(),
  };
  assert.equal(runShell(files, "test ! -e '/o/app-0' && echo absent", []).stdout, "");
  assert.equal(runShell(files, "test -e /nope && echo yes || echo no", []).stdout, "no\n");
  const find = "find /o -mindepth 1 -maxdepth 1 -type d -regextype posix-extended " +
    "-regex '.*/app-[0-9]+' -print";
  assert.equal(runShell(files, find, []).stdout, "/o/app-0\n");
  assert.equal(runShell(files, `${find} -exec rm -rf {} +`, []).code, 0);
  assert.deepEqual(Object.keys(files).sort(), ["/o", "/o/app"]);
});

Deno.test("runShell() answers other commands from the first matching rule, else exit 127", () => {
  const rules = [{ match: "SELECT", stdout: "1\n", code: 0 }];
  assert.equal(runShell({}, "psql <<'SQL'\nSELECT 1;\nSQL", rules).stdout, "1\n");
  assert.equal(runShell({}, "rm -rf /", rules).code, 127);
});

Deno.test("the Baculum stand-in runs a backup and a restore for the client, authenticated", async () => {
  const handler = baculumStandIn();
  const fetcher =
    ((input: URL | Request | string, init?: RequestInit) =>
      handler(new Request(input, init))) as typeof fetch;
  const baculum = new Baculum("http://127.0.0.1:1/api/v2", "rt-admin", BACULUM_API_PASSWORD, {
    fetch: fetcher,
    pollMs: 1,
  });
  assert.deepEqual(await baculum.jobNames(), STAND_IN_JOBS);
  const [backupJob, restoreJob] = STAND_IN_JOBS as [string, string];
  await baculum.runFullBackup(backupJob);
  const backup = await baculum.waitForRun(backupJob);
  assert.deepEqual(backup, { jobid: 1, jobstatus: "T" });
  await baculum.restore(restoreJob, backup.jobid);
  assert.equal((await baculum.waitForRun(restoreJob)).jobid, 2);
  await assert.rejects(() => baculum.restore(restoreJob, 9), /answered 7/);
  const wrong = new Baculum("http://127.0.0.1:1/api/v2", "rt-admin", "guess", { fetch: fetcher });
  await assert.rejects(() => wrong.jobNames(), /answered 401/);
});

Deno.test("installFakeJuju() puts juju on PATH outside /tmp, and removes it even when a test fails", async () => {
  let dir = "";
  await assert.rejects(async () => {
    await using fake = await installFakeJuju();
    dir = fake.dir;
    assert.ok(!dir.startsWith("/tmp/"), dir);
    assert.equal(fake.path.split(":")[0], fake.binDir);
    assert.equal((await Deno.stat(`${fake.binDir}/juju`)).mode! & 0o111, 0o111);
    assert.deepEqual((await fake.state()).models, {});
    throw new Error("the test failed");
  }, /the test failed/);
  await assert.rejects(() => Deno.stat(dir), Deno.errors.NotFound);
});

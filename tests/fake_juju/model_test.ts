import assert from "node:assert/strict";
import { HookToolError } from "../../src/juju/hook_tool_runner.ts";
import { createMemoryRunner } from "./memory_runner.ts";
import {
  clearHookError,
  commitPending,
  createModel,
  type CreateModelOptions,
  discardPending,
  type FakeModel,
  type HookContext,
  runTool,
  showHookError,
  type ToolResult,
} from "./model.ts";
import { contextFromEnv } from "./tool_main.ts";

const APP = "backup-integrator";
const LEADER = `${APP}/0`;
const FOLLOWER = `${APP}/1`;

function setup(options: CreateModelOptions = {}): FakeModel {
  return createModel({
    units: [LEADER, FOLLOWER],
    relations: [{ endpoint: "backup", remoteApp: "bacula-fd", id: 3 }],
    ...options,
  });
}

function run(
  model: FakeModel,
  tool: string,
  args: readonly string[],
  context: Partial<HookContext> & { stdin?: string } = {},
): ToolResult {
  const { stdin, ...rest } = context;
  return runTool(model, { unit: LEADER, hook: "config-changed", ...rest }, {
    tool,
    args,
    ...(stdin === undefined ? {} : { stdin }),
  });
}

function assertUsageError(result: ToolResult, message?: string): void {
  assert.equal(result.exitCode, 2, result.stderr);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^ERROR .+\n$/);
  if (message !== undefined) assert.equal(result.stderr, `ERROR ${message}\n`);
}

function assertFailure(result: ToolResult, message: string): void {
  assert.equal(result.exitCode, 1, result.stderr);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr, `ERROR ${message}\n`);
}

function appBag(model: FakeModel, relationId = "backup:3"): Record<string, string> | undefined {
  return model.relations[relationId]?.appData[APP];
}

Deno.test("createModel() starts every unit unknown, the first unit leading", () => {
  const model = setup();
  assert.deepEqual(model.units[LEADER], {
    leader: true,
    status: { status: "unknown", message: "" },
    logs: [],
    workloadVersion: "",
  });
  assert.equal(model.units[FOLLOWER]?.leader, false);
  assert.deepEqual(Object.keys(model.relations), ["backup:3"]);
  assert.deepEqual(model.relations["backup:3"]?.remoteUnits, ["bacula-fd/0"]);
  assert.equal(model.nextRelationId, 4);
  assert.deepEqual(JSON.parse(JSON.stringify(model)), model);
});

Deno.test("runTool() config-get prints compact JSON of the options that have a value", () => {
  const model = setup({ config: { fileset: "/srv,/etc", "run-before-backup": "", port: 5 } });
  const result = run(model, "config-get", ["--format=json"]);
  assert.deepEqual(result, {
    stdout: '{"fileset":"/srv,/etc","port":5,"run-before-backup":""}\n',
    stderr: "",
    exitCode: 0,
  });
  assert.equal(run(model, "config-get", ["fileset", "--format", "json"]).stdout, '"/srv,/etc"\n');
  assert.equal(run(model, "config-get", ["--format=json", "missing"]).stdout, "null\n");
});

Deno.test("runTool() config-get leaves unset options out, and shows them as null with --all", () => {
  const model = setup({ config: { fileset: "/srv" }, declaredOptions: ["fileset", "extra"] });
  assert.equal(run(model, "config-get", ["--format=json"]).stdout, '{"fileset":"/srv"}\n');
  assert.equal(
    run(model, "config-get", ["--all", "--format=json"]).stdout,
    '{"extra":null,"fileset":"/srv"}\n',
  );
  assertUsageError(
    run(model, "config-get", ["--all", "fileset"]),
    'cannot use argument --all together with key "fileset"',
  );
  assertUsageError(run(model, "config-get", ["a", "b"]), 'unrecognized args: ["b"]');
});

Deno.test("runTool() is-leader prints true or false as JSON", () => {
  const model = setup();
  assert.equal(run(model, "is-leader", ["--format=json"]).stdout, "true\n");
  assert.equal(run(model, "is-leader", ["--format=json"], { unit: FOLLOWER }).stdout, "false\n");
  assert.equal(run(model, "is-leader", []).stdout, "True\n");
});

Deno.test("runTool() rejects an unknown flag or format with exit 2 and nothing on stdout", () => {
  const model = setup();
  assertUsageError(
    run(model, "is-leader", ["--bogus"]),
    "option provided but not defined: --bogus",
  );
  assertUsageError(
    run(model, "config-get", ["--format=xml"]),
    'invalid value "xml" for option --format: unknown format "xml"',
  );
  assertUsageError(run(model, "relation-get", ["-r"]), "option needs an argument: -r");
  assertUsageError(run(model, "status-set", ["--format=json", "active"]));
});

Deno.test("runTool() relation-ids sorts ids as Juju does and prints [] when none", () => {
  const model = createModel({
    relations: [
      { endpoint: "backup", remoteApp: "a", id: 9 },
      { endpoint: "backup", remoteApp: "b", id: 10 },
      { endpoint: "juju-info", remoteApp: "ubuntu", id: 1 },
    ],
  });
  // Go's sort.Strings, as in Juju's relation-ids: "backup:10" sorts before "backup:9".
  assert.equal(
    run(model, "relation-ids", ["backup", "--format=json"]).stdout,
    '["backup:10","backup:9"]\n',
  );
  assert.equal(run(model, "relation-ids", ["--format=json", "nothing"]).stdout, "[]\n");
  assertUsageError(run(model, "relation-ids", ["--format=json"]), "no relation name specified");
  assert.equal(
    run(model, "relation-ids", ["--format=json"], { relationId: "juju-info:1" }).stdout,
    '["juju-info:1"]\n',
  );
});

Deno.test("runTool() hides the broken relation from relation-ids but -r still reaches it", () => {
  const model = setup({
    relations: [
      { endpoint: "backup", remoteApp: "bacula-fd", id: 3, appData: { "bacula-fd": { a: "b" } } },
      { endpoint: "backup", remoteApp: "other", id: 4 },
    ],
  });
  const broken = {
    hook: "backup-relation-broken",
    relationId: "backup:3",
    brokenRelationId: "backup:3",
  };
  assert.equal(
    run(model, "relation-ids", ["backup", "--format=json"], broken).stdout,
    '["backup:4"]\n',
  );
  const read = run(model, "relation-get", [
    "-r",
    "backup:3",
    "--app",
    "--format=json",
    "-",
    "bacula-fd",
  ], broken);
  assert.equal(read.stdout, '{"a":"b"}\n');
  assert.equal(
    run(model, "relation-list", ["-r", "backup:3", "--format=json"], broken).stdout,
    "[]\n",
  );
});

Deno.test("runTool() takes -r X, -r=X, --relation X, --relation=X and flags after arguments", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      appData: { "bacula-fd": { fileset: "/x" } },
    }],
  });
  const spellings = [
    ["-r", "backup:3", "--app", "--format=json", "-", "bacula-fd"],
    ["-r=backup:3", "--app", "--format", "json", "-", "bacula-fd"],
    ["--relation", "3", "--app", "--format=json", "-", "bacula-fd"],
    ["-", "bacula-fd", "--relation=backup:3", "--format=json", "--app"],
    ["--format=json", "--app", "fileset", "bacula-fd", "-r", "backup:3"],
  ];
  for (const args of spellings.slice(0, 4)) {
    assert.equal(run(model, "relation-get", args).stdout, '{"fileset":"/x"}\n', args.join(" "));
  }
  assert.equal(run(model, "relation-get", spellings[4] ?? []).stdout, '"/x"\n');
  assert.equal(
    run(model, "relation-get", ["--format=json", "--app", "missing", "bacula-fd", "-r", "3"])
      .stdout,
    "null\n",
  );
});

Deno.test("runTool() treats arguments after -- as positional even when they look like flags", () => {
  const model = setup();
  const result = run(model, "juju-log", ["--log-level", "WARNING", "--", "--not-a-flag", "x"]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(model.units[LEADER]?.logs, [{ level: "WARNING", message: "--not-a-flag x" }]);
});

Deno.test("runTool() refuses an unknown relation while parsing -r, with exit 2", () => {
  const model = setup();
  assertUsageError(
    run(model, "relation-get", ["-r", "backup:99", "--app", "-", "bacula-fd"]),
    'invalid value "backup:99" for option -r: relation not found',
  );
  assertUsageError(
    run(model, "relation-set", ["-r", "nonsense", "a=b"]),
    'invalid value "nonsense" for option -r: invalid relation id',
  );
  assertUsageError(run(model, "relation-list", ["--format=json"]), "no relation id specified");
});

Deno.test("runTool() relation-list lists remote units, or the remote application with --app", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      remoteUnits: ["bacula-fd/0", "bacula-fd/2"],
    }],
  });
  assert.equal(
    run(model, "relation-list", ["-r", "backup:3", "--format=json"]).stdout,
    '["bacula-fd/0","bacula-fd/2"]\n',
  );
  assert.equal(
    run(model, "relation-list", ["--app", "--format=json"], { relationId: "backup:3" }).stdout,
    '"bacula-fd"\n',
  );
});

Deno.test("runTool() refuses a non-leader reading its own application bag", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      appData: { [APP]: { fileset: "/srv" } },
    }],
  });
  const args = ["-r", "backup:3", "--app", "--format=json", "-", APP];
  assertFailure(run(model, "relation-get", args, { unit: FOLLOWER }), "permission denied");
  assert.equal(run(model, "relation-get", args).stdout, '{"fileset":"/srv"}\n');
  // --app with a unit name means that unit's application.
  const byUnit = ["-r", "backup:3", "--app", "--format=json", "-", FOLLOWER];
  assertFailure(run(model, "relation-get", byUnit, { unit: FOLLOWER }), "permission denied");
});

Deno.test("runTool() relation-get of an application name without --app is an error", () => {
  const model = setup();
  const result = run(model, "relation-get", ["-r", "backup:3", "--format=json", "-", "bacula-fd"]);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout, "");
  assert.match(result.stderr, /^ERROR .*"bacula-fd" is not a valid unit name/);
});

Deno.test("runTool() relation-get prints {} for an empty bag and reads unit bags", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      unitData: { "bacula-fd/0": { host: "h" } },
    }],
  });
  assert.equal(
    run(model, "relation-get", ["-r", "3", "--app", "--format=json", "-", "bacula-fd"]).stdout,
    "{}\n",
  );
  assert.equal(
    run(model, "relation-get", ["-r", "3", "--format=json", "-", "bacula-fd/0"]).stdout,
    '{"host":"h"}\n',
  );
  assert.equal(
    run(model, "relation-get", ["-r", "3", "--format=json", "-", LEADER]).stdout,
    "{}\n",
  );
  // In a relation hook the defaults are the hook's relation and remote unit.
  const hook = {
    hook: "backup-relation-changed",
    relationId: "backup:3",
    remoteUnit: "bacula-fd/0",
  };
  assert.equal(run(model, "relation-get", ["--format=json"], hook).stdout, '{"host":"h"}\n');
  assertFailure(
    run(model, "relation-get", ["-r", "3", "--format=json", "-", "bacula-fd/7"]),
    'cannot read settings for unit "bacula-fd/7" in relation "backup:3": unit "bacula-fd/7": settings not found',
  );
});

Deno.test("runTool() refuses relation-set --app on a non-leader", () => {
  const model = setup();
  const result = run(model, "relation-set", ["-r", "backup:3", "--app", "fileset=/srv"], {
    unit: FOLLOWER,
  });
  assertFailure(result, "cannot write relation settings");
  assert.deepEqual(model.pending, {});
});

Deno.test("runTool() buffers relation writes until commitPending()", () => {
  const model = setup();
  const write = run(model, "relation-set", ["-r", "backup:3", "--app", "--file", "-"], {
    stdin: '{"fileset":"/srv"}',
  });
  assert.equal(write.exitCode, 0, write.stderr);
  assert.equal(write.stdout, "");
  assert.equal(appBag(model), undefined);
  assert.deepEqual(model.pending[LEADER], [
    { relationId: "backup:3", bag: "app", settings: { fileset: "/srv" } },
  ]);
  // The writer reads its own uncommitted write back, as in Juju.
  const read = ["-r", "backup:3", "--app", "--format=json", "-", APP];
  assert.equal(run(model, "relation-get", read).stdout, '{"fileset":"/srv"}\n');
  // Nobody else does: the committed bag, what the remote side reads, is unchanged.
  assert.equal(appBag(model), undefined);
  commitPending(model, LEADER);
  assert.deepEqual(appBag(model), { fileset: "/srv" });
  assert.deepEqual(model.pending, {});
});

Deno.test("discardPending() drops the writes of a failed hook", () => {
  const model = setup();
  run(model, "relation-set", ["-r", "backup:3", "fileset=/srv"]);
  discardPending(model, LEADER);
  commitPending(model, LEADER);
  assert.deepEqual(model.relations["backup:3"]?.unitData, {});
});

Deno.test("commitPending() deletes keys written with an empty value", () => {
  const model = setup({
    relations: [{
      endpoint: "backup",
      remoteApp: "bacula-fd",
      id: 3,
      appData: { [APP]: { fileset: "/srv", "run-before-backup": "/x" } },
    }],
  });
  const result = run(model, "relation-set", ["--app", "-r=3", "--file=-"], {
    stdin: "fileset: /etc\nrun-before-backup: ''\n",
  });
  assert.equal(result.exitCode, 0, result.stderr);
  const read = ["-r", "backup:3", "--app", "--format=json", "-", APP];
  assert.equal(run(model, "relation-get", read).stdout, '{"fileset":"/etc"}\n');
  commitPending(model, LEADER);
  assert.deepEqual(appBag(model), { fileset: "/etc" });
});

Deno.test("runTool() relation-set takes key=value arguments over --file, trimmed", () => {
  const model = setup();
  const result = run(model, "relation-set", ["-r", "3", "a= 1 ", "--file", "-", "b=2"], {
    stdin: "a: from-file\nc: '3'\n",
  });
  assert.equal(result.exitCode, 0, result.stderr);
  commitPending(model, LEADER);
  assert.deepEqual(model.relations["backup:3"]?.unitData[LEADER], { a: "1", b: "2", c: "3" });
  assertUsageError(
    run(model, "relation-set", ["-r", "3", "novalue"]),
    'expected "key=value", got "novalue"',
  );
  assertUsageError(
    run(model, "relation-set", ["-r", "3", "a=1", "a=2"]),
    'key "a" specified more than once',
  );
});

Deno.test("runTool() relation-set accepts only string values from --file", () => {
  const model = setup();
  for (const stdin of ['{"fileset": 5}', "fileset: [a, b]", "[1, 2]", "{"]) {
    const result = run(model, "relation-set", ["-r", "3", "--app", "--file", "-"], { stdin });
    assert.equal(result.exitCode, 1, stdin);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^ERROR cannot parse settings: /, stdin);
  }
  assert.deepEqual(model.pending, {});
});

Deno.test("runTool() records stdin only for relation-set --file -", () => {
  const model = setup();
  run(model, "relation-set", ["-r", "3", "--app", "--file", "-"], { stdin: "{}" });
  run(model, "relation-set", ["-r", "3", "a=b"], { stdin: "ignored" });
  assert.deepEqual(model.calls.map((call) => call.stdin), ["{}", undefined]);
});

Deno.test("runTool() status-set takes effect at once and refuses other statuses with exit 2", () => {
  const model = setup();
  assert.equal(run(model, "status-set", ["active", "--", "-ready-"]).exitCode, 0);
  assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "-ready-" });
  assert.equal(run(model, "status-set", ["waiting"]).exitCode, 0);
  assert.deepEqual(model.units[LEADER]?.status, { status: "waiting", message: "" });
  assertUsageError(
    run(model, "status-set", ["error", "x"]),
    'invalid status "error", expected one of [maintenance blocked waiting active]',
  );
  assertUsageError(run(model, "status-set", []), "invalid args, require <status> [message]");
  assertUsageError(run(model, "status-set", ["active", "a", "b"]), 'unrecognized args: ["b"]');
});

Deno.test("runTool() status-set --application needs leadership", () => {
  const model = setup();
  assertFailure(
    run(model, "status-set", ["--application", "blocked", "x"], { unit: FOLLOWER }),
    "this unit is not the leader",
  );
  assert.equal(run(model, "status-set", ["blocked", "--application", "x"]).exitCode, 0);
  assert.deepEqual(model.appStatus, { status: "blocked", message: "x" });
});

Deno.test("runTool() status-get prints the status, with message and data on request", () => {
  const model = setup();
  run(model, "status-set", ["blocked", "no fileset"]);
  assert.equal(run(model, "status-get", []).stdout, "blocked\n");
  assert.equal(run(model, "status-get", ["--format=json"]).stdout, '{"status":"blocked"}\n');
  assert.equal(
    run(model, "status-get", ["--format=json", "--include-data"]).stdout,
    '{"message":"no fileset","status":"blocked","status-data":{}}\n',
  );
  assertFailure(
    run(model, "status-get", ["--application", "--format=json"], { unit: FOLLOWER }),
    "finding application status: this unit is not the leader",
  );
  const app = JSON.parse(run(model, "status-get", ["--application", "--format=json"]).stdout);
  assert.deepEqual(app, {
    "application-status": {
      status: "unknown",
      units: { [LEADER]: { status: "blocked" }, [FOLLOWER]: { status: "unknown" } },
    },
  });
});

Deno.test("runTool() juju-log joins its arguments and defaults to INFO", () => {
  const model = setup();
  run(model, "juju-log", ["hello", "world"]);
  run(model, "juju-log", ["-l", "DEBUG", "--", "a"]);
  run(model, "juju-log", ["b", "--log-level=error"]);
  run(model, "juju-log", ["--debug", "c"]);
  run(model, "juju-log", ["--log-level", "LOUD", "d"]);
  run(model, "juju-log", ["e"], { hook: "backup-relation-changed", relationId: "backup:3" });
  assert.deepEqual(model.units[LEADER]?.logs, [
    { level: "INFO", message: "hello world" },
    { level: "DEBUG", message: "a" },
    { level: "ERROR", message: "b" },
    { level: "DEBUG", message: "c" },
    { level: "WARNING", message: 'Specified log level of "LOUD" is not valid' },
    { level: "INFO", message: "d" },
    { level: "INFO", message: "backup:3: e" },
  ]);
  assertUsageError(run(model, "juju-log", ["--log-level", "INFO"]), "no message specified");
});

Deno.test("runTool() application-version-set takes exactly one argument", () => {
  const model = setup();
  assert.equal(run(model, "application-version-set", ["--", "1.2.3"]).exitCode, 0);
  assert.equal(model.units[LEADER]?.workloadVersion, "1.2.3");
  assertUsageError(run(model, "application-version-set", []), "no version specified");
  assertUsageError(run(model, "application-version-set", ["1", "2"]), 'unrecognized args: ["2"]');
});

Deno.test("showHookError() shows error until clearHookError() restores the workload status", () => {
  const model = setup();
  run(model, "status-set", ["active", "ready"]);
  showHookError(model, LEADER, "config-changed");
  showHookError(model, LEADER, "config-changed");
  assert.deepEqual(model.units[LEADER]?.status, {
    status: "error",
    message: 'hook failed: "config-changed"',
  });
  clearHookError(model, LEADER);
  assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "ready" });
  assert.equal(model.units[LEADER]?.statusBeforeError, undefined);
  clearHookError(model, LEADER);
  assert.deepEqual(model.units[LEADER]?.status, { status: "active", message: "ready" });
});

Deno.test("runTool() records every call in order, failed ones included", () => {
  const model = setup();
  run(model, "is-leader", ["--format=json"]);
  run(model, "status-set", ["bogus"], { unit: FOLLOWER, hook: "install" });
  assert.deepEqual(model.calls, [
    { unit: LEADER, hook: "config-changed", tool: "is-leader", args: ["--format=json"] },
    { unit: FOLLOWER, hook: "install", tool: "status-set", args: ["bogus"] },
  ]);
});

Deno.test("runTool() applies an injected fault instead of the tool, then wears it out", () => {
  const model = setup();
  model.faults.push({
    tool: "status-set",
    exitCode: 1,
    stderr: "ERROR connection refused",
    remaining: 2,
  });
  model.faults.push({ tool: "is-leader", unit: FOLLOWER, exitCode: 2, stderr: "ERROR bad\n" });
  for (let index = 0; index < 2; index++) {
    assertFailure(run(model, "status-set", ["active"]), "connection refused");
  }
  assert.deepEqual(model.units[LEADER]?.status, { status: "unknown", message: "" });
  assert.equal(run(model, "status-set", ["active"]).exitCode, 0);
  assert.equal(model.calls.length, 3);
  assert.equal(run(model, "is-leader", ["--format=json"]).exitCode, 0);
  assert.equal(run(model, "is-leader", ["--format=json"], { unit: FOLLOWER }).exitCode, 2);
  assert.equal(run(model, "is-leader", ["--format=json"], { unit: FOLLOWER }).exitCode, 2);
  assert.equal(model.faults.length, 1);
});

Deno.test("runTool() throws on a tool the fake does not have", () => {
  assert.throws(() => run(setup(), "leader-set", ["a=b"]), TypeError);
});

Deno.test("createMemoryRunner() resolves to stdout and throws HookToolError on failure", async () => {
  const model = setup();
  const runner = createMemoryRunner(model, { unit: FOLLOWER, hook: "config-changed" });
  assert.equal(await runner.run({ tool: "is-leader", args: ["--format=json"] }), "false\n");
  const error = await runner
    .run({ tool: "relation-set", args: ["-r", "backup:3", "--app", "--file", "-"], stdin: "{}" })
    .then(() => undefined, (caught: unknown) => caught);
  assert.ok(error instanceof HookToolError);
  assert.equal(error.exitCode, 1);
  assert.equal(error.stderr, "ERROR cannot write relation settings");
  assert.equal(error.tool, "relation-set");
});

Deno.test("createMemoryRunner() refuses tools the charm binary may not run", async () => {
  const model = setup();
  const runner = createMemoryRunner(model, { unit: LEADER, hook: "install" });
  await assert.rejects(
    runner.run({ tool: "status-get", args: ["--format=json"] }),
    (error: unknown) => error instanceof HookToolError && error.exitCode === null,
  );
  assert.deepEqual(model.calls, []);
});

Deno.test("contextFromEnv() reads the calling unit's context, ignoring empty variables", () => {
  assert.deepEqual(
    contextFromEnv({
      JUJU_UNIT_NAME: LEADER,
      JUJU_HOOK_NAME: "backup-relation-broken",
      JUJU_RELATION_ID: "backup:3",
      JUJU_REMOTE_UNIT: "",
      FAKE_JUJU_BROKEN_RELATION: "backup:3",
    }),
    {
      unit: LEADER,
      hook: "backup-relation-broken",
      relationId: "backup:3",
      brokenRelationId: "backup:3",
    },
  );
  assert.throws(() => contextFromEnv({}), TypeError);
});

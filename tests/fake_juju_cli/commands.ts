/**
 * The fake `juju` client's commands, on a {@link FakeState}: `add-model`,
 * `destroy-model`, `deploy`, `integrate`, `remove-relation`, `config`,
 * `refresh --path`, `remove-application`, `status`, `show-unit`, `exec`,
 * `run`. Each either refuses as the real client would (`client_rules.ts`,
 * `args.ts`) or changes the model and schedules what Juju would show later
 * (`timeline.ts`). Pure apart from reading files through {@link ClientFiles}.
 *
 * @module
 */

import { parse as parseYaml } from "yaml";
import { parseArgs, type ParsedArgs } from "./args.ts";
import { runCharmAction } from "./charm_actions.ts";
import { SUBORDINATE_CHARMS } from "./charms.ts";
import { type ClientFiles, isRefusal, readAsSnap, resolveCharm } from "./client_rules.ts";
import { showUnitJson, statusJson, taskJson } from "./render.ts";
import { runShell } from "./shell.ts";
import { emptyModel, type FakeModel, type FakeState, type FakeUnit } from "./state.ts";
import {
  advance,
  hookPolls,
  scheduleHook,
  scheduleRemoval,
  SUBORDINATE_GAP,
  UPGRADE_GAP,
  UPGRADE_POLLS,
} from "./timeline.ts";

/** What a command printed and returned. */
export interface CommandResult {
  /** Exit code. */
  readonly code: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

/** The password bacula-server's `create-api-user` action gives in the fake. */
export const BACULUM_API_PASSWORD = "fake-api-password";

const ok = (stdout = ""): CommandResult => ({ code: 0, stdout, stderr: "" });
const fail = (stderr: string, code = 1): CommandResult => ({
  code,
  stdout: "",
  stderr: stderr.endsWith("\n") ? stderr : `${stderr}\n`,
});

/**
 * What Juju 3.6's `juju exec` prints on stderr when the command fails on
 * the unit (exit 1; the results are on stdout as usual).
 *
 * @param id The task's id.
 * @param code The command's exit code on the unit.
 * @returns The stderr.
 */
export function execTaskFailed(id: number, code: number): string {
  return `ERROR the following task failed:\n - id "${id}" with return code ${code}\n\n` +
    "use 'juju show-task' to inspect the failure\n";
}

function unitsOfApp(model: FakeModel, app: string): FakeUnit[] {
  return Object.values(model.units).filter((u) => u.app === app).sort((a, b) =>
    a.name.localeCompare(b.name, undefined, { numeric: true })
  );
}

function newUnit(
  model: FakeModel,
  app: string,
  fields: Omit<FakeUnit, "name" | "app" | "leader" | "shown" | "entered">,
) {
  const number = model.nextUnit[app] ?? 0;
  model.nextUnit[app] = number + 1;
  const unit: FakeUnit = {
    name: `${app}/${number}`,
    app,
    leader: number === 0,
    shown: {
      workload: "waiting",
      message: "agent initialising",
      agent: "allocating",
      agentMessage: "",
    },
    entered: [],
    ...fields,
  };
  model.units[unit.name] = unit;
  const runs = hookPolls(model, unit);
  if (runs > 1) {
    model.events.push({
      at: unit.visibleFrom + 1,
      unit: unit.name,
      kind: "executing",
      hook: "install",
    });
  }
  model.events.push({
    at: unit.visibleFrom + runs,
    unit: unit.name,
    kind: "settle",
    hook: "install",
  });
  return unit;
}

function keyValues(pairs: readonly string[]): Record<string, string> | string {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return `ERROR expected "key=value", got "${pair}"`;
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return values;
}

function deploy(model: FakeModel, args: ParsedArgs, files: ClientFiles): CommandResult {
  const [, charmArg, name] = args.positional;
  if (charmArg === undefined) return fail("ERROR no charm name specified", 2);
  const source = resolveCharm(files, charmArg, "deploy");
  if (isRefusal(source)) return fail(source.stderr, source.code);
  const appName = name ?? source.name;
  if (model.apps[appName] !== undefined) {
    return fail(`ERROR cannot add application "${appName}": application already exists`);
  }
  const config = keyValues(args.flags["--config"] ?? []);
  if (typeof config === "string") return fail(config, 2);
  const subordinate = SUBORDINATE_CHARMS.includes(source.name);
  model.apps[appName] = {
    name: appName,
    charm: source.name,
    origin: source.kind,
    revision: source.kind === "local" ? 0 : 10,
    channel: source.kind === "local" ? undefined : args.flags["--channel"]?.[0] ?? "latest/stable",
    subordinate,
    config,
    removing: false,
  };
  if (!subordinate) {
    const count = Number(args.flags["--num-units"]?.[0] ?? "1");
    for (let i = 0; i < count; i++) {
      newUnit(model, appName, {
        machine: String(model.nextMachine++),
        principal: undefined,
        visibleFrom: model.poll + 1,
      });
    }
  }
  return ok();
}

function integrate(model: FakeModel, a: string, b: string): CommandResult {
  const appA = model.apps[a.split(":")[0] as string];
  const appB = model.apps[b.split(":")[0] as string];
  if (appA === undefined || appB === undefined) {
    return fail(`ERROR application "${appA === undefined ? a : b}" not found`);
  }
  model.relations.push({ a, b });
  const container = [a, b].some((e) => e.endsWith(":juju-info"));
  if (container && appA.subordinate !== appB.subordinate) {
    const [sub, principal] = appA.subordinate ? [appA, appB] : [appB, appA];
    unitsOfApp(model, principal.name).forEach((p, i) => {
      newUnit(model, sub.name, {
        machine: p.machine,
        principal: p.name,
        visibleFrom: Math.max(model.poll + 1 + SUBORDINATE_GAP * i, p.visibleFrom + 1),
      });
    });
    return ok();
  }
  const hook = `${a.split(":")[1] ?? b.split(":")[1] ?? "relation"}-relation-changed`;
  scheduleHook(model, [...unitsOfApp(model, appA.name), ...unitsOfApp(model, appB.name)], hook);
  return ok();
}

function config(model: FakeModel, args: ParsedArgs, files: ClientFiles): CommandResult {
  const [, appName, ...pairs] = args.positional;
  const app = model.apps[appName ?? ""];
  if (app === undefined) return fail(`ERROR application "${appName}" not found`);
  const values = keyValues(pairs);
  if (typeof values === "string") return fail(values, 2);
  for (const path of args.flags["--file"] ?? []) {
    const text = readAsSnap(files, path);
    if (isRefusal(text)) return fail(text.stderr, text.code);
    const parsed = parseYaml(text) as Record<string, Record<string, unknown>> | null;
    for (const [k, v] of Object.entries(parsed?.[app.name] ?? {})) values[k] = String(v);
  }
  for (const key of (args.flags["--reset"] ?? []).flatMap((r) => r.split(","))) {
    delete app.config[key];
  }
  Object.assign(app.config, values);
  scheduleHook(model, unitsOfApp(model, app.name), "config-changed");
  return ok();
}

function refresh(model: FakeModel, args: ParsedArgs, files: ClientFiles): CommandResult {
  const app = model.apps[args.positional[1] ?? ""];
  const path = args.flags["--path"]?.[0];
  if (app === undefined) return fail(`ERROR application "${args.positional[1]}" not found`);
  if (path === undefined) return fail("ERROR the fake refreshes only with --path", 2);
  const source = resolveCharm(files, path, "refresh --path");
  if (isRefusal(source)) return fail(source.stderr, source.code);
  const from = `ch:amd64/${app.charm}-${app.revision}`;
  Object.assign(app, { origin: "local", revision: 0, channel: undefined, charm: source.name });
  // One after another, the leader last: a wait blind to upgrading-from then
  // sees every unit active and idle while the leader still runs the old charm.
  const units = unitsOfApp(model, app.name).sort((a, b) => Number(a.leader) - Number(b.leader));
  units.forEach((unit, i) => {
    unit.shown.upgradingFrom = from;
    scheduleHook(model, [unit], "upgrade-charm", UPGRADE_POLLS + UPGRADE_GAP * i);
  });
  return ok();
}

function removeRelation(model: FakeModel, a: string, b: string): CommandResult {
  const index = model.relations.findIndex((r) =>
    (r.a === a && r.b === b) || (r.a === b && r.b === a)
  );
  if (index < 0) return fail(`ERROR relation "${a} ${b}" not found`);
  model.relations.splice(index, 1);
  const apps = [a, b].map((e) => e.split(":")[0] as string);
  for (const app of apps) delete model.published[app];
  scheduleHook(model, apps.flatMap((app) => unitsOfApp(model, app)), "backup-relation-broken");
  return ok();
}

function visibleUnit(model: FakeModel, name: string | undefined): FakeUnit | undefined {
  const unit = model.units[name ?? ""];
  return unit !== undefined && unit.visibleFrom <= model.poll ? unit : undefined;
}

function runAction(state: FakeState, model: FakeModel, args: ParsedArgs): CommandResult {
  const [, unitName, action, ...pairs] = args.positional;
  const unit = visibleUnit(model, unitName);
  if (unit === undefined) return fail(`ERROR unit "${unitName}" not found`);
  const params = keyValues(pairs);
  if (typeof params === "string") return fail(params, 2);
  const charm = model.apps[unit.app]?.charm;
  const id = state.calls.length;
  if (charm === "bacula-server" && action === "create-api-user") {
    return ok(taskJson(unit.name, id, {
      results: { password: BACULUM_API_PASSWORD, "return-code": 0 },
    }));
  }
  if (charm === "s3-integrator" && action === "sync-s3-credentials") {
    const missing = ["access-key", "secret-key"].find((k) => params[k] === undefined);
    return ok(taskJson(unit.name, id, {
      results: { "return-code": 0 },
      ...(missing === undefined
        ? {}
        : { status: "failed", message: `missing parameter ${missing}` }),
    }));
  }
  const app = model.apps[unit.app];
  const results = app?.charm === "backup-integrator" && app.origin === "local"
    ? runCharmAction(model, unit, action ?? "")
    : undefined;
  if (results !== undefined) {
    return ok(taskJson(unit.name, id, { results: { ...results, "return-code": 0 } }));
  }
  return fail(`ERROR action "${action}" not defined on unit "${unit.name}"`);
}

function modelCommand(state: FakeState, model: FakeModel, args: ParsedArgs, files: ClientFiles) {
  const [command, first, second] = args.positional;
  const json = args.flags["--format"]?.[0] === "json";
  switch (command) {
    case "deploy":
      return deploy(model, args, files);
    case "integrate":
      return integrate(model, first ?? "", second ?? "");
    case "remove-relation":
      return removeRelation(model, first ?? "", second ?? "");
    case "config":
      return config(model, args, files);
    case "refresh":
      return refresh(model, args, files);
    case "remove-application": {
      const app = model.apps[first ?? ""];
      if (app === undefined) return fail(`ERROR application "${first}" not found`);
      if (!args.switches.has("--no-prompt")) return fail("ERROR removal needs --no-prompt here");
      app.removing = true;
      scheduleRemoval(model, unitsOfApp(model, app.name));
      return ok();
    }
    case "status":
      if (!json) return fail("ERROR the fake prints status only with --format=json", 2);
      advance(state, model);
      return ok(statusJson(model));
    case "show-unit": {
      const unit = visibleUnit(model, first);
      if (unit === undefined) return fail(`ERROR unit "${first}" not found`);
      return ok(showUnitJson(model, unit));
    }
    case "exec": {
      const unit = visibleUnit(model, args.flags["--unit"]?.[0]);
      if (unit === undefined || !json) {
        return fail("ERROR exec needs a known --unit and --format=json");
      }
      const result = runShell(model.machines[unit.machine] ??= {}, first ?? "", state.execRules);
      const results: Record<string, unknown> = { "return-code": result.code };
      if (result.stdout !== "") results["stdout"] = result.stdout;
      if (result.stderr !== "") results["stderr"] = result.stderr;
      const id = state.calls.length;
      const task = taskJson(unit.name, id, { results });
      if (result.code === 0) return ok(task);
      // Juju 3.6 prints the results all the same, then fails naming the task.
      return { code: 1, stdout: task, stderr: execTaskFailed(id, result.code) };
    }
    case "run":
      return runAction(state, model, args);
    default:
      return fail(`ERROR unrecognized command: juju ${command}`, 2);
  }
}

/**
 * Run one `juju` command on the state.
 *
 * @param state The state, changed in place.
 * @param argv The arguments after `juju`.
 * @param files The host's files, as the client sees them.
 * @returns What the command printed and returned.
 */
export function runJuju(
  state: FakeState,
  argv: readonly string[],
  files: ClientFiles,
): CommandResult {
  state.calls.push([...argv]);
  const args = parseArgs(argv);
  if (typeof args === "string") return fail(args, 2);
  const [command, name] = args.positional;
  if (command === "add-model") {
    if (name === undefined) return fail("ERROR model name not specified", 2);
    if (state.models[name] !== undefined) return fail(`ERROR model "${name}" already exists`);
    state.models[name] = emptyModel(name);
    return ok();
  }
  if (command === "destroy-model") {
    if (state.models[name ?? ""] === undefined) return fail(`ERROR model "${name}" not found`);
    if (!args.switches.has("--no-prompt")) {
      return fail("ERROR destroy-model needs --no-prompt here");
    }
    delete state.models[name ?? ""];
    return ok();
  }
  const modelName = args.flags["--model"]?.[0];
  const model = state.models[modelName ?? ""];
  if (model === undefined) return fail(`ERROR model "${modelName}" not found`);
  return modelCommand(state, model, args, files);
}

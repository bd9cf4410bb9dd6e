/**
 * The fake Juju model and the semantics of the hook tools over it.
 *
 * Pure: no I/O. The model is a plain JSON-serialisable object, so the
 * in-memory runner mutates it directly and the executable fake tools load it
 * from a file, run one tool, and save it back. Behaviour follows
 * `shared/JUJU.md` and Juju's own hook-tool sources (`jujuc`): flag parsing
 * and argument errors exit 2, failures while running exit 1, both with
 * `ERROR <message>` on stderr and nothing on stdout.
 *
 * @module
 */

import { parse as parseYaml } from "yaml";
import {
  type FlagDefinition,
  FORMAT_FLAG,
  goQuote,
  goQuoteList,
  parseArgs,
  type ParsedArgs,
  RELATION_FLAG,
  UsageError,
} from "./_flags.ts";
import { formatOutput, type OutputValue, readFormat } from "./_format.ts";
import { firstYamlUnprintable, YAML_UNPRINTABLE_MESSAGE } from "./yaml_printable.ts";

/** A charm config value, as `config-get --format=json` prints it. */
export type ConfigValue = string | number | boolean;

/** A relation databag: keys and values are always strings. */
export type Databag = Record<string, string>;

/** A workload status as `status-get --include-data` shows it. */
export interface FakeStatus {
  /** `unknown`, `maintenance`, `blocked`, `waiting`, `active`, or `error` after a failed hook. */
  status: string;
  /** The message; empty when none. */
  message: string;
}

/** One line a unit wrote with `juju-log`. */
export interface FakeLogEntry {
  /** `TRACE`, `DEBUG`, `INFO`, `WARNING`, `ERROR` or `CRITICAL`. */
  level: string;
  /** The message, prefixed with `<relation id>: ` in relation hooks, as Juju logs it. */
  message: string;
}

/** One unit of the charm's application. */
export interface FakeUnit {
  /** Whether `is-leader` says true. */
  leader: boolean;
  /** The unit's workload status; `{ status: "unknown", message: "" }` at first. */
  status: FakeStatus;
  /** What the unit logged, in order. */
  logs: FakeLogEntry[];
  /** What `application-version-set` last set; empty at first. */
  workloadVersion: string;
  /**
   * While `status` shows a failed hook's `error`: the workload status the charm
   * had set, restored when the next hook starts (as Juju does on a retry).
   */
  statusBeforeError?: FakeStatus;
}

/** One relation of the charm's application to a remote application. */
export interface FakeRelation {
  /** The charm's endpoint, e.g. `backup`. */
  endpoint: string;
  /** The application at the other end, e.g. `bacula-fd`. */
  remoteApp: string;
  /** The remote units in the relation, as `relation-list` lists them. */
  remoteUnits: string[];
  /** Application databags by application name (the charm's and the remote one). */
  appData: Record<string, Databag>;
  /** Unit databags by unit name (the charm's units and the remote ones). */
  unitData: Record<string, Databag>;
}

/** A hook tool call as the model records it. */
export interface FakeCall {
  /** The calling unit. */
  unit: string;
  /** The hook it ran in (empty for an action). */
  hook: string;
  /** The tool's name, e.g. `relation-set`. */
  tool: string;
  /** The arguments, without the tool name. */
  args: string[];
  /** What the tool read from stdin, when it was given `--file -`. */
  stdin?: string;
}

/** A failure to inject: the next matching calls fail without effect. */
export interface FakeFault {
  /** The tool that fails. */
  tool: string;
  /** Only calls from this unit fail; every unit's when absent. */
  unit?: string;
  /** 1 for a runtime failure, 2 for a usage error. */
  exitCode: 1 | 2;
  /** What the tool prints on stderr, e.g. `ERROR connection refused`. */
  stderr: string;
  /** How many more calls fail; the fault is removed when it reaches 0. Forever when absent. */
  remaining?: number;
}

/** A `relation-set` that waits for its hook to exit 0. */
export interface PendingWrite {
  /** The relation, e.g. `backup:3`. */
  relationId: string;
  /** The application's databag (`--app`) or the writing unit's own. */
  bag: "app" | "unit";
  /** The keys written; an empty value deletes its key. */
  settings: Databag;
}

/** The whole fake model: JSON-serialisable, so the executable tools can keep it in a file. */
export interface FakeModel {
  /** The charm's application name, e.g. `backup-integrator`. */
  app: string;
  /** Options that have a value; an option never set and without default is absent. */
  config: Record<string, ConfigValue>;
  /** Every option the charm declares, so `config-get --all` can show unset ones as null. */
  declaredOptions: string[];
  /** The application's units by name, e.g. `backup-integrator/0`. */
  units: Record<string, FakeUnit>;
  /** The application status (`status-set --application`). */
  appStatus: FakeStatus;
  /** Relations by id, e.g. `backup:3`. */
  relations: Record<string, FakeRelation>;
  /** The number the next relation gets; Juju never reuses relation ids. */
  nextRelationId: number;
  /** Every tool call, in order, including failed ones. */
  calls: FakeCall[];
  /** Failures to inject; the first that matches a call applies. */
  faults: FakeFault[];
  /** Relation writes per unit, buffered until its hook exits 0. */
  pending: Record<string, PendingWrite[]>;
}

/** The hook context of the unit that calls a tool, as its environment describes it. */
export interface HookContext {
  /** `JUJU_UNIT_NAME`, e.g. `backup-integrator/0`. */
  readonly unit: string;
  /** `JUJU_HOOK_NAME`, e.g. `config-changed`; empty for an action. */
  readonly hook: string;
  /** `JUJU_RELATION_ID` in a relation hook, e.g. `backup:3`. */
  readonly relationId?: string;
  /** `JUJU_REMOTE_UNIT` in a relation hook, when not empty. */
  readonly remoteUnit?: string;
  /** In `<endpoint>-relation-broken`: the relation being broken, hidden from `relation-ids`. */
  readonly brokenRelationId?: string;
}

/** One tool invocation: the name, the arguments, and stdin when the tool reads it. */
export interface ToolCall {
  /** The tool's name, e.g. `config-get`. */
  readonly tool: string;
  /** The arguments, without the tool name. */
  readonly args: readonly string[];
  /** The text on stdin; read only for `--file -`. */
  readonly stdin?: string;
}

/** What a tool printed and how it exited. */
export interface ToolResult {
  /** Standard output; empty on failure. */
  readonly stdout: string;
  /** Standard error: `ERROR <message>` and a newline on failure. */
  readonly stderr: string;
  /** 0 on success, 2 for bad arguments, 1 for a failure while running. */
  readonly exitCode: number;
}

/** Options of one relation for {@link createModel} and {@link addRelation}. */
export interface RelationOptions {
  /** The charm's endpoint, e.g. `backup`. */
  readonly endpoint: string;
  /** The remote application, e.g. `bacula-fd`. */
  readonly remoteApp: string;
  /** The remote units; `[<remoteApp>/0]` when absent. */
  readonly remoteUnits?: readonly string[];
  /** The relation number; the model's next one when absent. */
  readonly id?: number;
  /** Initial application databags by application name. */
  readonly appData?: Readonly<Record<string, Databag>>;
  /** Initial unit databags by unit name. */
  readonly unitData?: Readonly<Record<string, Databag>>;
}

/** Options for {@link createModel}. */
export interface CreateModelOptions {
  /** The application name; `backup-integrator` when absent. */
  readonly app?: string;
  /** The unit names; `[<app>/0]` when absent. */
  readonly units?: readonly string[];
  /** The leader; the first unit when absent, no leader when `null`. */
  readonly leader?: string | null;
  /** Options that have a value. */
  readonly config?: Readonly<Record<string, ConfigValue>>;
  /** Every declared option; the keys of `config` when absent. */
  readonly declaredOptions?: readonly string[];
  /** Relations to create, numbered from `firstRelationId` unless they give an id. */
  readonly relations?: readonly RelationOptions[];
  /** The first relation number; 1 when absent. */
  readonly firstRelationId?: number;
}

/** The hook tools the fake implements. */
export const FAKE_TOOLS = [
  "config-get",
  "is-leader",
  "relation-ids",
  "relation-list",
  "relation-get",
  "relation-set",
  "status-set",
  "status-get",
  "juju-log",
  "application-version-set",
] as const;

/** A hook tool the fake implements. */
export type FakeToolName = typeof FAKE_TOOLS[number];

/** The statuses a charm may set, in Juju's order. */
const SETTABLE_STATUSES = ["maintenance", "blocked", "waiting", "active"];

/** Log levels `juju-log` understands (Juju's `loggo`), by upper-case spelling. */
const LOG_LEVELS: Readonly<Record<string, string>> = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARNING",
  WARNING: "WARNING",
  ERROR: "ERROR",
  CRITICAL: "CRITICAL",
};

// Juju's application and unit name rules (`names.IsValidApplication`, `IsValidUnit`).
const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;
const UNIT_NAME = /^([a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/(?:0|[1-9][0-9]*)$/;

/** A failure while running: `ERROR <message>` and exit 1. */
class ToolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolFailure";
  }
}

/**
 * Create a model for tests.
 *
 * @param options The application, its units and leader, config and relations.
 * @returns A fresh model with every unit's status `unknown`.
 * @throws {TypeError} When the leader is not one of the units, or relation ids clash.
 *
 * @example
 * ```ts
 * import { createModel } from "./model.ts";
 * const model = createModel({
 *   units: ["backup-integrator/0", "backup-integrator/1"],
 *   config: { fileset: "/srv" },
 *   relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
 * });
 * console.assert(model.units["backup-integrator/0"]?.leader === true);
 * console.assert(Object.keys(model.relations)[0] === "backup:1");
 * ```
 */
export function createModel(options: CreateModelOptions = {}): FakeModel {
  const app = options.app ?? "backup-integrator";
  const unitNames = options.units ?? [`${app}/0`];
  const leader = options.leader === undefined ? unitNames[0] : options.leader;
  if (leader !== null && leader !== undefined && !unitNames.includes(leader)) {
    throw new TypeError(`Cannot create the model: leader ${goQuote(leader)} is not a unit`);
  }
  const units: Record<string, FakeUnit> = {};
  for (const name of unitNames) {
    units[name] = {
      leader: name === leader,
      status: { status: "unknown", message: "" },
      logs: [],
      workloadVersion: "",
    };
  }
  const config = { ...options.config };
  const model: FakeModel = {
    app,
    config,
    declaredOptions: [...(options.declaredOptions ?? Object.keys(config))],
    units,
    appStatus: { status: "unknown", message: "" },
    relations: {},
    nextRelationId: options.firstRelationId ?? 1,
    calls: [],
    faults: [],
    pending: {},
  };
  for (const relation of options.relations ?? []) addRelation(model, relation);
  return model;
}

/**
 * Add a relation to the model.
 *
 * @param model The model to change.
 * @param options The endpoint, remote application, units and initial data.
 * @returns The new relation's id, e.g. `backup:3`.
 * @throws {TypeError} When the requested number is already in use.
 */
export function addRelation(model: FakeModel, options: RelationOptions): string {
  const number = options.id ?? model.nextRelationId;
  if (findRelation(model, number) !== undefined) {
    throw new TypeError(`Cannot add the relation: id ${number} is in use`);
  }
  const id = `${options.endpoint}:${number}`;
  const appData: Record<string, Databag> = {};
  for (const [app, bag] of Object.entries(options.appData ?? {})) appData[app] = { ...bag };
  const unitData: Record<string, Databag> = {};
  for (const [unit, bag] of Object.entries(options.unitData ?? {})) unitData[unit] = { ...bag };
  model.relations[id] = {
    endpoint: options.endpoint,
    remoteApp: options.remoteApp,
    remoteUnits: [...(options.remoteUnits ?? [`${options.remoteApp}/0`])],
    appData,
    unitData,
  };
  model.nextRelationId = Math.max(model.nextRelationId, number + 1);
  return id;
}

/**
 * Remove a relation from the model, as Juju does once its `-relation-broken`
 * hook has succeeded.
 *
 * @param model The model to change.
 * @param relationId The relation, e.g. `backup:3`.
 * @throws {TypeError} When there is no such relation.
 */
export function removeRelation(model: FakeModel, relationId: string): void {
  if (model.relations[relationId] === undefined) {
    throw new TypeError(`Cannot remove the relation: ${goQuote(relationId)} does not exist`);
  }
  delete model.relations[relationId];
}

/**
 * Make one unit the leader and every other unit a follower.
 *
 * @param model The model to change.
 * @param unit The new leader, or `null` for none.
 * @throws {TypeError} When the unit does not exist.
 */
export function setLeader(model: FakeModel, unit: string | null): void {
  if (unit !== null && model.units[unit] === undefined) {
    throw new TypeError(`Cannot set the leader: unit ${goQuote(unit)} does not exist`);
  }
  for (const [name, state] of Object.entries(model.units)) state.leader = name === unit;
}

/**
 * Change charm config as `juju config` does: set values, or unset with `null`.
 *
 * @param model The model to change.
 * @param values The options to change.
 */
export function setConfig(
  model: FakeModel,
  values: Readonly<Record<string, ConfigValue | null>>,
): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete model.config[key];
    else model.config[key] = value;
    if (!model.declaredOptions.includes(key)) model.declaredOptions.push(key);
  }
}

/**
 * Apply a unit's buffered relation writes, as Juju does when its hook exits 0:
 * an empty value deletes its key. Writes to relations gone since are dropped.
 *
 * @param model The model to change.
 * @param unit The unit whose hook succeeded.
 */
export function commitPending(model: FakeModel, unit: string): void {
  for (const write of model.pending[unit] ?? []) {
    const relation = model.relations[write.relationId];
    if (relation === undefined) continue;
    const owner = write.bag === "app" ? model.app : unit;
    const bags = write.bag === "app" ? relation.appData : relation.unitData;
    const bag = applySettings(bags[owner] ?? {}, write.settings);
    bags[owner] = bag;
  }
  delete model.pending[unit];
}

/**
 * Drop a unit's buffered relation writes, as Juju does when its hook fails.
 *
 * @param model The model to change.
 * @param unit The unit whose hook failed.
 */
export function discardPending(model: FakeModel, unit: string): void {
  delete model.pending[unit];
}

/**
 * Show a failed hook as Juju does: the unit's status becomes `error` with
 * `hook failed: "<hook>"`, keeping the workload status for
 * {@link clearHookError}. Relation writes are a separate matter: see
 * {@link discardPending}.
 *
 * @param model The model to change.
 * @param unit The unit whose hook failed.
 * @param hook The hook's name, e.g. `config-changed`.
 * @throws {TypeError} When the unit does not exist.
 */
export function showHookError(model: FakeModel, unit: string, hook: string): void {
  const state = requireUnit(model, unit);
  state.statusBeforeError ??= state.status;
  state.status = { status: "error", message: `hook failed: ${goQuote(hook)}` };
}

/**
 * Clear a failed hook's `error` as Juju does when the next hook (the retry)
 * starts: the workload status the charm had set shows again.
 *
 * @param model The model to change.
 * @param unit The unit about to run a hook.
 * @throws {TypeError} When the unit does not exist.
 */
export function clearHookError(model: FakeModel, unit: string): void {
  const state = requireUnit(model, unit);
  if (state.statusBeforeError === undefined) return;
  state.status = state.statusBeforeError;
  delete state.statusBeforeError;
}

function requireUnit(model: FakeModel, unit: string): FakeUnit {
  const state = model.units[unit];
  if (state === undefined) throw new TypeError(`Unit ${goQuote(unit)} does not exist`);
  return state;
}

/**
 * Run one hook tool against the model, as the calling unit.
 *
 * Records the call first; then the first matching fault, if any, decides the
 * result; else the tool runs. Changes the model: statuses and logs at once,
 * relation writes into `pending` until {@link commitPending}.
 *
 * @param model The model to read and change.
 * @param context The calling unit's hook context.
 * @param call The tool, its arguments, and stdin.
 * @returns What the tool prints and its exit code.
 * @throws {TypeError} When the tool is not one of {@link FAKE_TOOLS}.
 *
 * @example
 * ```ts
 * import { createModel, runTool } from "./model.ts";
 * const model = createModel({ config: { fileset: "/srv" } });
 * const context = { unit: "backup-integrator/0", hook: "config-changed" };
 * const result = runTool(model, context, { tool: "config-get", args: ["--format=json"] });
 * console.assert(result.stdout === '{"fileset":"/srv"}\n' && result.exitCode === 0);
 * ```
 */
export function runTool(model: FakeModel, context: HookContext, call: ToolCall): ToolResult {
  if (!isFakeTool(call.tool)) {
    throw new TypeError(`Unknown hook tool: ${goQuote(call.tool)}`);
  }
  const stdin = readsStdin(call.tool, call.args) ? call.stdin ?? "" : undefined;
  model.calls.push({
    unit: context.unit,
    hook: context.hook,
    tool: call.tool,
    args: [...call.args],
    ...(stdin === undefined ? {} : { stdin }),
  });
  const fault = takeFault(model, context, call.tool);
  if (fault !== undefined) {
    return {
      stdout: "",
      stderr: fault.stderr.endsWith("\n") ? fault.stderr : `${fault.stderr}\n`,
      exitCode: fault.exitCode,
    };
  }
  const unit = model.units[context.unit];
  if (unit === undefined) {
    return failure(1, `unit ${goQuote(context.unit)} not found`);
  }
  const run: ToolRun = { model, context, unit, args: call.args, stdin: stdin ?? "", stderr: "" };
  try {
    const stdout = runNamedTool(run, call.tool);
    return { stdout, stderr: run.stderr, exitCode: 0 };
  } catch (error) {
    if (error instanceof UsageError) return failure(2, error.message);
    if (error instanceof ToolFailure) return failure(1, error.message);
    throw error;
  }
}

/**
 * Whether a call reads stdin: only `relation-set --file -` does. The
 * executable tools read stdin only then, and only then is it recorded.
 *
 * @param tool The tool's name.
 * @param args Its arguments.
 * @returns `true` when the tool reads its settings from stdin.
 */
export function readsStdin(tool: string, args: readonly string[]): boolean {
  if (tool !== "relation-set") return false;
  const end = args.indexOf("--");
  const flags = end === -1 ? args : args.slice(0, end);
  return flags.some((arg, index) =>
    arg === "--file=-" || (arg === "--file" && flags[index + 1] === "-")
  );
}

/**
 * Whether the fake implements a tool.
 *
 * @param name A tool name.
 * @returns `true` for one of {@link FAKE_TOOLS}.
 */
export function isFakeTool(name: string): name is FakeToolName {
  return (FAKE_TOOLS as readonly string[]).includes(name);
}

/** Everything one tool run needs; `stderr` collects warnings of a successful run. */
interface ToolRun {
  readonly model: FakeModel;
  readonly context: HookContext;
  readonly unit: FakeUnit;
  readonly args: readonly string[];
  readonly stdin: string;
  stderr: string;
}

function runNamedTool(run: ToolRun, tool: FakeToolName): string {
  switch (tool) {
    case "config-get":
      return configGet(run);
    case "is-leader":
      return isLeader(run);
    case "relation-ids":
      return relationIds(run);
    case "relation-list":
      return relationList(run);
    case "relation-get":
      return relationGet(run);
    case "relation-set":
      return relationSet(run);
    case "status-set":
      return statusSet(run);
    case "status-get":
      return statusGet(run);
    case "juju-log":
      return jujuLog(run);
    case "application-version-set":
      return applicationVersionSet(run);
  }
}

function failure(exitCode: number, message: string): ToolResult {
  return { stdout: "", stderr: `ERROR ${message}\n`, exitCode };
}

function takeFault(model: FakeModel, context: HookContext, tool: string): FakeFault | undefined {
  const index = model.faults.findIndex((fault) =>
    fault.tool === tool && (fault.unit === undefined || fault.unit === context.unit)
  );
  const fault = model.faults[index];
  if (fault === undefined) return undefined;
  if (fault.remaining !== undefined) {
    fault.remaining -= 1;
    if (fault.remaining <= 0) model.faults.splice(index, 1);
  }
  return fault;
}

const ALL_FLAG: FlagDefinition = { key: "all", names: ["a", "all"], kind: "bool" };
const APP_FLAG: FlagDefinition = { key: "app", names: ["app"], kind: "bool" };
const FILE_FLAG: FlagDefinition = { key: "file", names: ["file"], kind: "value" };
const APPLICATION_FLAG: FlagDefinition = {
  key: "application",
  names: ["application"],
  kind: "bool",
};
const INCLUDE_DATA_FLAG: FlagDefinition = {
  key: "include-data",
  names: ["include-data"],
  kind: "bool",
};
const DEBUG_FLAG: FlagDefinition = { key: "debug", names: ["debug"], kind: "bool" };
const LOG_LEVEL_FLAG: FlagDefinition = {
  key: "log-level",
  names: ["l", "log-level"],
  kind: "value",
};

function checkEmpty(args: readonly string[]): void {
  if (args.length !== 0) throw new UsageError(`unrecognized args: ${goQuoteList(args)}`);
}

function output(parsed: ParsedArgs, value: OutputValue): string {
  return formatOutput(value, readFormat(parsed.flags.get("format")));
}

function configGet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG, ALL_FLAG]);
  const format = readFormat(parsed.flags.get("format"));
  const all = parsed.flags.get("all") === true;
  const key = parsed.positional[0] ?? "";
  if (key !== "" && all) {
    throw new UsageError(`cannot use argument --all together with key ${goQuote(key)}`);
  }
  checkEmpty(parsed.positional.slice(1));
  const settings: Record<string, OutputValue> = { ...run.model.config };
  if (key !== "") return formatOutput(settings[key] ?? null, format);
  if (all) {
    for (const option of run.model.declaredOptions) settings[option] ??= null;
  }
  return formatOutput(settings, format);
}

function isLeader(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG]);
  readFormat(parsed.flags.get("format"));
  checkEmpty(parsed.positional);
  return output(parsed, run.unit.leader);
}

function relationIds(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG]);
  readFormat(parsed.flags.get("format"));
  const endpoint = parsed.positional[0] ?? hookRelationEndpoint(run);
  if (endpoint === undefined) throw new UsageError("no relation name specified");
  checkEmpty(parsed.positional.slice(1));
  // Juju sorts the ids as strings (Go's sort.Strings): "backup:10" before "backup:9".
  const ids = Object.entries(run.model.relations)
    .filter(([id, relation]) =>
      relation.endpoint === endpoint && id !== run.context.brokenRelationId
    )
    .map(([id]) => id)
    .sort();
  return output(parsed, ids);
}

function hookRelationEndpoint(run: ToolRun): string | undefined {
  const id = run.context.relationId;
  if (id === undefined) return undefined;
  return run.model.relations[id]?.endpoint ?? id.slice(0, id.lastIndexOf(":"));
}

function relationList(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG, RELATION_FLAG, APP_FLAG]);
  readFormat(parsed.flags.get("format"));
  const [id, relation] = resolveRelation(run, parsed);
  checkEmpty(parsed.positional);
  if (parsed.flags.get("app") === true) return output(parsed, relation.remoteApp);
  // In -relation-broken every remote unit has departed.
  const units = id === run.context.brokenRelationId ? [] : relation.remoteUnits;
  return output(parsed, units);
}

/**
 * The relation named by `-r`, else the hook's relation. Juju looks the id up
 * while parsing the flag, so an unknown relation is a usage error.
 */
function resolveRelation(run: ToolRun, parsed: ParsedArgs): [string, FakeRelation] {
  const value = parsed.flags.get("relation");
  if (typeof value !== "string") {
    const id = run.context.relationId;
    const relation = id === undefined ? undefined : run.model.relations[id];
    if (id === undefined || relation === undefined) {
      throw new UsageError("no relation id specified");
    }
    return [id, relation];
  }
  const digits = value.slice(value.lastIndexOf(":") + 1);
  if (!/^[+-]?[0-9]+$/.test(digits)) {
    throw new UsageError(`invalid value ${goQuote(value)} for option -r: invalid relation id`);
  }
  const found = findRelation(run.model, Number(digits));
  if (found === undefined) {
    throw new UsageError(`invalid value ${goQuote(value)} for option -r: relation not found`);
  }
  return found;
}

function findRelation(model: FakeModel, number: number): [string, FakeRelation] | undefined {
  for (const [id, relation] of Object.entries(model.relations)) {
    if (Number(id.slice(id.lastIndexOf(":") + 1)) === number) return [id, relation];
  }
  return undefined;
}

function relationGet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG, RELATION_FLAG, APP_FLAG]);
  readFormat(parsed.flags.get("format"));
  const [id, relation] = resolveRelation(run, parsed);
  const first = parsed.positional[0];
  const key = first === undefined || first === "-" ? "" : first;
  const target = relationGetTarget(run, parsed);
  const bag = readBag(run, { id, relation, ...target });
  return output(parsed, key === "" ? bag : bag[key] ?? null);
}

/** Which databag `relation-get` reads, following Juju's `determineUnitOrAppName`. */
function relationGetTarget(run: ToolRun, parsed: ParsedArgs): { name: string; app: boolean } {
  const app = parsed.flags.get("app") === true;
  const supplied = parsed.positional[1];
  checkEmpty(parsed.positional.slice(2));
  if (supplied !== undefined) {
    if (!app) return { name: supplied, app };
    if (APP_NAME.test(supplied)) return { name: supplied, app };
    return { name: UNIT_NAME.exec(supplied)?.[1] ?? "", app };
  }
  const hookRelation = run.context.relationId === undefined
    ? undefined
    : run.model.relations[run.context.relationId];
  if (!app && run.context.remoteUnit !== undefined && run.context.remoteUnit !== "") {
    return { name: run.context.remoteUnit, app };
  }
  if (hookRelation === undefined) throw new UsageError("no unit or application specified");
  return { name: hookRelation.remoteApp, app: true };
}

function readBag(
  run: ToolRun,
  target: { id: string; relation: FakeRelation; name: string; app: boolean },
): Databag {
  const { model, context, unit } = run;
  const { id, relation, name } = target;
  if (target.app) {
    if (name === model.app) {
      if (!unit.leader) throw new ToolFailure("permission denied");
      return withPending(run, relation.appData[name] ?? {}, { relationId: id, bag: "app" });
    }
    if (name === relation.remoteApp) return { ...relation.appData[name] };
    throw new ToolFailure("permission denied");
  }
  if (name === context.unit) {
    return withPending(run, relation.unitData[name] ?? {}, { relationId: id, bag: "unit" });
  }
  if (!UNIT_NAME.test(name)) {
    throw new ToolFailure(
      `cannot read settings for unit ${goQuote(name)} in relation ${goQuote(id)}: ` +
        `${goQuote(name)} is not a valid unit name (use --app for application data)`,
    );
  }
  const bag = relation.unitData[name];
  if (bag === undefined && !relation.remoteUnits.includes(name)) {
    throw new ToolFailure(
      `cannot read settings for unit ${goQuote(name)} in relation ${goQuote(id)}: ` +
        `unit ${goQuote(name)}: settings not found`,
    );
  }
  return { ...bag };
}

/** A unit reading its own databags sees its own uncommitted writes, as in Juju. */
function withPending(
  run: ToolRun,
  committed: Databag,
  which: { relationId: string; bag: "app" | "unit" },
): Databag {
  let bag = { ...committed };
  for (const write of run.model.pending[run.context.unit] ?? []) {
    if (write.relationId === which.relationId && write.bag === which.bag) {
      bag = applySettings(bag, write.settings);
    }
  }
  return bag;
}

function applySettings(bag: Databag, settings: Databag): Databag {
  const result = { ...bag };
  for (const [key, value] of Object.entries(settings)) {
    if (value === "") delete result[key];
    else result[key] = value;
  }
  return result;
}

function relationSet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [RELATION_FLAG, FILE_FLAG, APP_FLAG, FORMAT_FLAG]);
  const [id] = resolveRelation(run, parsed);
  const overrides = parseKeyValues(parsed.positional);
  if (parsed.flags.has("format")) {
    run.stderr += `--format flag deprecated for command "relation-set"`;
  }
  const file = parsed.flags.get("file");
  const settings = typeof file === "string" ? { ...readSettingsFile(run, file) } : {};
  Object.assign(settings, overrides);
  const app = parsed.flags.get("app") === true;
  if (app && !run.unit.leader) throw new ToolFailure("cannot write relation settings");
  if (Object.keys(settings).length === 0) return "";
  const pending = run.model.pending[run.context.unit] ?? [];
  pending.push({ relationId: id, bag: app ? "app" : "unit", settings });
  run.model.pending[run.context.unit] = pending;
  return "";
}

/** `key=value` arguments as Juju's `keyvalues.Parse` reads them: trimmed, no duplicates. */
function parseKeyValues(args: readonly string[]): Databag {
  const result: Databag = {};
  for (const arg of args) {
    const equals = arg.indexOf("=");
    if (equals === -1) throw new UsageError(`expected "key=value", got ${goQuote(arg)}`);
    const key = arg.slice(0, equals).trim();
    const value = arg.slice(equals + 1).trim();
    if (key === "") throw new UsageError(`expected "key=value", got "${key}=${value}"`);
    if (Object.hasOwn(result, key)) {
      throw new UsageError(`key ${goQuote(key)} specified more than once`);
    }
    result[key] = value;
  }
  return result;
}

/** A YAML (or JSON) map of string values from `--file`; only `-` (stdin) is supported. */
function readSettingsFile(run: ToolRun, path: string): Databag {
  if (path !== "-") {
    throw new ToolFailure(`open ${path}: the fake relation-set reads only "--file -" (stdin)`);
  }
  // go-yaml's reader refuses the whole stream before parsing anything.
  if (firstYamlUnprintable(run.stdin) !== undefined) {
    throw new ToolFailure(YAML_UNPRINTABLE_MESSAGE);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(run.stdin);
  } catch (error) {
    throw new ToolFailure(`cannot parse settings: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ToolFailure("cannot parse settings: not a map of keys to values");
  }
  const settings: Databag = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== "string") {
      throw new ToolFailure(
        `cannot parse settings: the value of ${goQuote(key)} is not a string: ${
          JSON.stringify(value) ?? String(value)
        }`,
      );
    }
    settings[key] = value;
  }
  return settings;
}

function statusSet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [APPLICATION_FLAG]);
  const [status, message = ""] = parsed.positional;
  if (status === undefined) throw new UsageError("invalid args, require <status> [message]");
  if (!SETTABLE_STATUSES.includes(status)) {
    throw new UsageError(
      `invalid status ${goQuote(status)}, expected one of [${SETTABLE_STATUSES.join(" ")}]`,
    );
  }
  checkEmpty(parsed.positional.slice(2));
  if (parsed.flags.get("application") === true) {
    if (!run.unit.leader) throw new ToolFailure("this unit is not the leader");
    run.model.appStatus = { status, message };
  } else {
    run.unit.status = { status, message };
  }
  return "";
}

function statusGet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [FORMAT_FLAG, INCLUDE_DATA_FLAG, APPLICATION_FLAG]);
  const format = readFormat(parsed.flags.get("format"));
  checkEmpty(parsed.positional);
  const includeData = parsed.flags.get("include-data") === true;
  const plain = !includeData && format === "smart";
  if (parsed.flags.get("application") === true) {
    if (!run.unit.leader) {
      throw new ToolFailure("finding application status: this unit is not the leader");
    }
    if (plain) return formatOutput(run.model.appStatus.status, format);
    const units: Record<string, OutputValue> = {};
    for (const [name, unit] of Object.entries(run.model.units)) {
      units[name] = statusDetails(unit.status, includeData);
    }
    const details = { ...statusDetails(run.model.appStatus, includeData), units };
    return formatOutput({ "application-status": details }, format);
  }
  if (plain) return formatOutput(run.unit.status.status, format);
  return formatOutput(statusDetails(run.unit.status, includeData), format);
}

function statusDetails(status: FakeStatus, includeData: boolean): Record<string, OutputValue> {
  return includeData
    ? { status: status.status, message: status.message, "status-data": {} }
    : { status: status.status };
}

function jujuLog(run: ToolRun): string {
  const parsed = parseArgs(run.args, [DEBUG_FLAG, LOG_LEVEL_FLAG, FORMAT_FLAG]);
  if (parsed.positional.length === 0) throw new UsageError("no message specified");
  if (parsed.flags.has("format")) {
    run.stderr += `--format flag deprecated for command "juju-log"`;
  }
  const message = parsed.positional.join(" ");
  const requested = parsed.flags.get("log-level");
  let level = "INFO";
  if (parsed.flags.get("debug") === true) {
    level = "DEBUG";
  } else if (typeof requested === "string" && requested !== "") {
    const known = LOG_LEVELS[requested.toUpperCase()];
    if (known === undefined) {
      // Juju logs a warning and the message at INFO; the tool still succeeds.
      run.unit.logs.push({
        level: "WARNING",
        message: `Specified log level of ${goQuote(requested)} is not valid`,
      });
    } else {
      level = known;
    }
  }
  const prefix = run.context.relationId === undefined ? "" : `${run.context.relationId}: `;
  run.unit.logs.push({ level, message: `${prefix}${message}` });
  return "";
}

function applicationVersionSet(run: ToolRun): string {
  const parsed = parseArgs(run.args, []);
  const [version] = parsed.positional;
  if (version === undefined) throw new UsageError("no version specified");
  checkEmpty(parsed.positional.slice(1));
  run.unit.workloadVersion = version;
  return "";
}

/**
 * The fake Juju model: its state, and the changes an operator makes between
 * hooks (`juju config`, `juju integrate`, leadership). Pure: no I/O.
 *
 * The model is a plain JSON-serialisable object, so the in-memory runner
 * changes it directly and the executable fake tools load it from a file, run
 * one tool and save it back. The tools are in `tools/`, dispatched by
 * `tool_dispatch.ts`; what Juju does when a hook starts and ends is in
 * `hook_lifecycle.ts`. Behaviour follows `shared/JUJU.md`.
 *
 * @module
 */

import { relationNumber } from "./juju_names.ts";

/** A charm config value, as `config-get --format=json` prints it. */
export type ConfigValue = string | number | boolean;

/** A relation databag: keys and values are always strings. */
export type Databag = Record<string, string>;

/** A workload status. */
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
  /** The remote units in the relation. */
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

/** Action results: strings, nested by the dot-separated keys `action-set` was given. */
export interface ActionResults {
  [key: string]: string | ActionResults;
}

/** One action run on a unit (a task, in `juju show-task`), by its `JUJU_ACTION_UUID`. */
export interface FakeAction {
  /** The unit it runs on. */
  unit: string;
  /** The action's name, e.g. `show-backup-config`. */
  name: string;
  /** `running`, then `completed`, or `failed` after `action-fail` or a non-zero exit. */
  status: "running" | "completed" | "failed";
  /** Set by `action-fail`, or Juju's `exit status N` after a non-zero exit; empty otherwise. */
  message: string;
  /** Whether `action-fail` was called. */
  failed: boolean;
  /** What `action-set` set. */
  results: ActionResults;
}

/** The whole fake model: JSON-serialisable, so the executable tools can keep it in a file. */
export interface FakeModel {
  /** The charm's application name, e.g. `backup-integrator`. */
  app: string;
  /**
   * The Juju version the fake emulates (`JUJU_VERSION`), e.g. `3.6.4`. From
   * 3.4, `relation-ids` hides the relation being broken during its
   * `-relation-broken` hook; before, it still lists it.
   */
  jujuVersion: string;
  /** Options that have a value; an option never set and without default is absent. */
  config: Record<string, ConfigValue>;
  /** Every option the charm declares, so `config-get --all` can show unset ones as null. */
  declaredOptions: string[];
  /** The application's units by name, e.g. `backup-integrator/0`. */
  units: Record<string, FakeUnit>;
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
  /** Every action run, by its `JUJU_ACTION_UUID`. */
  actions: Record<string, FakeAction>;
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
  /** The Juju version to emulate; {@link DEFAULT_JUJU_VERSION} when absent. */
  readonly jujuVersion?: string;
}

/** The Juju version a model emulates unless told otherwise. */
export const DEFAULT_JUJU_VERSION = "3.6.4";

/** `major.minor`, then anything (`.patch`, `-beta1`, `.build`), as Juju numbers its versions. */
const JUJU_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:[.-][0-9A-Za-z.-]*)?$/;

/**
 * Create a model for tests.
 *
 * @param options The application, its units and leader, config, relations and Juju version.
 * @returns A fresh model with every unit's status `unknown`.
 * @throws {TypeError} When the leader is not one of the units, relation ids
 * clash, or the Juju version is not like `3.6.4`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel } from "./model.ts";
 * const model = createModel({
 *   units: ["backup-integrator/0", "backup-integrator/1"],
 *   config: { fileset: "/srv" },
 *   relations: [{ endpoint: "backup", remoteApp: "bacula-fd" }],
 * });
 * assert.equal(model.units["backup-integrator/0"]?.leader, true);
 * assert.deepEqual(Object.keys(model.relations), ["backup:1"]);
 * assert.equal(model.jujuVersion, "3.6.4");
 * ```
 */
export function createModel(options: CreateModelOptions = {}): FakeModel {
  const app = options.app ?? "backup-integrator";
  const unitNames = options.units ?? [`${app}/0`];
  const leader = options.leader === undefined ? unitNames[0] : options.leader;
  if (leader !== null && leader !== undefined && !unitNames.includes(leader)) {
    throw new TypeError(`Cannot create the model: leader ${JSON.stringify(leader)} is not a unit`);
  }
  const jujuVersion = options.jujuVersion ?? DEFAULT_JUJU_VERSION;
  jujuMinorVersion(jujuVersion);
  const units: Record<string, FakeUnit> = {};
  for (const name of unitNames) units[name] = newUnit(name === leader);
  const config = { ...options.config };
  const model: FakeModel = {
    app,
    jujuVersion,
    config,
    declaredOptions: [...(options.declaredOptions ?? Object.keys(config))],
    units,
    relations: {},
    nextRelationId: options.firstRelationId ?? 1,
    calls: [],
    faults: [],
    pending: {},
    actions: {},
  };
  for (const relation of options.relations ?? []) addRelation(model, relation);
  return model;
}

/**
 * A unit as Juju adds it: status `unknown`, nothing logged.
 *
 * @param leader Whether it leads.
 * @returns The unit's state.
 */
export function newUnit(leader: boolean): FakeUnit {
  return { leader, status: { status: "unknown", message: "" }, logs: [] };
}

/**
 * A Juju version's major and minor numbers, for comparing behaviours.
 *
 * @param version E.g. `3.6.4` or `3.5-beta1`.
 * @returns E.g. `[3, 6]`.
 * @throws {TypeError} When the version is not like `3.6.4`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jujuMinorVersion } from "./model.ts";
 * assert.deepEqual(jujuMinorVersion("2.9.50"), [2, 9]);
 * assert.throws(() => jujuMinorVersion("three"), TypeError);
 * ```
 */
export function jujuMinorVersion(version: string): [number, number] {
  const match = JUJU_VERSION.exec(version);
  if (match === null) {
    throw new TypeError(`Invalid Juju version ${JSON.stringify(version)}: expected e.g. "3.6.4"`);
  }
  return [Number(match[1]), Number(match[2])];
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
 * Find a relation by number, whatever its endpoint, as `-r 3` does.
 *
 * @param model The model.
 * @param number The relation number.
 * @returns The relation's id and state; `undefined` when there is none.
 */
export function findRelation(
  model: FakeModel,
  number: number,
): [string, FakeRelation] | undefined {
  for (const [id, relation] of Object.entries(model.relations)) {
    if (relationNumber(id) === number) return [id, relation];
  }
  return undefined;
}

/**
 * The relations of one endpoint, by number.
 *
 * @param model The model.
 * @param endpoint The charm's endpoint, e.g. `backup`.
 * @returns Their ids, lowest number first.
 */
export function relationsOf(model: FakeModel, endpoint: string): string[] {
  return Object.keys(model.relations)
    .filter((id) => model.relations[id]?.endpoint === endpoint)
    .sort((a, b) => relationNumber(a) - relationNumber(b));
}

/**
 * Remove a relation without running any hook (after a successful
 * `-relation-broken`, `hook_lifecycle.ts` does it).
 *
 * @param model The model to change.
 * @param relationId The relation, e.g. `backup:3`.
 * @throws {TypeError} When there is no such relation.
 */
export function removeRelation(model: FakeModel, relationId: string): void {
  if (model.relations[relationId] === undefined) {
    throw new TypeError(
      `Cannot remove the relation: ${JSON.stringify(relationId)} does not exist`,
    );
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
  if (unit !== null) requireUnit(model, unit);
  for (const [name, state] of Object.entries(model.units)) state.leader = name === unit;
}

/**
 * Change charm config as `juju config` does: set values, or unset with `null`.
 *
 * @param model The model to change.
 * @param values The options to change.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createModel, setConfig } from "./model.ts";
 * const model = createModel({ config: { fileset: "/srv" } });
 * setConfig(model, { fileset: null, "run-after-backup": "#!/bin/sh\n" });
 * assert.deepEqual(model.config, { "run-after-backup": "#!/bin/sh\n" });
 * ```
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
 * A unit's state.
 *
 * @param model The model.
 * @param unit The unit's name.
 * @returns Its state, which the caller may change.
 * @throws {TypeError} When the unit does not exist.
 */
export function requireUnit(model: FakeModel, unit: string): FakeUnit {
  const state = model.units[unit];
  if (state === undefined) throw new TypeError(`Unit ${JSON.stringify(unit)} does not exist`);
  return state;
}

/**
 * The model `deno task simulate` keeps between calls, and how the command
 * line changes it before a hook: config, units, leadership, relations.
 *
 * @module
 */

import { SCRIPT_OPTIONS } from "../../src/charm/config.ts";
import {
  addRelation,
  createModel,
  type FakeModel,
  removeRelation,
  setConfig,
  setLeader,
} from "../fake_juju/model.ts";
import { type SimulateArgs, SimulateUsageError } from "./simulate_args.ts";

/** The unit when none is named. */
export const DEFAULT_UNIT = "backup-integrator/0";

/** The charm's config options, as `charmcraft.yaml` declares them. */
export const CHARM_OPTIONS: readonly string[] = ["fileset", ...SCRIPT_OPTIONS];

/** What a state file holds. */
export interface SimulateState {
  /** The format's version. */
  readonly version: 1;
  /** The unit's base directory, where the charm writes its scripts. */
  readonly optDir: string;
  /** The fake model as the last hook left it. */
  readonly model: FakeModel;
}

const UNIT_NAME = /^([a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)\/(0|[1-9][0-9]*)$/;
const RELATION_HOOK = /^(.+)-relation-(created|joined|changed|departed|broken)$/;

/**
 * Read a state file.
 *
 * @param path The file.
 * @returns The state, or `undefined` when the file does not exist.
 * @throws {SimulateUsageError} When the file is not a state file.
 */
export async function loadState(path: string): Promise<SimulateState | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    throw new SimulateUsageError(`${JSON.stringify(path)} is not a simulate state file: not JSON`);
  }
  if (
    typeof state !== "object" || state === null || !("version" in state) || state.version !== 1 ||
    !("optDir" in state) || typeof state.optDir !== "string" || !("model" in state)
  ) {
    throw new SimulateUsageError(`${JSON.stringify(path)} is not a simulate state file`);
  }
  return state as SimulateState;
}

/**
 * Write a state file (a temporary file, then a rename).
 *
 * @param path The file.
 * @param state The state.
 */
export async function saveState(path: string, state: SimulateState): Promise<void> {
  const temporary = `${path}.tmp`;
  await Deno.writeTextFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await Deno.rename(temporary, path);
}

/**
 * A new model: one unit of the application, related to its principal over
 * `juju-info`, with no config set and no leader yet.
 *
 * @param unit The unit, e.g. `backup-integrator/0`.
 * @returns The model.
 * @throws {SimulateUsageError} When the unit name is not `<application>/<number>`.
 */
export function newModel(unit: string): FakeModel {
  return createModel({
    app: appOf(unit),
    units: [unit],
    leader: null,
    declaredOptions: CHARM_OPTIONS,
    relations: [{ endpoint: "juju-info", remoteApp: "ubuntu" }],
  });
}

/**
 * Apply the command line to the model: unit, leadership, config, relations.
 *
 * @param model The model to change.
 * @param args The command line.
 * @returns The unit to run the hook on, and the relation of a relation hook.
 * @throws {SimulateUsageError} When the command line does not fit the model.
 */
export function applyArgs(
  model: FakeModel,
  args: SimulateArgs,
): { unit: string; relationId?: string } {
  const unit = args.unit ?? Object.keys(model.units)[0] ?? DEFAULT_UNIT;
  if (appOf(unit) !== model.app) {
    throw new SimulateUsageError(
      `The state holds application ${JSON.stringify(model.app)}, not the unit ${
        JSON.stringify(unit)
      }`,
    );
  }
  model.units[unit] ??= {
    leader: false,
    status: { status: "unknown", message: "" },
    logs: [],
    workloadVersion: "",
  };
  if (args.leader === true) setLeader(model, unit);
  if (args.leader === false && model.units[unit]?.leader === true) setLeader(model, null);
  for (const key of [...Object.keys(args.config), ...args.reset]) {
    if (!CHARM_OPTIONS.includes(key)) {
      throw new SimulateUsageError(
        `Unknown config option ${JSON.stringify(key)}: the charm has ${CHARM_OPTIONS.join(", ")}`,
      );
    }
  }
  setConfig(model, Object.fromEntries(args.reset.map((key) => [key, null])));
  setConfig(model, args.config);
  if (args.relations !== undefined) setBackupRelations(model, args.relations);
  const match = RELATION_HOOK.exec(args.hook);
  if (match === null) return { unit };
  const [, endpoint = "", kind = ""] = match;
  return { unit, relationId: hookRelation(model, { endpoint, kind, args }) };
}

function appOf(unit: string): string {
  const app = UNIT_NAME.exec(unit)?.[1];
  if (app === undefined) {
    throw new SimulateUsageError(
      `${JSON.stringify(unit)} is not a unit name like backup-integrator/0`,
    );
  }
  return app;
}

function relationsOf(model: FakeModel, endpoint: string): string[] {
  return Object.keys(model.relations)
    .filter((id) => model.relations[id]?.endpoint === endpoint)
    .sort((a, b) => relationNumber(a) - relationNumber(b));
}

function relationNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf(":") + 1));
}

function setBackupRelations(model: FakeModel, count: number): void {
  let ids = relationsOf(model, "backup");
  while (ids.length < count) {
    addBackupRelation(model);
    ids = relationsOf(model, "backup");
  }
  for (const id of ids.slice(count)) removeRelation(model, id);
}

function addBackupRelation(model: FakeModel, id?: number): string {
  const taken = new Set(Object.values(model.relations).map((relation) => relation.remoteApp));
  let remoteApp = "bacula-fd";
  for (let n = 2; taken.has(remoteApp); n++) remoteApp = `bacula-fd-r${n}`;
  return addRelation(model, {
    endpoint: "backup",
    remoteApp,
    ...(id === undefined ? {} : { id }),
  });
}

function hookRelation(
  model: FakeModel,
  hook: { endpoint: string; kind: string; args: SimulateArgs },
): string {
  const { endpoint, kind, args } = hook;
  if (args.relation !== undefined) {
    if (!args.relation.startsWith(`${endpoint}:`)) {
      throw new SimulateUsageError(`--relation ${args.relation} is not a relation of ${endpoint}`);
    }
    if (model.relations[args.relation] !== undefined) return args.relation;
    if (kind === "created" && endpoint === "backup") {
      return addBackupRelation(model, relationNumber(args.relation));
    }
    throw new SimulateUsageError(`There is no relation ${args.relation}`);
  }
  if (kind === "created" && args.relations === undefined) {
    if (endpoint === "backup") return addBackupRelation(model);
    return addRelation(model, { endpoint, remoteApp: "ubuntu" });
  }
  const newest = relationsOf(model, endpoint).at(-1);
  if (newest === undefined) {
    throw new SimulateUsageError(
      `There is no ${endpoint} relation: run ${endpoint}-relation-created first, or give --relations`,
    );
  }
  return newest;
}

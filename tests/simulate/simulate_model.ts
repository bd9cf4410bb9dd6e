/**
 * The model `deno task simulate` keeps between calls, and how the command
 * line changes it before a hook: config, units, leadership, relations.
 *
 * @module
 */

import { type CharmOptions, defaultConfig, parseOptionValue } from "../fake_juju/charm_options.ts";
import { appOfUnit, parseRelationHook, relationNumber } from "../fake_juju/juju_names.ts";
import {
  addRelation,
  type ConfigValue,
  createModel,
  DEFAULT_JUJU_VERSION,
  type FakeModel,
  newUnit,
  relationsOf,
  removeRelation,
  setConfig,
  setLeader,
} from "../fake_juju/model.ts";
import { saveJson } from "../fake_juju/json_file.ts";
import { type SimulateArgs, SimulateUsageError } from "./simulate_args.ts";

/** The unit when none is named. */
export const DEFAULT_UNIT = "backup-integrator/0";

/** What a state file holds. */
export interface SimulateState {
  /** The format's version. */
  readonly version: 1;
  /** The unit's base directory, where the charm writes its scripts. */
  readonly optDir: string;
  /** The fake model as the last hook left it. */
  readonly model: FakeModel;
}

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
  const loaded = state as SimulateState;
  // State files written before the model knew its Juju version.
  loaded.model.jujuVersion ??= DEFAULT_JUJU_VERSION;
  // ... and before it kept actions.
  loaded.model.actions ??= {};
  return loaded;
}

/**
 * Write a state file atomically.
 *
 * @param path The file.
 * @param state The state.
 */
export function saveState(path: string, state: SimulateState): Promise<void> {
  return saveJson(path, state);
}

/**
 * A new model: one unit of the application, related to its principal over
 * `juju-info`, with the options `charmcraft.yaml` declares at their defaults
 * and no leader yet.
 *
 * @param unit The unit, e.g. `backup-integrator/0`.
 * @param options The declared options.
 * @returns The model.
 * @throws {SimulateUsageError} When the unit name is not `<application>/<number>`.
 */
export function newModel(unit: string, options: CharmOptions): FakeModel {
  return createModel({
    app: appOf(unit),
    units: [unit],
    leader: null,
    config: defaultConfig(options),
    declaredOptions: Object.keys(options),
    relations: [{ endpoint: "juju-info", remoteApp: "ubuntu" }],
  });
}

/**
 * Apply the command line to the model: unit, leadership, config, relations.
 *
 * @param model The model to change.
 * @param args The command line.
 * @param options The options the charm declares: `--config` values take their
 * types, `--reset` goes back to their defaults.
 * @returns The unit to run the hook on, and the relation of a relation hook.
 * @throws {SimulateUsageError} When the command line does not fit the model.
 */
export function applyArgs(
  model: FakeModel,
  args: SimulateArgs,
  options: CharmOptions,
): { unit: string; relationId?: string } {
  const unit = args.unit ?? Object.keys(model.units)[0] ?? DEFAULT_UNIT;
  if (appOf(unit) !== model.app) {
    throw new SimulateUsageError(
      `The state holds application ${JSON.stringify(model.app)}, not the unit ${
        JSON.stringify(unit)
      }`,
    );
  }
  model.units[unit] ??= newUnit(false);
  if (args.leader === true) setLeader(model, unit);
  if (args.leader === false && model.units[unit]?.leader === true) setLeader(model, null);
  setConfig(model, configChanges(args, options));
  if (args.relations !== undefined) setBackupRelations(model, args.relations);
  const relationHook = parseRelationHook(args.hook);
  if (relationHook === undefined) return { unit };
  return { unit, relationId: hookRelation(model, { ...relationHook, args }) };
}

/** `--reset` (back to the default) and `--config` (as the option's type), checked. */
function configChanges(
  args: SimulateArgs,
  options: CharmOptions,
): Record<string, ConfigValue | null> {
  const option = (key: string) => {
    const declared = options[key];
    if (declared === undefined) {
      throw new SimulateUsageError(
        `Unknown config option ${JSON.stringify(key)}: the charm has ${
          Object.keys(options).join(", ")
        }`,
      );
    }
    return declared;
  };
  const changes: Record<string, ConfigValue | null> = {};
  for (const key of args.reset) changes[key] = option(key).default ?? null;
  for (const [key, text] of Object.entries(args.config)) {
    try {
      changes[key] = parseOptionValue(option(key), text);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new SimulateUsageError(`Invalid value for config option ${key}: ${error.message}`);
    }
  }
  return changes;
}

function appOf(unit: string): string {
  const app = appOfUnit(unit);
  if (app === undefined) {
    throw new SimulateUsageError(
      `${JSON.stringify(unit)} is not a unit name like backup-integrator/0`,
    );
  }
  return app;
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

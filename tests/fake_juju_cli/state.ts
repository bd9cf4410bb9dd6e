/**
 * The state of the fake `juju` client (see `main.ts`): its models, and in
 * each the applications, units, relations, the files on each machine, the
 * data each application published, and the events still to come. Plain JSON,
 * kept in one file between calls, as the real client keeps its state in the
 * controller.
 *
 * Time is counted in polls: each `juju status` of a model is one poll, and
 * every change a command makes shows up a given number of polls later (see
 * `timeline.ts`).
 *
 * @module
 */

import { saveJson } from "../fake_juju/json_file.ts";

/** A file or directory on a machine. */
export interface FileEntry {
  /** A directory or a regular file. */
  readonly kind: "dir" | "file";
  /** Its permission bits, e.g. `0o700`. */
  readonly mode: number;
  /** Its owner and group (the charm runs as root). */
  readonly owner: string;
  /** A file's content; `""` for a directory. */
  readonly content: string;
}

/** A machine's files, by absolute path. */
export type MachineFiles = Record<string, FileEntry>;

/** An application. */
export interface FakeApp {
  /** Its name in the model. */
  readonly name: string;
  /** The charm's name, e.g. `backup-integrator`. */
  charm: string;
  /** Where the charm came from. */
  origin: "charmhub" | "local";
  /** The charm's revision (a local charm's count from 0). */
  revision: number;
  /** The Charmhub channel, when from Charmhub. */
  channel: string | undefined;
  /** Whether its units live beside a principal's. */
  readonly subordinate: boolean;
  /** Its configuration as set (only values set, as strings). */
  config: Record<string, string>;
  /** Set by `remove-application`: gone with its last unit. */
  removing: boolean;
}

/** What `juju status` shows of a unit right now. */
export interface Shown {
  /** Workload status. */
  workload: string;
  /** Workload message. */
  message: string;
  /** Agent status: `allocating`, `executing`, `idle`. */
  agent: string;
  /** Agent message, e.g. `running config-changed hook`. */
  agentMessage: string;
  /** The charm it is being refreshed from, until `upgrade-charm` runs. */
  upgradingFrom?: string;
}

/** A unit. */
export interface FakeUnit {
  /** E.g. `backup-integrator/0`. */
  readonly name: string;
  /** Its application. */
  readonly app: string;
  /** Its machine (a subordinate's: its principal's). */
  readonly machine: string;
  /** A subordinate's principal unit. */
  readonly principal: string | undefined;
  /** Whether it leads its application. */
  readonly leader: boolean;
  /** The first poll that shows it. */
  readonly visibleFrom: number;
  /** What the status shows of it now. */
  shown: Shown;
  /**
   * The endpoints of the relations it has entered, as of its last hook:
   * `juju show-unit` shows no other (a relation made since waits for the
   * unit's next hook).
   */
  entered: string[];
}

/** Something that will happen to a unit at a given poll. */
export interface FakeEvent {
  /** The poll it happens at. */
  readonly at: number;
  /** The unit. */
  readonly unit: string;
  /**
   * `executing`: the agent starts the hook; `settle`: the hook ends and its
   * effects and status are applied; `gone`: the unit is removed.
   */
  readonly kind: "executing" | "settle" | "gone";
  /** The hook, e.g. `config-changed`. */
  readonly hook: string;
}

/** A relation between two endpoints, `app:endpoint`. */
export interface FakeRelation {
  /** One side. */
  readonly a: string;
  /** The other. */
  readonly b: string;
}

/** A model. */
export interface FakeModel {
  /** Its name. */
  readonly name: string;
  /** How many times its status was read. */
  poll: number;
  /** Applications by name. */
  apps: Record<string, FakeApp>;
  /** Units by name. */
  units: Record<string, FakeUnit>;
  /** Relations. */
  relations: FakeRelation[];
  /** Each machine's files, by machine id. */
  machines: Record<string, MachineFiles>;
  /** The application data each application published in its `backup` relation. */
  published: Record<string, Record<string, string>>;
  /** Events still to come, in no particular order. */
  events: FakeEvent[];
  /** The next unit number of each application. */
  nextUnit: Record<string, number>;
  /** The next machine id. */
  nextMachine: number;
}

/** A hook that fails the next time it settles on a unit (hook retries are off). */
export interface HookFault {
  /** The unit. */
  readonly unit: string;
  /** The hook, e.g. `config-changed`. */
  readonly hook: string;
}

/** A scripted answer to `juju exec` commands the fake cannot carry out itself. */
export interface ExecRule {
  /** A regular expression (source) the command must match. */
  readonly match: string;
  /** What the command prints. */
  readonly stdout: string;
  /** Its exit code. */
  readonly code: number;
}

/** The whole state. */
export interface FakeState {
  /** Models by name. */
  models: Record<string, FakeModel>;
  /** Hook failures to inject. */
  faults: HookFault[];
  /** Scripted `juju exec` answers, first match wins. */
  execRules: ExecRule[];
  /** Every command run, its arguments as given. */
  calls: string[][];
}

/**
 * A state with no model.
 *
 * @param options Faults and scripted `exec` answers.
 * @returns The state.
 */
export function emptyState(
  options: { readonly faults?: HookFault[]; readonly execRules?: ExecRule[] } = {},
): FakeState {
  return {
    models: {},
    faults: options.faults ?? [],
    execRules: options.execRules ?? [],
    calls: [],
  };
}

/**
 * A model with nothing in it.
 *
 * @param name Its name.
 * @returns The model.
 */
export function emptyModel(name: string): FakeModel {
  return {
    name,
    poll: 0,
    apps: {},
    units: {},
    relations: [],
    machines: {},
    published: {},
    events: [],
    nextUnit: {},
    nextMachine: 0,
  };
}

/**
 * Read the state file.
 *
 * @param path The file.
 * @returns The state.
 */
export async function loadState(path: string): Promise<FakeState> {
  return JSON.parse(await Deno.readTextFile(path)) as FakeState;
}

/**
 * Replace the state file atomically.
 *
 * @param path The file.
 * @param state The state.
 * @returns Nothing.
 */
export function saveState(path: string, state: FakeState): Promise<void> {
  return saveJson(path, state);
}

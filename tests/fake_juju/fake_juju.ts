/**
 * The end-to-end harness: runs the charm's real `dispatch` as Juju runs a hook
 * (replaced environment, no `HOME`, the charm dir as working directory), with
 * executable fake hook tools first on `PATH`, over a model in a state file.
 *
 * A temporary directory holds:
 * - `charm/` and `tools/`: the charm and the fake hook tools (`charm_layout.ts`);
 * - `opt/`: the charm's base directory (`BACKUP_INTEGRATOR_OPT_DIR`);
 * - `state.json`: the {@link FakeModel}.
 *
 * @module
 */

import { type CharmProgram, layOutCharm } from "./charm_layout.ts";
import { type HookContext, hookContext, saveHookContext } from "./hook_context.ts";
import { finishHook, startAction, startHook } from "./hook_lifecycle.ts";
import {
  applyChanges,
  baseEnvironment,
  type EnvChanges,
  relationEnvironment,
} from "./juju_environment.ts";
import { saveJson } from "./json_file.ts";
import {
  addRelation,
  type ConfigValue,
  createModel,
  type CreateModelOptions,
  type FakeAction,
  type FakeCall,
  type FakeFault,
  type FakeModel,
  type RelationOptions,
  removeRelation,
  requireUnit,
  setConfig,
  setLeader,
} from "./model.ts";

/** Options for {@link FakeJuju.create}: the model's, plus how to run the charm. */
export interface FakeJujuOptions extends CreateModelOptions, CharmProgram {
  /** `JUJU_PRINCIPAL_UNIT`, the principal this subordinate runs beside; `ubuntu/0` when absent. */
  readonly principalUnit?: string;
  /**
   * The charm's base directory (`BACKUP_INTEGRATOR_OPT_DIR`), an absolute path:
   * created when missing and left in place by {@link FakeJuju.cleanup}, so two
   * harnesses can share one machine's directory. `<dir>/opt` when absent.
   */
  readonly optDir?: string;
}

export type { EnvChanges };

/** Options for {@link FakeJuju.runHook}. */
export interface HookOptions {
  /** The relation of a relation hook; the endpoint's only relation when absent. */
  readonly relationId?: string;
  /**
   * `JUJU_REMOTE_UNIT` in `-joined`, `-changed` and `-departed`; the relation's
   * first remote unit when absent. Always empty in `-created` and `-broken`.
   */
  readonly remoteUnit?: string;
  /** `JUJU_DEPARTING_UNIT` in `-departed`; the remote unit when absent. */
  readonly departingUnit?: string;
  /** Changes to the environment Juju would give, applied last. */
  readonly env?: EnvChanges;
}

/** Options for {@link FakeJuju.runDispatch}. */
export interface DispatchOptions {
  /** Changes to the base environment (no hook variables), applied last. */
  readonly env?: EnvChanges;
}

/** What one run of `dispatch` did. */
export interface HookResult {
  /** `dispatch`'s exit code. */
  readonly exitCode: number;
  /** What it printed on stdout (Juju logs it at DEBUG). */
  readonly stdout: string;
  /** What it printed on stderr (Juju logs it at WARNING). */
  readonly stderr: string;
  /** The hook tool calls it made, in order. */
  readonly calls: readonly FakeCall[];
  /**
   * Whether `dispatch` started the charm's binary; known only with
   * `recordStarts` (see `charm_layout.ts`).
   */
  readonly binaryStarted?: boolean;
}

/** What one run of an action did: the run's, and the task Juju reports. */
export interface ActionResult extends HookResult {
  /** The task: status, message and results (`juju show-task`). */
  readonly action: FakeAction;
}

/** The end-to-end harness; create with {@link FakeJuju.create}, end with {@link FakeJuju.cleanup}. */
export class FakeJuju {
  /** The temporary directory holding everything. */
  readonly dir: string;
  /** The charm directory: `dispatch` and `bin/backup-integrator`. */
  readonly charmDir: string;
  /** The directory of the fake hook tools, first on the hook's `PATH`. */
  readonly toolsDir: string;
  /** The charm's base directory, passed as `BACKUP_INTEGRATOR_OPT_DIR`. */
  readonly optDir: string;
  /** The model's state file. */
  readonly statePath: string;
  /** The file the binary creates when it starts, with `recordStarts`. */
  readonly startMarker: string;
  readonly #principalUnit: string;
  readonly #ownsOptDir: boolean;
  readonly #recordStarts: boolean;
  #contexts = 0;

  private constructor(
    dir: string,
    options: { principalUnit: string; optDir?: string; recordStarts: boolean },
  ) {
    this.dir = dir;
    this.charmDir = `${dir}/charm`;
    this.toolsDir = `${dir}/tools`;
    this.optDir = options.optDir ?? `${dir}/opt`;
    this.statePath = `${dir}/state.json`;
    this.startMarker = `${dir}/binary-started`;
    this.#principalUnit = options.principalUnit;
    this.#ownsOptDir = options.optDir === undefined;
    this.#recordStarts = options.recordStarts;
  }

  /**
   * Lay out a temporary charm, fake tools and model.
   *
   * @param options The model, and the program the launcher runs.
   * @returns The harness; call {@link FakeJuju.cleanup} when done.
   * @throws {Error} When `deno info` fails or a file cannot be written.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { FakeJuju } from "./fake_juju.ts";
   * const juju = await FakeJuju.create({ config: { fileset: "/srv" } });
   * try {
   *   const result = await juju.runHook("backup-integrator/0", "config-changed");
   *   assert.equal(result.exitCode, 0, result.stderr);
   *   const model = await juju.model();
   *   assert.equal(model.units["backup-integrator/0"]?.status.status, "waiting");
   * } finally {
   *   await juju.cleanup();
   * }
   * ```
   */
  static async create(options: FakeJujuOptions = {}): Promise<FakeJuju> {
    if (options.optDir !== undefined && !options.optDir.startsWith("/")) {
      throw new TypeError(
        `Cannot create the harness: optDir ${JSON.stringify(options.optDir)} is not absolute`,
      );
    }
    const juju = new FakeJuju(await Deno.makeTempDir({ prefix: "fake-juju-" }), {
      principalUnit: options.principalUnit ?? "ubuntu/0",
      recordStarts: options.recordStarts === true,
      ...(options.optDir === undefined ? {} : { optDir: options.optDir }),
    });
    try {
      if (juju.#ownsOptDir) await Deno.mkdir(juju.optDir);
      else await Deno.mkdir(juju.optDir, { recursive: true });
      await layOutCharm(juju, options);
      await juju.#save(createModel(options));
      return juju;
    } catch (error) {
      await juju.cleanup();
      throw error;
    }
  }

  /**
   * Read the current model.
   *
   * @returns A copy of the state file's model; changing it changes nothing.
   */
  async model(): Promise<FakeModel> {
    return JSON.parse(await Deno.readTextFile(this.statePath)) as FakeModel;
  }

  /**
   * Change the model between hooks.
   *
   * @param change Mutates the model it is given; the result is saved.
   */
  async update(change: (model: FakeModel) => void): Promise<void> {
    const model = await this.model();
    change(model);
    await this.#save(model);
  }

  /**
   * Change charm config as `juju config` does.
   *
   * @param values Options to set, or to unset with `null`.
   */
  setConfig(values: Readonly<Record<string, ConfigValue | null>>): Promise<void> {
    return this.update((model) => setConfig(model, values));
  }

  /**
   * Add a relation.
   *
   * @param options Endpoint, remote application, units and initial data.
   * @returns The relation id, e.g. `backup:3`.
   */
  async addRelation(options: RelationOptions): Promise<string> {
    let id = "";
    await this.update((model) => {
      id = addRelation(model, options);
    });
    return id;
  }

  /**
   * Remove a relation without running any hook.
   *
   * @param relationId The relation, e.g. `backup:3`.
   */
  removeRelation(relationId: string): Promise<void> {
    return this.update((model) => removeRelation(model, relationId));
  }

  /**
   * Make one unit the leader (or none, with `null`).
   *
   * @param unit The new leader.
   */
  setLeader(unit: string | null): Promise<void> {
    return this.update((model) => setLeader(model, unit));
  }

  /**
   * Make the next calls of a tool fail.
   *
   * @param fault The tool, exit code, stderr and how many calls.
   */
  addFault(fault: FakeFault): Promise<void> {
    return this.update((model) => {
      model.faults.push(fault);
    });
  }

  /**
   * The environment Juju gives `dispatch` for a hook.
   *
   * @param unit The unit, e.g. `backup-integrator/0`.
   * @param hook The hook, e.g. `backup-relation-changed`.
   * @param options The relation and remote unit of a relation hook, and changes.
   * @returns The whole environment: nothing else is inherited.
   * @throws {TypeError} When the unit does not exist, or a relation hook's
   * relation cannot be determined.
   */
  async hookEnvironment(
    unit: string,
    hook: string,
    options: HookOptions = {},
  ): Promise<Record<string, string>> {
    const model = await this.model();
    return this.#hookEnvironment(model, this.#hookContext(model, unit, hook, options), options);
  }

  /**
   * Run one hook as Juju does: the real `dispatch`, a replaced environment,
   * the charm dir as working directory, and what `hook_lifecycle.ts` says
   * happens when a hook starts and ends: the last hook's `error` is cleared;
   * exit 0 commits the unit's relation writes (and, after `-relation-broken`,
   * removes the relation); any other exit discards them and sets the unit's
   * status to `error` / `hook failed: "<hook>"` until the next hook starts.
   * In `-relation-departed` the departing unit has already left the relation.
   *
   * @param unit The unit, e.g. `backup-integrator/0`.
   * @param hook The hook, e.g. `config-changed`.
   * @param options The relation and remote unit of a relation hook, and env changes.
   * @returns The exit code, output, and the tool calls the hook made.
   * @throws {TypeError} When the unit does not exist, or a relation hook's
   * relation cannot be determined.
   */
  async runHook(unit: string, hook: string, options: HookOptions = {}): Promise<HookResult> {
    const model = await this.model();
    const context = this.#hookContext(model, unit, hook, options);
    const env = this.#hookEnvironment(model, context, options);
    startHook(model, context);
    await this.#save(model);
    return await this.#dispatch(context, env);
  }

  /**
   * Run `dispatch` with the variables Juju always sets and no hook variables
   * (`JUJU_HOOK_NAME`, `JUJU_DISPATCH_PATH`), plus `options.env`: for tests of
   * how the charm finds what to run, e.g. only `JUJU_DISPATCH_PATH`, or an
   * action. It ends as an action does: relation writes are committed on
   * exit 0, discarded otherwise; statuses are left as the run set them.
   *
   * @param unit The unit, e.g. `backup-integrator/0`.
   * @param options Environment changes.
   * @returns The exit code, output, and the tool calls made.
   * @throws {TypeError} When the unit does not exist.
   */
  async runDispatch(unit: string, options: DispatchOptions = {}): Promise<HookResult> {
    const model = await this.model();
    requireUnit(model, unit);
    const env = applyChanges(
      { ...this.#baseEnvironment(model, unit), JUJU_CONTEXT_ID: this.#contextId(unit, "run") },
      options.env,
    );
    return await this.#dispatch({ unit, hook: "" }, env);
  }

  /**
   * Run an action as `juju run <unit> <action>` does: `dispatch` with `JUJU_DISPATCH_PATH=actions/<name>`,
   * `JUJU_ACTION_{NAME,UUID,TAG}`, an empty `JUJU_HOOK_NAME`; it ends as `hook_lifecycle.ts` says.
   *
   * @param unit The unit, e.g. `backup-integrator/1`.
   * @param name The action, e.g. `show-backup-config`.
   * @param options Environment changes, applied last.
   * @returns The run, and the task with its status, message and results.
   * @throws {TypeError} When the unit does not exist.
   */
  async runAction(
    unit: string,
    name: string,
    options: DispatchOptions = {},
  ): Promise<ActionResult> {
    const model = await this.model();
    const id = String(Object.keys(model.actions).length + 1);
    const context = startAction(model, { unit, name, id });
    const env = applyChanges({
      ...this.#baseEnvironment(model, unit),
      JUJU_HOOK_NAME: "",
      JUJU_DISPATCH_PATH: `actions/${name}`,
      JUJU_CONTEXT_ID: this.#contextId(unit, name),
      JUJU_ACTION_NAME: name,
      JUJU_ACTION_UUID: id,
      JUJU_ACTION_TAG: `action-${id}`,
    }, options.env);
    await this.#save(model);
    const result = await this.#dispatch(context, env);
    return { ...result, action: (await this.model()).actions[id] as FakeAction };
  }

  /** Remove the temporary directory and everything in it; an `optDir` given to `create` stays. */
  async cleanup(): Promise<void> {
    await Deno.remove(this.dir, { recursive: true }).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }

  #hookContext(model: FakeModel, unit: string, hook: string, options: HookOptions): HookContext {
    return hookContext(model, {
      unit,
      hook,
      ...(options.relationId === undefined ? {} : { relationId: options.relationId }),
      ...(options.remoteUnit === undefined ? {} : { remoteUnit: options.remoteUnit }),
      ...(options.departingUnit === undefined ? {} : { departingUnit: options.departingUnit }),
    });
  }

  #hookEnvironment(
    model: FakeModel,
    context: HookContext,
    options: HookOptions,
  ): Record<string, string> {
    return applyChanges({
      ...this.#baseEnvironment(model, context.unit),
      JUJU_HOOK_NAME: context.hook,
      JUJU_DISPATCH_PATH: `hooks/${context.hook}`,
      JUJU_CONTEXT_ID: this.#contextId(context.unit, context.hook),
      ...relationEnvironment(model, context),
    }, options.env);
  }

  async #dispatch(context: HookContext, env: Record<string, string>): Promise<HookResult> {
    const before = (await this.model()).calls.length;
    // What Juju's unit agent knows from the context id a hook tool sends.
    const contextId = env["JUJU_CONTEXT_ID"];
    if (contextId !== undefined) await saveHookContext(this.statePath, contextId, context);
    await Deno.remove(this.startMarker).catch(() => {});
    const output = await new Deno.Command(`${this.charmDir}/dispatch`, {
      cwd: this.charmDir,
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const model = await this.model();
    finishHook(model, context, output.code);
    await this.#save(model);
    const decoder = new TextDecoder();
    return {
      exitCode: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
      calls: model.calls.slice(before),
      ...(this.#recordStarts ? { binaryStarted: await exists(this.startMarker) } : {}),
    };
  }

  #baseEnvironment(model: FakeModel, unit: string): Record<string, string> {
    return baseEnvironment({ ...this, principalUnit: this.#principalUnit }, model, unit);
  }

  #contextId(unit: string, hook: string): string {
    this.#contexts += 1;
    return `${unit}-${hook}-${this.#contexts}`;
  }

  #save(model: FakeModel): Promise<void> {
    return saveJson(this.statePath, model);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * The end-to-end harness: runs the charm's real `dispatch` the way Juju runs
 * a hook (replaced environment, no `HOME`, the charm dir as working
 * directory), with executable fake hook tools first on `PATH`, over a fake
 * model kept in a state file.
 *
 * A temporary directory holds:
 * - `charm/`: a copy of the repository's `dispatch` and `bin/backup-integrator`,
 *   a launcher that runs the charm's program under the production permission
 *   flags (`permissionFlags()` from `src/permissions.ts`);
 * - `tools/`: one executable per hook tool, each running `tool_main.ts`;
 * - `opt/`: the charm's base directory (`BACKUP_INTEGRATOR_OPT_DIR`);
 * - `state.json`: the {@link FakeModel}.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { permissionFlags } from "../../src/permissions.ts";
import { OPT_DIR_ENV } from "../../src/charm/paths.ts";
import {
  addRelation,
  clearHookError,
  commitPending,
  type ConfigValue,
  createModel,
  type CreateModelOptions,
  discardPending,
  FAKE_TOOLS,
  type FakeCall,
  type FakeFault,
  type FakeModel,
  type RelationOptions,
  removeRelation,
  setConfig,
  setLeader,
  showHookError,
} from "./model.ts";
import { BROKEN_RELATION_ENV, STATE_ENV } from "./tool_main.ts";

/** Options for {@link FakeJuju.create}: the model's, plus how to run the charm. */
export interface FakeJujuOptions extends CreateModelOptions {
  /**
   * The program the launcher runs with `deno run`: an absolute path;
   * `<repo>/src/main.ts` when absent.
   */
  readonly entry?: string;
  /** `JUJU_PRINCIPAL_UNIT`, the principal this subordinate runs beside; `ubuntu/0` when absent. */
  readonly principalUnit?: string;
  /**
   * The charm's base directory (`BACKUP_INTEGRATOR_OPT_DIR`), an absolute path:
   * created when missing and left in place by {@link FakeJuju.cleanup}, so two
   * harnesses can share one machine's directory. `<dir>/opt` when absent.
   */
  readonly optDir?: string;
  /**
   * The `deno run` flags the launcher puts before the permission flags;
   * `["--quiet", "--no-lock", "--config", "<repo>/deno.json"]` when absent.
   * A bundle runs with `["--quiet", "--no-config"]`, as it is compiled.
   */
  readonly runtimeArgs?: readonly string[];
  /**
   * A compiled charm executable, an absolute path: linked as
   * `bin/backup-integrator` in place of the launcher (`entry` and
   * `runtimeArgs` are then unused).
   */
  readonly binary?: string;
}

/** Environment changes for one run: a string sets a variable, `null` removes it. */
export type EnvChanges = Readonly<Record<string, string | null>>;

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
}

/** A fixed model UUID for `JUJU_MODEL_UUID`. */
const MODEL_UUID = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
const RELATION_HOOK = /^(.+)-relation-(created|joined|changed|departed|broken)$/;

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
  readonly #principalUnit: string;
  readonly #ownsOptDir: boolean;
  #contexts = 0;

  private constructor(dir: string, options: { principalUnit: string; optDir?: string }) {
    this.dir = dir;
    this.charmDir = `${dir}/charm`;
    this.toolsDir = `${dir}/tools`;
    this.optDir = options.optDir ?? `${dir}/opt`;
    this.statePath = `${dir}/state.json`;
    this.#principalUnit = options.principalUnit;
    this.#ownsOptDir = options.optDir === undefined;
  }

  /**
   * Lay out a temporary charm, fake tools and model.
   *
   * @param options The model, and the program the launcher runs.
   * @returns The harness; call {@link FakeJuju.cleanup} when done.
   * @throws {Error} When `deno info` fails or a file cannot be written.
   *
   * @example
   * ```ts ignore
   * import { FakeJuju } from "./fake_juju.ts";
   * const juju = await FakeJuju.create({ config: { fileset: "/srv" } });
   * try {
   *   const result = await juju.runHook("backup-integrator/0", "install");
   *   console.assert(result.exitCode === 0);
   * } finally {
   *   await juju.cleanup();
   * }
   * ```
   */
  static async create(options: FakeJujuOptions = {}): Promise<FakeJuju> {
    const repo = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
    if (options.optDir !== undefined && !options.optDir.startsWith("/")) {
      throw new TypeError(
        `Cannot create the harness: optDir ${JSON.stringify(options.optDir)} is not absolute`,
      );
    }
    const juju = new FakeJuju(await Deno.makeTempDir({ prefix: "fake-juju-" }), {
      principalUnit: options.principalUnit ?? "ubuntu/0",
      ...(options.optDir === undefined ? {} : { optDir: options.optDir }),
    });
    try {
      const denoDir = await findDenoDir();
      const deno = Deno.execPath();
      const config = `${repo}/deno.json`;
      await Deno.mkdir(`${juju.charmDir}/bin`, { recursive: true });
      await Deno.mkdir(juju.toolsDir);
      if (juju.#ownsOptDir) await Deno.mkdir(juju.optDir);
      else await Deno.mkdir(juju.optDir, { recursive: true });
      await Deno.copyFile(`${repo}/dispatch`, `${juju.charmDir}/dispatch`);
      await Deno.chmod(`${juju.charmDir}/dispatch`, 0o755);
      const entry = options.entry ?? `${repo}/src/main.ts`;
      if (options.binary === undefined) {
        await writeScript(
          `${juju.charmDir}/bin/backup-integrator`,
          [deno, "run", ...(options.runtimeArgs ?? ["--quiet", "--no-lock", "--config", config])],
          [...permissionFlags({ optDir: juju.optDir }), entry],
          denoDir,
        );
      } else {
        await Deno.symlink(options.binary, `${juju.charmDir}/bin/backup-integrator`);
      }
      const toolMain = fileURLToPath(new URL("./tool_main.ts", import.meta.url));
      for (const tool of FAKE_TOOLS) {
        await writeScript(
          `${juju.toolsDir}/${tool}`,
          [deno, "run", "--quiet", "--no-lock", "--allow-read", "--allow-write", "--allow-env"],
          ["--config", config, toolMain, tool],
          denoDir,
        );
      }
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
    if (model.units[unit] === undefined) {
      throw new TypeError(`Cannot run a hook: unit ${JSON.stringify(unit)} does not exist`);
    }
    const env: Record<string, string> = {
      ...this.#baseEnvironment(unit),
      JUJU_HOOK_NAME: hook,
      JUJU_DISPATCH_PATH: `hooks/${hook}`,
      JUJU_CONTEXT_ID: this.#contextId(unit, hook),
    };
    const match = RELATION_HOOK.exec(hook);
    if (match !== null) {
      const [, endpoint = "", kind = ""] = match;
      const relationId = options.relationId ?? onlyRelation(model, endpoint);
      const relation = model.relations[relationId];
      if (relation === undefined) {
        throw new TypeError(`Cannot run ${hook}: no relation ${JSON.stringify(relationId)}`);
      }
      const remoteUnit = kind === "created" || kind === "broken"
        ? ""
        : options.remoteUnit ?? relation.remoteUnits[0] ?? "";
      env["JUJU_RELATION"] = endpoint;
      env["JUJU_RELATION_ID"] = relationId;
      env["JUJU_REMOTE_APP"] = relation.remoteApp;
      env["JUJU_REMOTE_UNIT"] = remoteUnit;
      if (kind === "departed") env["JUJU_DEPARTING_UNIT"] = options.departingUnit ?? remoteUnit;
      if (kind === "broken") env[BROKEN_RELATION_ENV] = relationId;
    }
    return applyChanges(env, options.env);
  }

  /**
   * Run one hook as Juju does: the real `dispatch`, a replaced environment,
   * the charm dir as working directory. Exit 0 commits the unit's relation
   * writes (and, after `-relation-broken`, removes the relation); any other
   * exit discards them and sets the unit's status to
   * `error` / `hook failed: "<hook>"` until the next hook starts. In
   * `-relation-departed` the departing unit has already left `relation-list`.
   *
   * @param unit The unit, e.g. `backup-integrator/0`.
   * @param hook The hook, e.g. `config-changed`.
   * @param options The relation and remote unit of a relation hook, and env changes.
   * @returns The exit code, output, and the tool calls the hook made.
   */
  async runHook(unit: string, hook: string, options: HookOptions = {}): Promise<HookResult> {
    const env = await this.hookEnvironment(unit, hook, options);
    const relationId = env["JUJU_RELATION_ID"];
    const departing = env["JUJU_DEPARTING_UNIT"];
    await this.update((model) => {
      clearHookError(model, unit);
      const relation = relationId === undefined ? undefined : model.relations[relationId];
      if (relation !== undefined && departing !== undefined) {
        relation.remoteUnits = relation.remoteUnits.filter((name) => name !== departing);
      }
    });
    return await this.#dispatch(unit, env, (model, success) => {
      if (!success) {
        showHookError(model, unit, hook);
        return;
      }
      const broken = env[BROKEN_RELATION_ENV];
      if (broken !== undefined && model.relations[broken] !== undefined) {
        removeRelation(model, broken);
      }
    });
  }

  /**
   * Run `dispatch` with the variables Juju always sets and no hook variables
   * (`JUJU_HOOK_NAME`, `JUJU_DISPATCH_PATH`), plus `options.env`: for tests of
   * how the charm finds what to run, e.g. only `JUJU_DISPATCH_PATH`, or an
   * action. Relation writes are committed on exit 0, discarded otherwise;
   * statuses are left as the run set them.
   *
   * @param unit The unit, e.g. `backup-integrator/0`.
   * @param options Environment changes.
   * @returns The exit code, output, and the tool calls made.
   */
  async runDispatch(unit: string, options: DispatchOptions = {}): Promise<HookResult> {
    const model = await this.model();
    if (model.units[unit] === undefined) {
      throw new TypeError(`Cannot run dispatch: unit ${JSON.stringify(unit)} does not exist`);
    }
    const env = applyChanges(
      { ...this.#baseEnvironment(unit), JUJU_CONTEXT_ID: this.#contextId(unit, "run") },
      options.env,
    );
    return await this.#dispatch(unit, env, () => {});
  }

  /** Remove the temporary directory and everything in it; an `optDir` given to `create` stays. */
  async cleanup(): Promise<void> {
    await Deno.remove(this.dir, { recursive: true }).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }

  async #dispatch(
    unit: string,
    env: Record<string, string>,
    after: (model: FakeModel, success: boolean) => void,
  ): Promise<HookResult> {
    const before = (await this.model()).calls.length;
    const output = await new Deno.Command(`${this.charmDir}/dispatch`, {
      cwd: this.charmDir,
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const model = await this.model();
    if (output.code === 0) commitPending(model, unit);
    else discardPending(model, unit);
    after(model, output.code === 0);
    await this.#save(model);
    const decoder = new TextDecoder();
    return {
      exitCode: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
      calls: model.calls.slice(before),
    };
  }

  #baseEnvironment(unit: string): Record<string, string> {
    return {
      JUJU_CHARM_DIR: this.charmDir,
      CHARM_DIR: this.charmDir,
      JUJU_UNIT_NAME: unit,
      JUJU_MODEL_NAME: "test-model",
      JUJU_MODEL_UUID: MODEL_UUID,
      JUJU_VERSION: "3.6.4",
      JUJU_MACHINE_ID: "0",
      JUJU_AVAILABILITY_ZONE: "zone-a",
      JUJU_API_ADDRESSES: "10.0.0.2:17070",
      JUJU_AGENT_SOCKET_ADDRESS: `@/var/lib/juju/agents/unit-${
        unit.replace("/", "-")
      }/agent.socket`,
      JUJU_AGENT_SOCKET_NETWORK: "unix",
      JUJU_PRINCIPAL_UNIT: this.#principalUnit,
      PATH: `${this.toolsDir}:/usr/local/bin:/usr/bin:/bin`,
      LANG: "C.UTF-8",
      TERM: "dumb",
      [STATE_ENV]: this.statePath,
      [OPT_DIR_ENV]: this.optDir,
    };
  }

  #contextId(unit: string, hook: string): string {
    this.#contexts += 1;
    return `${unit}-${hook}-${this.#contexts}`;
  }

  async #save(model: FakeModel): Promise<void> {
    const temporary = `${this.statePath}.tmp`;
    await Deno.writeTextFile(temporary, `${JSON.stringify(model, null, 2)}\n`);
    await Deno.rename(temporary, this.statePath);
  }
}

function onlyRelation(model: FakeModel, endpoint: string): string {
  const ids = Object.keys(model.relations).filter((id) =>
    model.relations[id]?.endpoint === endpoint
  );
  if (ids.length !== 1 || ids[0] === undefined) {
    throw new TypeError(
      `Cannot pick the relation: endpoint ${JSON.stringify(endpoint)} has ${ids.length} ` +
        "relations; pass relationId",
    );
  }
  return ids[0];
}

function applyChanges(
  env: Record<string, string>,
  changes: EnvChanges | undefined,
): Record<string, string> {
  const result = { ...env };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** Deno's cache directory, which the scripts must name: the hook has no `HOME`. */
async function findDenoDir(): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  const info: unknown = output.success ? JSON.parse(text) : undefined;
  const denoDir = typeof info === "object" && info !== null && "denoDir" in info
    ? info.denoDir
    : undefined;
  if (typeof denoDir !== "string" || denoDir === "") {
    throw new Error(
      `Cannot find Deno's cache directory: deno info --json: ${
        new TextDecoder().decode(output.stderr).trim() || text.slice(0, 200)
      }`,
    );
  }
  return denoDir;
}

/** Write an executable `#!/bin/sh` script that sets `DENO_DIR` and `exec`s a command. */
async function writeScript(
  path: string,
  command: readonly string[],
  args: readonly string[],
  denoDir: string,
): Promise<void> {
  const words = [...command, ...args].map(shellQuote).join(" ");
  const text = [
    "#!/bin/sh",
    "# Written by tests/fake_juju/fake_juju.ts. Juju gives hooks no HOME, so name Deno's cache.",
    `DENO_DIR=${shellQuote(denoDir)}`,
    "export DENO_DIR",
    `exec ${words} "$@"`,
    "",
  ].join("\n");
  await Deno.writeTextFile(path, text, { mode: 0o755 });
  await Deno.chmod(path, 0o755);
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

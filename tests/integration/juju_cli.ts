/**
 * A small driver of the `juju` CLI for the integration tests, in the manner
 * of jubilant: every command runs in one model, and every read asks for
 * `--format=json` and goes through the parsers of `juju_json.ts`.
 *
 * @module
 */

import {
  type ExecResult,
  type ModelStatus,
  parseActionResults,
  parseExec,
  parseShowUnit,
  parseStatus,
  type RelationInfo,
} from "./juju_json.ts";
import { type SettledSpec, waitSettled } from "./wait.ts";

/** A `juju` command that exited non-zero. */
export class JujuCliError extends Error {
  /** The arguments after `juju`. */
  readonly args: readonly string[];
  /** The exit code. */
  readonly code: number;
  /** Its stderr. */
  readonly stderr: string;

  /**
   * Describe a failed `juju` command.
   *
   * @param args The arguments after `juju`.
   * @param code The exit code.
   * @param stderr Its stderr.
   */
  constructor(args: readonly string[], code: number, stderr: string) {
    super(`juju ${args.join(" ")} exited with ${code}: ${stderr.trim()}`);
    this.name = "JujuCliError";
    this.args = args;
    this.code = code;
    this.stderr = stderr;
  }
}

/**
 * Runs `juju` with arguments, killing it when the signal aborts; production spawns it.
 */
export type RunJuju = (args: readonly string[], signal: AbortSignal) => Promise<ExecResult>;

/** Spawn `juju` (the first on `PATH`) and collect its output. */
export const spawnJuju: RunJuju = async (args, signal) => {
  const output = await new Deno.Command("juju", {
    args: [...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
};

/** Options for deploying. */
export interface DeployOptions {
  /** The application name (the charm's when absent). */
  readonly app?: string;
  /** Number of units. */
  readonly numUnits?: number;
  /** E.g. `ubuntu@24.04`. */
  readonly base?: string;
  /** A Charmhub channel. */
  readonly channel?: string;
  /** Initial configuration. */
  readonly config?: Readonly<Record<string, string>>;
}

/** How a {@link Juju} runs commands and waits. */
export interface JujuOptions {
  /** Runs `juju` ({@link spawnJuju} when absent). */
  readonly run?: RunJuju;
  /** Time between the polls of a wait (5 s). */
  readonly pollMs?: number;
  /**
   * When everything must be over (`Date.now()` milliseconds): no command or
   * wait runs past it. Absent: none.
   */
  readonly deadline?: number;
}

/** The longest one command may take, deadline or not. */
export const COMMAND_TIMEOUT_MS = 20 * 60_000;

/** How `juju exec` (Juju 3.6) says on stderr that the command failed on a unit. */
const TASK_FAILED = /^ERROR the following tasks? failed:\n - id "/;

/** The `juju` CLI bound to one model. */
export class Juju {
  /** The model every command runs in. */
  readonly model: string;
  readonly #run: RunJuju;
  readonly #pollMs: number;
  readonly #deadline: number;

  /**
   * Bind the CLI to a model.
   *
   * @param model The model name.
   * @param options How to run `juju`, poll, and when to give up.
   */
  constructor(model: string, options: JujuOptions = {}) {
    this.model = model;
    this.#run = options.run ?? spawnJuju;
    this.#pollMs = options.pollMs ?? 5_000;
    this.#deadline = options.deadline ?? Infinity;
  }

  /**
   * The time left before the deadline, at most `ms`.
   *
   * @param ms The most a step may take.
   * @returns The milliseconds it may take.
   * @throws {Error} When the deadline has passed.
   */
  remaining(ms: number): number {
    const left = this.#deadline - Date.now();
    if (left <= 0) throw new Error(`The deadline of the scenario in model "${this.model}" passed`);
    return Math.min(ms, left);
  }

  /**
   * Run `juju <command> --model <model> <args>`, killed at the deadline. The
   * model goes right after the command: after a `--` (`juju exec … -- cmd`)
   * it would be part of the command run on the machine.
   *
   * @param command The command, e.g. `status`.
   * @param args Its arguments.
   * @returns Its stdout.
   * @throws {JujuCliError} When it exits non-zero.
   */
  async cli(command: string, ...args: string[]): Promise<string> {
    const { full, result } = await this.#call(command, args);
    if (result.code !== 0) throw new JujuCliError(full, result.code, result.stderr);
    return result.stdout;
  }

  async #call(command: string, args: readonly string[]) {
    const full = [command, "--model", this.model, ...args];
    const signal = AbortSignal.timeout(this.remaining(COMMAND_TIMEOUT_MS));
    return { full, result: await this.#run(full, signal) };
  }

  /**
   * `juju deploy`.
   *
   * @param charm A Charmhub name or a `.charm` path.
   * @param options Name, units, base, channel, config.
   * @returns Nothing.
   */
  async deploy(charm: string, options: DeployOptions = {}): Promise<void> {
    const args = [charm];
    if (options.app !== undefined) args.push(options.app);
    if (options.numUnits !== undefined) args.push("--num-units", String(options.numUnits));
    if (options.base !== undefined) args.push("--base", options.base);
    if (options.channel !== undefined) args.push("--channel", options.channel);
    for (const [key, value] of Object.entries(options.config ?? {})) {
      args.push("--config", `${key}=${value}`);
    }
    await this.cli("deploy", ...args);
  }

  /**
   * `juju integrate a b`.
   *
   * @param a One endpoint.
   * @param b The other.
   * @returns Nothing.
   */
  async integrate(a: string, b: string): Promise<void> {
    await this.cli("integrate", a, b);
  }

  /**
   * `juju remove-relation a b`.
   *
   * @param a One endpoint.
   * @param b The other.
   * @returns Nothing.
   */
  async removeRelation(a: string, b: string): Promise<void> {
    await this.cli("remove-relation", a, b);
  }

  /**
   * `juju config app k=v…`: each value one argument, so any text (a multi-line
   * script) survives, and no file is involved: the strictly confined `juju`
   * snap has a private `/tmp` and would not see one written there.
   *
   * @param app The application.
   * @param values The options to set.
   * @returns Nothing.
   */
  async config(app: string, values: Readonly<Record<string, string>>): Promise<void> {
    await this.cli("config", app, ...Object.entries(values).map(([k, v]) => `${k}=${v}`));
  }

  /**
   * `juju config app --reset k,…`.
   *
   * @param app The application.
   * @param keys The options to unset.
   * @returns Nothing.
   */
  async resetConfig(app: string, keys: readonly string[]): Promise<void> {
    await this.cli("config", app, "--reset", keys.join(","));
  }

  /**
   * `juju status --format=json`.
   *
   * @returns The parsed status.
   */
  async status(): Promise<ModelStatus> {
    return parseStatus(await this.cli("status", "--format=json"));
  }

  /**
   * `juju show-unit <unit> --format=json`.
   *
   * @param unit The unit.
   * @returns Its relations, each with the related side's data.
   */
  async showUnit(unit: string): Promise<RelationInfo[]> {
    return parseShowUnit(await this.cli("show-unit", unit, "--format=json"), unit);
  }

  /**
   * `juju exec --unit <unit> --format=json -- <command>`. When the command
   * fails on the unit, Juju exits 1 saying "the following task failed" but
   * prints the results all the same: they are returned, not thrown, so the
   * caller sees the command's exit code and stderr.
   *
   * @param unit The unit whose machine runs it.
   * @param command A shell command.
   * @returns Its exit code and output.
   * @throws {JujuCliError} When `juju` itself fails (no results).
   */
  async exec(unit: string, command: string): Promise<ExecResult> {
    const { full, result } = await this.#call("exec", [
      "--unit",
      unit,
      "--format=json",
      "--",
      command,
    ]);
    if (result.code === 0 || (result.code === 1 && TASK_FAILED.test(result.stderr))) {
      return parseExec(result.stdout, unit);
    }
    throw new JujuCliError(full, result.code, result.stderr);
  }

  /**
   * `juju run <unit> <action> k=v… --wait=<wait> --format=json`.
   *
   * @param unit The unit.
   * @param action The action.
   * @param params Its parameters.
   * @param wait How long Juju waits for it, e.g. `5m`.
   * @returns The results it set.
   */
  async runAction(
    unit: string,
    action: string,
    params: Readonly<Record<string, string>> = {},
    wait = "5m",
  ): Promise<Record<string, unknown>> {
    const args = Object.entries(params).map(([k, v]) => `${k}=${v}`);
    const json = await this.cli("run", unit, action, ...args, `--wait=${wait}`, "--format=json");
    return parseActionResults(json, unit);
  }

  /**
   * `juju refresh <app> --path <charm>`.
   *
   * @param app The application.
   * @param path The `.charm` file.
   * @returns Nothing.
   */
  async refreshPath(app: string, path: string): Promise<void> {
    await this.cli("refresh", app, "--path", path);
  }

  /**
   * `juju remove-application --no-prompt <app>`.
   *
   * @param app The application.
   * @returns Nothing.
   */
  async removeApplication(app: string): Promise<void> {
    await this.cli("remove-application", "--no-prompt", app);
  }

  /**
   * Wait until the model is settled (see `wait.ts`): every unit of the
   * applications counted, idle in an accepted status, none upgrading, over
   * three consecutive polls; fail at once when any unit is in error.
   *
   * @param spec The units expected and the statuses accepted.
   * @param timeoutMs Give up after this long (10 min), or at the deadline.
   * @returns The last status read.
   * @throws {Error} When a unit is in error, or on time-out.
   */
  waitSettled(spec: SettledSpec, timeoutMs = 10 * 60_000): Promise<ModelStatus> {
    return waitSettled(() => this.status(), spec, {
      intervalMs: this.#pollMs,
      timeoutMs: this.remaining(timeoutMs),
    });
  }
}

/**
 * A small driver of the `juju` CLI for the integration tests, in the manner
 * of jubilant: every command runs in one model, and every read asks for
 * `--format=json` and goes through the parsers of `juju_json.ts`.
 *
 * @module
 */

import {
  allUnits,
  describeUnits,
  type ExecResult,
  type ModelStatus,
  parseActionResults,
  parseExec,
  parseShowUnit,
  parseStatus,
  type RelationInfo,
  unitInError,
} from "./juju_json.ts";

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

/** Runs `juju` with arguments; production spawns it. */
export type RunJuju = (args: readonly string[]) => Promise<ExecResult>;

/** Spawn `juju` and collect its output. */
export const spawnJuju: RunJuju = async (args) => {
  const output = await new Deno.Command("juju", {
    args: [...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
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

/** The `juju` CLI bound to one model. */
export class Juju {
  /** The model every command runs in. */
  readonly model: string;
  readonly #run: RunJuju;

  /**
   * Bind the CLI to a model.
   *
   * @param model The model name.
   * @param run Runs `juju` (spawning it when absent).
   */
  constructor(model: string, run: RunJuju = spawnJuju) {
    this.model = model;
    this.#run = run;
  }

  /**
   * Run `juju <args> --model <model>`.
   *
   * @param args The arguments after `juju`.
   * @returns Its stdout.
   * @throws {JujuCliError} When it exits non-zero.
   */
  async cli(...args: string[]): Promise<string> {
    const full = [...args, "--model", this.model];
    const result = await this.#run(full);
    if (result.code !== 0) throw new JujuCliError(full, result.code, result.stderr);
    return result.stdout;
  }

  /**
   * `juju deploy`.
   *
   * @param charm A Charmhub name or a `.charm` path.
   * @param options Name, units, base, channel, config.
   * @returns Nothing.
   */
  async deploy(charm: string, options: DeployOptions = {}): Promise<void> {
    const args = ["deploy", charm];
    if (options.app !== undefined) args.push(options.app);
    if (options.numUnits !== undefined) args.push("--num-units", String(options.numUnits));
    if (options.base !== undefined) args.push("--base", options.base);
    if (options.channel !== undefined) args.push("--channel", options.channel);
    for (const [key, value] of Object.entries(options.config ?? {})) {
      args.push("--config", `${key}=${value}`);
    }
    await this.cli(...args);
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
   * `juju config app k=v…`; values go through a file so any text (a script) survives.
   *
   * @param app The application.
   * @param values The options to set.
   * @returns Nothing.
   */
  async config(app: string, values: Readonly<Record<string, string>>): Promise<void> {
    const file = await Deno.makeTempFile({ suffix: ".yaml" });
    try {
      await Deno.writeTextFile(file, JSON.stringify({ [app]: values }));
      await this.cli("config", app, "--file", file);
    } finally {
      await Deno.remove(file);
    }
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
   * `juju exec --unit <unit> --format=json -- <command>`.
   *
   * @param unit The unit whose machine runs it.
   * @param command A shell command.
   * @returns Its exit code and output.
   */
  async exec(unit: string, command: string): Promise<ExecResult> {
    const json = await this.cli("exec", "--unit", unit, "--format=json", "--", command);
    return parseExec(json, unit);
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
   * Poll `juju status` until a condition holds on it.
   *
   * @param ready The condition.
   * @param options Give up after `timeoutMs` (10 min), polling every `intervalMs` (5 s).
   * @returns The status that satisfied it.
   * @throws {Error} On time-out, naming every unit's last status.
   */
  async waitFor(
    ready: (status: ModelStatus) => boolean,
    options: { readonly timeoutMs?: number; readonly intervalMs?: number } = {},
  ): Promise<ModelStatus> {
    const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
    let last: ModelStatus | undefined;
    while (Date.now() < deadline) {
      last = await this.status();
      if (ready(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5_000));
    }
    throw new Error(`Timed out waiting for the model: ${describeUnits(last)}`);
  }

  /**
   * Wait until every unit of the applications is idle with one of the
   * workload statuses; fail at once when one is in error.
   *
   * @param apps The applications.
   * @param workload The workload statuses accepted, e.g. `["active"]`.
   * @param options As for {@link Juju.waitFor}.
   * @returns The status that satisfied it.
   * @throws {Error} When a unit is in error, or on time-out.
   */
  waitForIdle(
    apps: readonly string[],
    workload: readonly string[],
    options: { readonly timeoutMs?: number; readonly intervalMs?: number } = {},
  ): Promise<ModelStatus> {
    return this.waitFor((status) => {
      const failed = unitInError(status, apps);
      if (failed !== undefined) throw new Error(`${failed.name} is in error`);
      return allUnits(status, apps, workload);
    }, options);
  }
}

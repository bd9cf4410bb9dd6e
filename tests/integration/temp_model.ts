/**
 * One model per scenario: added before it, destroyed after it whether it
 * passed or failed, storage and machines included, so a runner's disk (about
 * 14 GB on GitHub's) holds every scenario's machines one after the other.
 *
 * @module
 */

import { COMMAND_TIMEOUT_MS, Juju, JujuCliError, type RunJuju, spawnJuju } from "./juju_cli.ts";

/** How a scenario's model is run. */
export interface TemporaryModelOptions {
  /** Runs `juju` ({@link spawnJuju} when absent). */
  readonly run?: RunJuju;
  /** Time between the polls of a wait. */
  readonly pollMs: number;
  /** How long the scenario may take, its model's destruction not counted. */
  readonly deadlineMs: number;
  /** Where to report a failed destruction when the scenario failed too (`console.error`). */
  readonly warn?: (line: string) => void;
}

async function controller(run: RunJuju, args: string[]): Promise<void> {
  const result = await run(args, AbortSignal.timeout(COMMAND_TIMEOUT_MS));
  if (result.code !== 0) throw new JujuCliError(args, result.code, result.stderr);
}

/** What a failed scenario's model looked like: its status and the end of its log. */
async function diagnose(run: RunJuju, name: string, warn: (line: string) => void): Promise<void> {
  for (
    const args of [
      ["status", "--model", name, "--relations"],
      // The last 400 lines (--replay --limit would give the first 400).
      ["debug-log", "--model", name, "--no-tail", "--lines", "400"],
    ]
  ) {
    const result = await run(args, AbortSignal.timeout(60_000)).catch((e: unknown) => ({
      code: -1,
      stdout: "",
      stderr: String(e),
    }));
    warn(`juju ${args.join(" ")} (exit ${result.code}):\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Add a model, run a scenario in it, and destroy the model even when the
 * scenario fails (after printing its status and the end of its log).
 *
 * @param name The model's name, e.g. `ci-0-charm`.
 * @param options How to run `juju`, poll, and the scenario's deadline.
 * @param scenario The scenario, given the CLI bound to the model.
 * @returns What the scenario returns.
 * @throws {Error} The scenario's error; else the destruction's, if it failed.
 */
export async function inTemporaryModel<T>(
  name: string,
  options: TemporaryModelOptions,
  scenario: (juju: Juju) => Promise<T>,
): Promise<T> {
  const run = options.run ?? spawnJuju;
  await controller(run, ["add-model", name, "--no-switch"]);
  const juju = new Juju(name, {
    run,
    pollMs: options.pollMs,
    deadline: Date.now() + options.deadlineMs,
  });
  let result: T;
  try {
    result = await scenario(juju);
  } catch (error) {
    const warn = options.warn ?? console.error;
    await diagnose(run, name, warn);
    await controller(run, ["destroy-model", name, "--no-prompt", "--destroy-storage", "--force"])
      .catch((destroyError: unknown) => warn(`Cannot destroy model "${name}": ${destroyError}`));
    throw error;
  }
  await controller(run, ["destroy-model", name, "--no-prompt", "--destroy-storage", "--force"]);
  return result;
}

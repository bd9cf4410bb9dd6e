/**
 * `deno task test:integration`, the one definition of how the scenarios run
 * (their permissions above all): the `integration` workflow runs the task,
 * and the tests here run the same command, read from `deno.json`, against
 * the fake `juju`. A flag can be dropped to prove the scenarios need it.
 *
 * @module
 */

/** The task's name in `deno.json`. */
export const INTEGRATION_TASK = "test:integration";

const DENO_JSON = new URL("../../deno.json", import.meta.url);

/**
 * The task's command, split into words: `deno test <flags> <paths>`.
 *
 * @returns The words after `deno`.
 * @throws {Error} When the task is missing or is more than one plain `deno test`.
 */
export function integrationTaskArgs(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(DENO_JSON)) as { tasks?: Record<string, string> };
  const task = config.tasks?.[INTEGRATION_TASK];
  if (task === undefined) throw new Error(`deno.json has no task "${INTEGRATION_TASK}"`);
  const words = task.trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "test" || /[;&|<>$`'"]/.test(task)) {
    throw new Error(`Task "${INTEGRATION_TASK}" must be one plain "deno test" command: ${task}`);
  }
  return words.slice(1);
}

/** How to run the task here. */
export interface TaskRun {
  /** Variables to set (the rest is inherited). */
  readonly env: Readonly<Record<string, string>>;
  /** A flag to leave out (every word starting with it), to show it is needed. */
  readonly drop?: string;
  /** Test files to run instead of the task's paths. */
  readonly files?: readonly string[];
  /** Kill it after this long. */
  readonly timeoutMs: number;
}

/**
 * Run the task from the repository's root.
 *
 * @param run The variables, the flag to drop, the files, the time-out.
 * @returns Its exit code and its output (stdout then stderr).
 */
export async function runIntegrationTask(
  run: TaskRun,
): Promise<{ readonly code: number; readonly output: string }> {
  const args = integrationTaskArgs();
  const flags = args.filter((w) => w.startsWith("-") && !(run.drop && w.startsWith(run.drop)));
  const paths = run.files ?? args.filter((w) => !w.startsWith("-") && w !== "test");
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["test", ...flags, ...paths],
    cwd: new URL("../../", import.meta.url).pathname,
    env: { NO_COLOR: "1", ...run.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(run.timeoutMs),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    output: decoder.decode(result.stdout) + decoder.decode(result.stderr),
  };
}

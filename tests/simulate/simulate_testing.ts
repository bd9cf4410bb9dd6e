/**
 * A helper of the simulate tests: run `simulateMain()` with a state file in
 * a directory, and collect what it printed.
 *
 * @module
 */

import { simulateMain } from "./simulate.ts";

/** What one simulated call printed, and its exit code. */
export interface SimulateRun {
  /** The exit code. */
  readonly code: number;
  /** What it wrote to stdout. */
  readonly out: string;
  /** What it wrote to stderr. */
  readonly err: string;
}

/**
 * A runner of `deno task simulate … --state sim.json` from `dir`.
 *
 * @param dir The directory the command runs in; the state file is `dir/sim.json`.
 * @returns A function taking the other arguments.
 */
export function simulateIn(dir: string): (...words: string[]) => Promise<SimulateRun> {
  return async (...words) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await simulateMain([...words, "--state", "sim.json"], {
      writeOut: (text) => out.push(text),
      writeError: (text) => err.push(text),
      cwd: dir,
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
}

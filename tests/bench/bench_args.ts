/**
 * The command line of `deno task bench`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { NAMESPACE_WAYS, type NamespaceWay } from "./bench_namespace.ts";

/** GNU time, for peak RSS. */
export const GNU_TIME = "/usr/bin/time";

/** The help text. */
export const HELP = `Usage: deno task bench [options]

Run every observed hook of the charm many times through the fake Juju, with
hook tools made as cheap as possible, steady (nothing to change) and changed
(new config, first relation), on the leader and on a non-leader; beside the
floors: /bin/true and an empty Deno program started the same way.

Options:
  --iterations N   Timed runs per row (default 20).
  --warmup N       Untimed runs per row first (default 2).
  --rss-runs N     Runs per row under ${GNU_TIME} for peak RSS (default 3; 0: skip).
  --binary PATH    Run this compiled charm binary (default: bin/backup-integrator or the
                   binary in dist/*.charm when present, else the bundle through deno run).
  --bundle PATH    Run this bundle through deno run instead of bundling src/main.ts (to
                   compare a candidate change: deno bundle it, then --baseline).
  --only TEXT      Run only the cases whose name contains TEXT (floors always run).
  --namespace WAY  How a binary gets its private mount namespace: root, user-namespace
                   or sudo (default: the first that works here).
  --json FILE      Write the report as JSON to FILE.
  --baseline FILE  Compare with the JSON of an earlier run.
  -h, --help       Show this help.
`;

/** What the command line asks for. */
export interface Flags {
  readonly iterations: number;
  readonly warmup: number;
  readonly rssRuns: number;
  readonly binary: string | undefined;
  readonly bundle: string | undefined;
  readonly only: string | undefined;
  readonly json: string | undefined;
  /** The way to a private mount namespace for a binary; the first that works when absent. */
  readonly namespace: NamespaceWay | undefined;
  readonly baseline: string | undefined;
  readonly help: boolean;
}

/** Bad command-line arguments. */
export class UsageError extends Error {
  /**
   * @param message What is wrong.
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parse the command line.
 *
 * @param args The arguments, without the program name.
 * @returns The flags, defaults filled in.
 * @throws {UsageError} For an unknown flag or a bad count.
 */
export function parseFlags(args: readonly string[]): Flags {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        iterations: { type: "string" },
        warmup: { type: "string" },
        "rss-runs": { type: "string" },
        binary: { type: "string" },
        bundle: { type: "string" },
        only: { type: "string" },
        json: { type: "string" },
        namespace: { type: "string" },
        baseline: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  return {
    iterations: count(values.iterations, { name: "--iterations", fallback: 20, min: 1 }),
    warmup: count(values.warmup, { name: "--warmup", fallback: 2, min: 0 }),
    rssRuns: count(values["rss-runs"], { name: "--rss-runs", fallback: 3, min: 0 }),
    binary: values.binary,
    bundle: values.bundle,
    only: values.only,
    json: values.json,
    namespace: namespaceWay(values.namespace),
    baseline: values.baseline,
    help: values.help === true,
  };
}

function namespaceWay(value: string | undefined): NamespaceWay | undefined {
  if (value === undefined) return undefined;
  const way = NAMESPACE_WAYS.find((known) => known === value);
  if (way === undefined) {
    throw new UsageError(
      `--namespace must be one of ${NAMESPACE_WAYS.join(", ")}, not ${JSON.stringify(value)}`,
    );
  }
  return way;
}

function count(
  value: string | undefined,
  rule: { name: string; fallback: number; min: number },
): number {
  if (value === undefined) return rule.fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < rule.min) {
    throw new UsageError(
      `${rule.name} must be an integer ≥ ${rule.min}, not ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/**
 * What `deno task bench` checks before it sets anything up: that `--only`
 * matches a case, and that `--baseline` is a report it can compare with. A
 * mistake in either is a usage error (exit 2) at once, not a silent empty run
 * or a raw OS error after the whole run.
 *
 * @module
 */

import { UsageError } from "./bench_args.ts";
import { benchCaseSpecs, caseName } from "./bench_cases.ts";
import type { BenchReport } from "./bench_report.ts";

/**
 * The names of the cases `--only TEXT` selects: those that contain `TEXT`.
 *
 * @param only `--only`'s value, or `undefined` for every case.
 * @returns The selected case names, in order.
 * @throws {UsageError} When `TEXT` selects none, naming every case.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectedCases } from "./bench_preflight.ts";
 * assert.deepEqual(selectedCases("remove steady leader"), ["remove steady leader"]);
 * assert.throws(() => selectedCases("nosuchcase"), /matches no case/);
 * ```
 */
export function selectedCases(only: string | undefined): string[] {
  const names = benchCaseSpecs().map(caseName);
  const selected = names.filter((name) => only === undefined || name.includes(only));
  if (selected.length === 0) {
    throw new UsageError(
      `--only ${JSON.stringify(only)} matches no case: a case is selected when its name ` +
        `contains the text; the cases are ${names.join(", ")}`,
    );
  }
  return selected;
}

/**
 * Read the report `--baseline` names, before anything runs.
 *
 * @param path `--baseline`'s value, or `undefined`.
 * @param readTextFile Reads a file; `Deno.readTextFile` when absent.
 * @returns The earlier report, or `undefined` without `--baseline`.
 * @throws {UsageError} When the file cannot be read or is not a report of
 * `deno task bench --json`.
 */
export async function readBaseline(
  path: string | undefined,
  readTextFile: (path: string) => Promise<string> = Deno.readTextFile,
): Promise<BenchReport | undefined> {
  if (path === undefined) return undefined;
  const what = `--baseline ${JSON.stringify(path)}`;
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    throw new UsageError(`Cannot read ${what}: ${readProblem(error)}`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new UsageError(
      `Cannot use ${what}: it is not JSON; give a file deno task bench --json wrote`,
    );
  }
  const record = report as Partial<Record<string, unknown>> | null;
  if (
    typeof record !== "object" || record === null || record["version"] !== 1 ||
    !Array.isArray(record["subjects"])
  ) {
    throw new UsageError(
      `Cannot use ${what}: it is not a report of deno task bench --json (version 1, with subjects)`,
    );
  }
  return report as BenchReport;
}

/** Why a file could not be read, in words, without the OS's error code. */
function readProblem(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "there is no such file";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/ \(os error \d+\).*$/s, "");
}

/**
 * Bundling: `src/main.ts` and everything it imports into one minified
 * JavaScript file with `deno bundle --minify` (esbuild, tree-shaken). This
 * file is the exact program inside the compiled binary, so the tests run it
 * too, with `deno run` and the same permission flags.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runDeno } from "./deno_command.ts";

/** The charm's entry module. */
export const ENTRY_MODULE: string = fileURLToPath(new URL("../main.ts", import.meta.url));

/** The `deno.json` whose import map and lock file the bundle resolves with. */
export const DENO_CONFIG: string = fileURLToPath(new URL("../../deno.json", import.meta.url));

/** Options for {@link bundleCharm}. */
export interface BundleOptions {
  /** Where to write the bundle; its directory is created when missing. */
  readonly outFile: string;
}

/** `deno bundle` failed; carries its output. */
export class BundleError extends Error {
  /** Its exit code. */
  readonly code: number;
  /** Its stderr. */
  readonly stderr: string;

  /**
   * Describe a failed `deno bundle`.
   *
   * @param code The exit code.
   * @param stderr What it printed on stderr.
   */
  constructor(code: number, stderr: string) {
    super(`Cannot bundle "${ENTRY_MODULE}": deno bundle exited with ${code}: ${stderr.trim()}`);
    this.name = "BundleError";
    this.code = code;
    this.stderr = stderr;
  }
}

const bundles = new Map<string, Promise<string>>();

/**
 * Bundle `src/main.ts` into one minified file. Done once per output path in a
 * process: later calls return the same promise.
 *
 * Run it with `deno run --no-config <permissionFlags()> <file>`.
 *
 * @param options Where to write the bundle.
 * @returns The bundle's absolute path.
 * @throws {BundleError} When `deno bundle` fails.
 */
export function bundleCharm(options: BundleOptions): Promise<string> {
  const outFile = resolve(options.outFile);
  const cached = bundles.get(outFile);
  if (cached !== undefined) return cached;
  const bundle = runBundle(outFile);
  bundles.set(outFile, bundle);
  bundle.catch(() => bundles.delete(outFile));
  return bundle;
}

async function runBundle(outFile: string): Promise<string> {
  await Deno.mkdir(dirname(outFile), { recursive: true });
  const result = await runDeno([
    "bundle",
    "--quiet",
    "--minify",
    "--platform=deno",
    "--format=esm",
    `--config=${DENO_CONFIG}`,
    `--output=${outFile}`,
    ENTRY_MODULE,
  ], { cwd: dirname(DENO_CONFIG) });
  if (result.code !== 0) throw new BundleError(result.code, result.stderr);
  return outFile;
}

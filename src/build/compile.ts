/**
 * Compiling: the bundle into one executable with `deno compile`, under the
 * charm's permission flags, for one target; and a plain explanation when the
 * Deno runtime it embeds cannot be had.
 *
 * @module
 */

import { dirname } from "node:path";
import { permissionFlags } from "../permissions.ts";
import { runDeno } from "./deno_command.ts";
import { type Architecture, DENO_TARGETS, type DenoTarget } from "./platforms.ts";

/** The variable `deno compile` reads for a local runtime binary instead of downloading one. */
export const DENORT_BIN_ENV = "DENORT_BIN";

/** Options for {@link compileCharm}. */
export interface CompileOptions {
  /** The bundle from `bundleCharm()`. */
  readonly bundle: string;
  /** Where to write the executable; its directory is created when missing. */
  readonly outFile: string;
  /** The target, e.g. `x86_64-unknown-linux-gnu`. */
  readonly target: DenoTarget;
  /** `DENORT_BIN` as set for the build, to explain a failure; it is inherited by `deno compile`. */
  readonly denortBin?: string | undefined;
  /**
   * For tests only: the base directory the binary may read and write instead
   * of the production one (see `permissionFlags()`); nothing else changes.
   */
  readonly optDir?: string;
}

/** Options for {@link compileFailure}. */
export interface CompileFailureOptions {
  /** The exit code of `deno compile`. */
  readonly code: number;
  /** Its stderr, without colour codes. */
  readonly stderr: string;
  /** The target it was compiling for. */
  readonly target: DenoTarget;
  /** `DENORT_BIN`, when set. */
  readonly denortBin?: string | undefined;
}

/**
 * `deno compile` could not get the Deno runtime (`denort`) it builds the
 * executable from: the download failed, or `DENORT_BIN` names a file that
 * cannot be read. The message is one paragraph saying what to do.
 */
export class DenoRuntimeUnavailableError extends Error {
  /** The target whose runtime was missing. */
  readonly target: DenoTarget;
  /** The underlying cause as `deno compile` reported it, e.g. a DNS failure. */
  readonly detail: string;

  /**
   * Carry the paragraph to show and what `deno compile` reported.
   *
   * @param message The paragraph.
   * @param target The target.
   * @param detail The cause reported by `deno compile`.
   */
  constructor(message: string, target: DenoTarget, detail: string) {
    super(message);
    this.name = "DenoRuntimeUnavailableError";
    this.target = target;
    this.detail = detail;
  }
}

/** `deno compile` failed for another reason; carries its output. */
export class CompileError extends Error {
  /** Its exit code. */
  readonly code: number;
  /** Its stderr. */
  readonly stderr: string;

  /**
   * Describe a failed `deno compile`.
   *
   * @param code The exit code.
   * @param stderr Its stderr.
   */
  constructor(code: number, stderr: string) {
    super(
      `Cannot compile the charm binary: deno compile exited with ${code}: ${summarize(stderr)}`,
    );
    this.name = "CompileError";
    this.code = code;
    this.stderr = stderr;
  }
}

/**
 * Compile the bundle into an executable with {@link permissionFlags} for one
 * target. `--no-config`: the bundle has no imports left, and no `deno.json`
 * must change how it is compiled.
 *
 * @param options The bundle, output path and target.
 * @returns The executable's path.
 * @throws {DenoRuntimeUnavailableError} When the Deno runtime for the target cannot be
 * downloaded or read.
 * @throws {CompileError} When `deno compile` fails otherwise.
 */
export async function compileCharm(options: CompileOptions): Promise<string> {
  await Deno.mkdir(dirname(options.outFile), { recursive: true });
  const result = await runDeno([
    "compile",
    "--quiet",
    "--no-config",
    "--no-code-cache", // no V8 code cache in world-writable $TMPDIR: docs/security.md
    ...permissionFlags(options.optDir === undefined ? {} : { optDir: options.optDir }),
    `--target=${options.target}`,
    `--output=${options.outFile}`,
    options.bundle,
  ]);
  if (result.code !== 0) {
    throw compileFailure({
      code: result.code,
      stderr: result.stderr,
      target: options.target,
      denortBin: options.denortBin,
    });
  }
  return options.outFile;
}

/**
 * Turn a failed `deno compile` into the error to report: a
 * {@link DenoRuntimeUnavailableError} when its stderr shows the runtime could
 * not be downloaded (`Setting up base binary`, a `denort-<target>.zip` it
 * could not fetch) or read from `DENORT_BIN`; a {@link CompileError} otherwise.
 *
 * @param options Exit code, stderr, target and `DENORT_BIN`.
 * @returns The error; its message never includes Deno's stack backtrace.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileFailure } from "./compile.ts";
 * const error = compileFailure({
 *   code: 1,
 *   target: "x86_64-unknown-linux-gnu",
 *   stderr: "error: Writing deno compile executable to temporary file\n\nCaused by:\n" +
 *     "    0: Setting up base binary.\n    1: dns error\n",
 * });
 * assert.ok(error.message.includes("DENORT_BIN"));
 * ```
 */
export function compileFailure(options: CompileFailureOptions): Error {
  const { stderr, target } = options;
  const arch = architectureOf(target);
  const detail = rootCause(stderr);
  if (/Could not find denort at/.test(stderr)) {
    return new DenoRuntimeUnavailableError(
      `Cannot compile the charm binary: ${DENORT_BIN_ENV} is set to ` +
        `${
          JSON.stringify(options.denortBin ?? "")
        }, but deno compile cannot read it (${detail}). ` +
        `Point ${DENORT_BIN_ENV} at the unzipped "denort" executable of Deno ${Deno.version.deno} ` +
        `for ${target} (from the release file denort-${target}.zip) and build that ` +
        `architecture alone (\`${DENORT_BIN_ENV}=/path/to/denort deno task build --arch ${arch}\`), ` +
        `or unset it to let deno compile download it, or build the binary elsewhere and pack it ` +
        `here (\`deno task build --binary PATH --arch ${arch}\`).`,
      target,
      detail,
    );
  }
  if (/Setting up base binary/.test(stderr) || /denort-[a-z0-9_-]+\.zip/.test(stderr)) {
    return new DenoRuntimeUnavailableError(
      `Cannot compile the charm binary: deno compile builds it from the Deno runtime ` +
        `("denort") for ${target}, which it downloads once per Deno version and caches, ` +
        `and that download failed on this machine (${detail}). To build offline, set the ` +
        `${DENORT_BIN_ENV} environment variable, which deno compile reads for a local runtime, ` +
        `to the unzipped "denort" executable of Deno ${Deno.version.deno} for ${target} ` +
        `(from the release file denort-${target}.zip) and build that architecture alone ` +
        `(\`${DENORT_BIN_ENV}=/path/to/denort deno task build --arch ${arch}\`); or build the ` +
        `binary on a machine that can download it and pack it here ` +
        `(\`deno task build --binary PATH --arch ${arch}\`).`,
      target,
      detail,
    );
  }
  return new CompileError(options.code, stderr);
}

/** The architecture whose `deno compile` target is `target`: what `--arch` takes. */
function architectureOf(target: DenoTarget): Architecture {
  const found = (Object.keys(DENO_TARGETS) as Architecture[]).find((arch) =>
    DENO_TARGETS[arch] === target
  );
  if (found === undefined) throw new RangeError(`Unknown deno compile target "${target}"`);
  return found;
}

/** The innermost cause in an anyhow-style report, else the first error line. */
function rootCause(stderr: string): string {
  const text = withoutBacktrace(stderr);
  const causes = [...text.matchAll(/^\s*\d+: (.+)$/gm)].map((m) => m[1]?.trim() ?? "");
  const last = causes.filter((c) => c !== "").at(-1);
  if (last !== undefined) return last.replace(/\.$/, "");
  return summarize(text);
}

function summarize(stderr: string): string {
  const lines = withoutBacktrace(stderr).split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const error = lines.find((l) => l.startsWith("error:"));
  return (error ?? lines.at(-1) ?? "no output").replace(/^error:\s*/, "");
}

function withoutBacktrace(stderr: string): string {
  const at = stderr.indexOf("Stack backtrace:");
  return at === -1 ? stderr : stderr.slice(0, at);
}

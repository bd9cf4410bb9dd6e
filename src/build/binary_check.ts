/**
 * Checking a binary before it is packed as the charm's: its ELF header must
 * name the platform's machine, and where this machine can run it, it must
 * answer `--version` with the charm's name and version and refuse to run
 * outside a hook. A Deno shell compiled from `DENORT_BIN=/usr/bin/deno`, a
 * text file or an executable for another architecture never reaches a `.charm`.
 *
 * @module
 */

import { CHARM_NAME, CHARM_VERSION } from "../main.ts";
import { type Architecture, denoTarget } from "./platforms.ts";

/** The ELF `e_machine` value of each architecture. */
export const ELF_MACHINES = { amd64: 62, arm64: 183 } as const satisfies Record<
  Architecture,
  number
>;

/** What `--version` must print on its one stdout line. */
export const EXPECTED_IDENTITY = `${CHARM_NAME} ${CHARM_VERSION}`;

/** How long the binary may take to answer, in milliseconds. */
export const IDENTITY_TIMEOUT_MS = 10_000;

/** The fields of an ELF header the check reads. */
export interface ElfHeader {
  /** 1 for 32-bit, 2 for 64-bit (`EI_CLASS`). */
  readonly elfClass: number;
  /** 1 for little-endian, 2 for big-endian (`EI_DATA`). */
  readonly byteOrder: number;
  /** `e_type`: 2 executable, 3 position-independent executable or shared object. */
  readonly type: number;
  /** `e_machine`, e.g. 62 for x86-64. */
  readonly machine: number;
}

/** How a run of the binary ended. */
export interface RunResult {
  /** The exit code, or `undefined` when it was killed for taking too long. */
  readonly code: number | undefined;
  /** Its stdout. */
  readonly stdout: string;
  /** Its stderr. */
  readonly stderr: string;
}

/** Runs a binary with arguments, an empty environment (but `PATH`) and no stdin. */
export type RunBinary = (path: string, args: readonly string[]) => Promise<RunResult>;

/** Options for {@link checkCharmBinary}. */
export interface CheckOptions {
  /** The binary. */
  readonly path: string;
  /** The architecture of the platform it is packed for. */
  readonly architecture: Architecture;
  /** The architecture of this machine: the binary is run only when they match. */
  readonly host: Architecture;
  /** Runs it; {@link runBinary} when absent. */
  readonly run?: RunBinary;
}

/** What {@link checkCharmBinary} found in a good binary. */
export interface CheckResult {
  /** `ran`: the header matched and the binary answered; `header`: only the header was read. */
  readonly checked: "ran" | "header";
  /** A line for the build's progress output. */
  readonly summary: string;
}

/** A binary that is not the charm for the platform; the message is one paragraph. */
export class BinaryCheckError extends Error {
  /** The binary. */
  readonly path: string;
  /** The architecture it was to be packed for. */
  readonly architecture: Architecture;
  /** What is wrong, e.g. `it is not an ELF file`. */
  readonly reason: string;

  /**
   * Describe a refused binary.
   *
   * @param path The binary.
   * @param architecture The platform's architecture.
   * @param reason What is wrong with it.
   */
  constructor(path: string, architecture: Architecture, reason: string) {
    super(
      `Cannot pack ${JSON.stringify(path)} as the charm binary for ${architecture}: ${reason}. ` +
        `The charm binary is src/main.ts compiled by deno compile for ${
          denoTarget(architecture)
        }, ` +
        `which prints "${EXPECTED_IDENTITY}" for --version; build.ts compiles it unless ` +
        `--binary is given. A DENORT_BIN that names the "deno" command instead of the ` +
        `"denort" runtime compiles a Deno shell that ignores the charm, and every hook would ` +
        `succeed doing nothing; nothing was packed.`,
    );
    this.name = "BinaryCheckError";
    this.path = path;
    this.architecture = architecture;
    this.reason = reason;
  }
}

/**
 * Read the ELF identification and machine of a file's first bytes.
 *
 * @param bytes At least the first 20 bytes of the file.
 * @returns The header, or `undefined` when the bytes are not an ELF header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readElfHeader } from "./binary_check.ts";
 * const bytes = new Uint8Array(20);
 * bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
 * bytes[16] = 3;
 * bytes[18] = 183;
 * assert.deepEqual(readElfHeader(bytes), { elfClass: 2, byteOrder: 1, type: 3, machine: 183 });
 * assert.equal(readElfHeader(new TextEncoder().encode("#!/bin/sh\n")), undefined);
 * ```
 */
export function readElfHeader(bytes: Uint8Array): ElfHeader | undefined {
  if (bytes.length < 20) return undefined;
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    return undefined;
  }
  const elfClass = bytes[4] ?? 0;
  const byteOrder = bytes[5] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = byteOrder !== 2;
  return {
    elfClass,
    byteOrder,
    type: view.getUint16(16, little),
    machine: view.getUint16(18, little),
  };
}

/**
 * What is wrong with a file's first bytes as the charm binary for an
 * architecture.
 *
 * @param bytes The file's first bytes (64 are plenty).
 * @param architecture The platform's architecture.
 * @returns A reason such as `it is not an ELF file (it starts with "#!/bin/sh")`,
 * or `undefined` when it is a 64-bit little-endian executable for that machine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { elfProblem } from "./binary_check.ts";
 * assert.match(elfProblem(new TextEncoder().encode("# Title\n"), "amd64") ?? "", /not an ELF/);
 * ```
 */
export function elfProblem(bytes: Uint8Array, architecture: Architecture): string | undefined {
  const header = readElfHeader(bytes);
  if (header === undefined) {
    const start = new TextDecoder().decode(bytes.subarray(0, 16));
    return `it is not an ELF file (it starts with ${JSON.stringify(start)})`;
  }
  if (header.elfClass !== 2 || header.byteOrder !== 1) {
    return `it is a ${header.elfClass === 1 ? "32-bit" : "not 64-bit"} or big-endian ELF file ` +
      `(class ${header.elfClass}, data ${header.byteOrder}), not a 64-bit little-endian one`;
  }
  if (header.type !== 2 && header.type !== 3) {
    return `it is an ELF file of type ${header.type}, not an executable (type 2 or 3)`;
  }
  const wanted = ELF_MACHINES[architecture];
  if (header.machine !== wanted) {
    const found = Object.entries(ELF_MACHINES).find(([, m]) => m === header.machine)?.[0];
    return `it is an ELF executable for machine ${header.machine}` +
      `${found === undefined ? "" : ` (${found})`}, not ${wanted} (${architecture})`;
  }
  return undefined;
}

/**
 * What is wrong with the binary's answers to `--version` and to a start with
 * no arguments outside a hook.
 *
 * @param version How `--version` ended.
 * @param bare How a start with no arguments and no Juju variables ended.
 * @returns A reason, or `undefined` when it printed {@link EXPECTED_IDENTITY}
 * with exit 0 and then exited non-zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { identityProblem } from "./binary_check.ts";
 * const deno = { code: 0, stdout: "deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)\n", stderr: "" };
 * assert.match(identityProblem(deno, { code: 0, stdout: "", stderr: "" }) ?? "", /deno 2\.9\.6/);
 * ```
 */
export function identityProblem(version: RunResult, bare: RunResult): string | undefined {
  const quoted = (text: string) => JSON.stringify(text.trim().split("\n")[0]?.slice(0, 120) ?? "");
  if (version.code === undefined) {
    return `it did not answer --version within ${IDENTITY_TIMEOUT_MS / 1000} seconds`;
  }
  if (version.code !== 0 || version.stdout.trim() !== EXPECTED_IDENTITY) {
    return `run with --version it exited with ${version.code} and printed ` +
      `${quoted(version.stdout || version.stderr)}`;
  }
  if (bare.code === undefined) {
    return `run with no arguments outside a hook it did not exit within ` +
      `${IDENTITY_TIMEOUT_MS / 1000} seconds`;
  }
  if (bare.code === 0) {
    return "run with no arguments outside a hook it exited with 0, where the charm exits " +
      "non-zero with an explanation";
  }
  return undefined;
}

/**
 * Check a binary before packing it for a platform: the ELF header always; the
 * answers to `--version` and to a bare start when this machine can run it.
 *
 * @param options The binary, the platform's architecture, this machine's, and a runner.
 * @returns What was checked, with a progress line.
 * @throws {BinaryCheckError} When it is not the charm binary for the platform,
 * or cannot be read or run.
 */
export async function checkCharmBinary(options: CheckOptions): Promise<CheckResult> {
  const { path, architecture } = options;
  let bytes: Uint8Array;
  try {
    using file = await Deno.open(path, { read: true });
    bytes = new Uint8Array(64);
    const read = await file.read(bytes);
    bytes = bytes.subarray(0, read ?? 0);
  } catch (error) {
    throw new BinaryCheckError(path, architecture, `it cannot be read (${describe(error)})`);
  }
  const headerProblem = elfProblem(bytes, architecture);
  if (headerProblem !== undefined) throw new BinaryCheckError(path, architecture, headerProblem);
  if (options.host !== architecture) {
    return {
      checked: "header",
      summary: `an ELF executable for ${architecture} (not run: this machine is ${options.host})`,
    };
  }
  const run = options.run ?? runBinary;
  let version: RunResult;
  let bare: RunResult;
  try {
    version = await run(path, ["--version"]);
    bare = await run(path, []);
  } catch (error) {
    throw new BinaryCheckError(path, architecture, `it cannot be run (${describe(error)})`);
  }
  const problem = identityProblem(version, bare);
  if (problem !== undefined) throw new BinaryCheckError(path, architecture, problem);
  return { checked: "ran", summary: `answers "${EXPECTED_IDENTITY}" on ${architecture}` };
}

/**
 * Run a binary as the check does: arguments, an environment of only
 * `PATH=/usr/bin:/bin` (so no Juju variable), no stdin, killed after
 * {@link IDENTITY_TIMEOUT_MS}.
 *
 * @param path The binary.
 * @param args Its arguments.
 * @returns How it ended.
 * @throws {Deno.errors.PermissionDenied} When it is not executable; other spawn errors likewise.
 */
export async function runBinary(path: string, args: readonly string[]): Promise<RunResult> {
  const child = new Deno.Command(path, {
    args: [...args],
    clearEnv: true,
    env: { PATH: "/usr/bin:/bin" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, IDENTITY_TIMEOUT_MS);
  try {
    const output = await child.output();
    const decoder = new TextDecoder();
    return {
      code: timedOut ? undefined : output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The command line of `deno task build` (`build.ts`): parse the flags, then
 * bundle, compile and pack, or pack a given binary, or stage the tree for
 * charmcraft. The only place of the build that picks an exit code.
 *
 * @module
 */

import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { checkCharmBinary, type RunBinary } from "./binary_check.ts";
import { bundleCharm } from "./bundle.ts";
import { CHARM_BINARY, readCharmSources } from "./charm_files.ts";
import { readCharmcraftYaml } from "./charmcraft_project.ts";
import { compileCharm, DENORT_BIN_ENV } from "./compile.ts";
import { packCharm, stageCharm } from "./pack.ts";
import {
  type Architecture,
  charmPlatforms,
  denoTarget,
  hostArchitecture,
  isArchitecture,
} from "./platforms.ts";
import { lastGitCommitTime, sourceDate } from "./source_date.ts";

/** Exit code for bad arguments, as for Juju's tools and most Unix commands. */
export const USAGE_EXIT_CODE = 2;

/** Where the bundle goes, relative to the repository root. */
export const BUNDLE_PATH = ".build/backup-integrator.js";

/**
 * Where the binary compiled for this machine's architecture goes, relative to
 * the repository root; one for another architecture goes to
 * `bin/<arch>/backup-integrator` (see {@link binaryPath}). The same path as
 * the binary's inside a charm.
 */
export const BINARY_PATH: string = CHARM_BINARY;

/** The default output directory for `.charm` files, relative to the repository root. */
export const DEFAULT_OUT_DIR = "dist";

/** The variable charmcraft sets to the architecture a part builds for. */
export const CRAFT_ARCH_ENV = "CRAFT_ARCH_BUILD_FOR";

/** The help text of `--help`. */
export const HELP_TEXT =
  `Usage: deno task build [--out DIR | --stage DIR] [--arch ARCH] [--binary PATH]

Build the backup-integrator charm: bundle src/main.ts into ${BUNDLE_PATH}
(deno bundle --minify), compile the bundle for each architecture of
charmcraft.yaml (deno compile, with the permission flags of src/permissions.ts)
into ${BINARY_PATH} for this machine's and bin/<arch>/backup-integrator for
another, check each binary, and pack one backup-integrator_<base>-<arch>.charm
per platform. The check reads the ELF header, which must name the platform's
machine; where this machine can run the binary, it must also print
"backup-integrator <version>" for --version and exit non-zero outside a hook.

Options:
  --out DIR      Write the .charm files into DIR (default: ${DEFAULT_OUT_DIR} in the repository).
  --arch ARCH    Build only the platforms of ARCH (amd64 or arm64).
  --binary PATH  Pack PATH, a binary built elsewhere, instead of bundling and compiling;
                 checked like a compiled one. Needs --arch when charmcraft.yaml has
                 platforms of two architectures.
  --stage DIR    Write the unpacked charm tree (dispatch, ${BINARY_PATH}, README.md,
                 LICENSE) into DIR and do not zip; for charmcraft pack, which adds
                 metadata.yaml, config.yaml, actions.yaml and manifest.yaml itself.
  -h, --help     Show this help.

Relative paths (DIR, PATH, DENORT_BIN) start from the directory you ran deno task
build in, as they do for deno task simulate.

Environment:
  ${DENORT_BIN_ENV}             A local Deno runtime (denort) for deno compile, to build offline.
  SOURCE_DATE_EPOCH      The build date written into the charm, in seconds (default: the
                         last git commit's time), so that builds are reproducible.
  ${CRAFT_ARCH_ENV}   With --stage: the architecture to compile for (default: this machine's).
`;

/** Options for {@link runBuild}. */
export interface RunBuildOptions {
  /** The command-line arguments, without the program name. */
  readonly args: readonly string[];
  /** The repository root (where `charmcraft.yaml` is). */
  readonly root: string;
  /**
   * The directory relative paths on the command line (`--out`, `--binary`,
   * `--stage`) and in `DENORT_BIN` start from: where the user ran
   * `deno task build` (`INIT_CWD`), not the repository root `deno task`
   * runs in. `Deno.cwd()` when absent.
   */
  readonly cwd?: string;
  /** The environment variables the build reads (see {@link HELP_TEXT}). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where progress lines and the help go. */
  readonly writeOut: (line: string) => void;
  /** Where the one-line or one-paragraph error goes. */
  readonly writeError: (line: string) => void;
  /** For tests: this machine's architecture instead of `Deno.build.arch`'s. */
  readonly host?: Architecture;
  /** For tests: runs a binary for the check instead of spawning it. */
  readonly runBinary?: RunBinary;
  /** For tests: compiles instead of `compileCharm()` (`deno compile`). */
  readonly compile?: typeof compileCharm;
}

interface Flags {
  readonly out: string | undefined;
  readonly arch: Architecture | undefined;
  readonly binary: string | undefined;
  readonly stage: string | undefined;
  readonly help: boolean;
}

/**
 * Run the build's command line.
 *
 * @param options Arguments, repository root, environment and output sinks.
 * @returns The exit code: 0 when done (or for `--help`), {@link USAGE_EXIT_CODE}
 * for bad arguments, 1 when the build failed. A failure is reported as its
 * message only, never a stack trace.
 */
export async function runBuild(options: RunBuildOptions): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(options.args);
  } catch (error) {
    options.writeError(`${error instanceof Error ? error.message : String(error)}`);
    return USAGE_EXIT_CODE;
  }
  if (flags.help) {
    options.writeOut(HELP_TEXT.trimEnd());
    return 0;
  }
  try {
    await build(flags, options);
    return 0;
  } catch (error) {
    options.writeError(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

function parseFlags(args: readonly string[]): Flags {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        out: { type: "string" },
        arch: { type: "string" },
        binary: { type: "string" },
        stage: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TypeError(usageMessage(error));
  }
  if (values.out !== undefined && values.stage !== undefined) {
    throw new TypeError('Cannot use "--out" with "--stage": see --help');
  }
  for (const name of ["out", "arch", "binary", "stage"] as const) {
    if (values[name] === "") throw new TypeError(`Option "--${name}" needs a value: see --help`);
  }
  if (values.arch !== undefined && !isArchitecture(values.arch)) {
    throw new TypeError(`Option "--arch" is "${values.arch}", not amd64 or arm64: see --help`);
  }
  if (values.arch !== undefined && values.stage !== undefined) {
    throw new TypeError(
      `Cannot use "--arch" with "--stage" (it reads ${CRAFT_ARCH_ENV}): see --help`,
    );
  }
  return {
    out: values.out,
    arch: values.arch,
    binary: values.binary,
    stage: values.stage,
    help: values.help ?? false,
  };
}

function usageMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown !== null) return `Unknown option "${unknown[1]}": see --help`;
  const positional = /^Unexpected argument '([^']*)'/.exec(message);
  if (positional !== null) return `Unexpected argument "${positional[1]}": see --help`;
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
  if (missing !== null) return `Option "${missing[1]}" needs a value: see --help`;
  const extra = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (extra !== null) return `Option "${extra[1]}" takes no value: see --help`;
  return `${message.split("\n")[0]}: see --help`;
}

async function build(flags: Flags, options: RunBuildOptions): Promise<void> {
  const { root, env, writeOut } = options;
  const cwd = options.cwd ?? Deno.cwd();
  const show = (path: string) => relative(cwd, path) || ".";
  const denortBin = env[DENORT_BIN_ENV] ? resolve(cwd, env[DENORT_BIN_ENV]) : undefined;
  const project = await readCharmcraftYaml(join(root, "charmcraft.yaml"));
  const host = options.host ?? hostArchitecture();
  const platforms = charmPlatforms(project).filter((p) =>
    flags.arch === undefined || p.architecture === flags.arch
  );
  if (platforms.length === 0) {
    throw new RangeError(
      `Cannot build for --arch "${flags.arch}": charmcraft.yaml has no platform for it`,
    );
  }

  let bundle: string | undefined;
  const binaryFor = async (architecture: Architecture): Promise<string> => {
    let binary: string;
    if (flags.binary !== undefined) {
      binary = resolve(cwd, flags.binary);
    } else {
      if (bundle === undefined) {
        bundle = await bundleCharm({ outFile: join(root, BUNDLE_PATH) });
        writeOut(
          `Bundled src/main.ts into ${show(bundle)} (${size((await Deno.stat(bundle)).size)})`,
        );
      }
      const target = denoTarget(architecture);
      binary = await (options.compile ?? compileCharm)({
        bundle,
        outFile: join(root, binaryPath(architecture, host)),
        target,
        denortBin,
      });
      writeOut(`Compiled ${show(binary)} for ${target} (${size((await Deno.stat(binary)).size)})`);
    }
    const checked = await checkCharmBinary({
      path: binary,
      architecture,
      host,
      ...(options.runBinary === undefined ? {} : { run: options.runBinary }),
    });
    writeOut(`Checked ${show(binary)}: ${checked.summary}`);
    return binary;
  };

  if (flags.stage !== undefined) {
    const architecture = stageArchitecture(env[CRAFT_ARCH_ENV], host);
    const binary = await binaryFor(architecture);
    const dir = resolve(cwd, flags.stage);
    await stageCharm({ sources: await readCharmSources({ root, binary }), dir });
    writeOut(`Staged the charm tree for ${architecture} in ${show(dir)}`);
    return;
  }

  const architectures = [...new Set(platforms.map((p) => p.architecture))];
  const oneExecutable = flags.binary !== undefined
    ? "--binary"
    : env[DENORT_BIN_ENV] && DENORT_BIN_ENV;
  if (architectures.length > 1 && oneExecutable) {
    throw new RangeError(
      `Cannot pack for ${architectures.map((a) => `"${a}"`).join(" and ")} with ` +
        `${oneExecutable}: it names one executable, for one architecture; add --arch`,
    );
  }
  const date = sourceDate({
    sourceDateEpoch: env["SOURCE_DATE_EPOCH"],
    lastCommitTime: await lastGitCommitTime(root),
  });
  const outDir = flags.out === undefined ? join(root, DEFAULT_OUT_DIR) : resolve(cwd, flags.out);
  for (const architecture of architectures) {
    const sources = await readCharmSources({ root, binary: await binaryFor(architecture) });
    for (const platform of platforms.filter((p) => p.architecture === architecture)) {
      const path = await packCharm({ project, platform, sources, outDir, sourceDate: date });
      writeOut(`Packed ${show(path)} (${size((await Deno.stat(path)).size)})`);
    }
  }
}

/**
 * Where the binary for an architecture is compiled, relative to the repository root.
 *
 * @param architecture The architecture compiled for.
 * @param host This machine's architecture.
 * @returns {@link BINARY_PATH} for the host's, `bin/<arch>/backup-integrator` otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryPath } from "./cli.ts";
 * assert.equal(binaryPath("arm64", "amd64"), "bin/arm64/backup-integrator");
 * ```
 */
export function binaryPath(architecture: Architecture, host: Architecture): string {
  return architecture === host ? BINARY_PATH : `bin/${architecture}/backup-integrator`;
}

function stageArchitecture(value: string | undefined, host: Architecture): Architecture {
  if (value === undefined || value === "") return host;
  if (!isArchitecture(value)) {
    throw new RangeError(`Cannot stage for ${CRAFT_ARCH_ENV}="${value}": not amd64 or arm64`);
  }
  return value;
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

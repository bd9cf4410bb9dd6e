/**
 * The files the end-to-end harness lays out in its temporary directory: the
 * charm directory (the repository's `dispatch`, and as the charm's binary
 * either a launcher that runs a program under the production permission
 * flags, or a link to a compiled binary) and one executable per fake hook
 * tool, each running `tool_main.ts`.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { CHARM_BINARY } from "../../src/build/charm_files.ts";
import { permissionFlags } from "../../src/permissions.ts";
import { shellQuote, writeShellScript } from "./shell_script.ts";
import { FAKE_TOOLS } from "./tool_dispatch.ts";
import { STATE_ENV } from "./tool_main.ts";

/** The repository root, without a trailing slash. */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);

/** How the charm's binary runs: a program through `deno run`, or a compiled executable. */
export interface CharmProgram {
  /** The program `deno run` starts, an absolute path; `<repo>/src/main.ts` when absent. */
  readonly entry?: string;
  /**
   * The `deno run` flags before the permission flags;
   * `["--quiet", "--no-lock", "--config", "<repo>/deno.json"]` when absent.
   */
  readonly runtimeArgs?: readonly string[];
  /** A compiled charm executable, an absolute path: linked in place of the launcher. */
  readonly binary?: string;
  /**
   * Whether the binary notes each start (see {@link CharmLayout.startMarker}),
   * so a test can tell a hook `dispatch` ended from one the charm ignored.
   * Off for the benchmark, whose compiled binary is linked, not wrapped.
   */
  readonly recordStarts?: boolean;
}

/** Where {@link layOutCharm} puts things. */
export interface CharmLayout {
  /** The charm directory: `dispatch` and `bin/backup-integrator`. */
  readonly charmDir: string;
  /** The directory of the fake hook tools. */
  readonly toolsDir: string;
  /** The base directory the launcher's permission flags name. */
  readonly optDir: string;
  /** The model's state file, which the fake tools' launchers name (`FAKE_JUJU_STATE`). */
  readonly statePath: string;
  /** The file the binary creates when it starts, with {@link CharmProgram.recordStarts}. */
  readonly startMarker: string;
}

/**
 * Write the charm directory and the tools directory (both must not exist).
 *
 * @param layout Where to put them, and the base directory.
 * @param program How the charm's binary runs.
 * @throws {Error} When `deno info` fails or a file cannot be written.
 */
export async function layOutCharm(layout: CharmLayout, program: CharmProgram): Promise<void> {
  const denoDir = await findDenoDir();
  const deno = Deno.execPath();
  const config = `${REPO_ROOT}/deno.json`;
  const binary = `${layout.charmDir}/${CHARM_BINARY}`;
  await Deno.mkdir(binary.slice(0, binary.lastIndexOf("/")), { recursive: true });
  await Deno.mkdir(layout.toolsDir);
  await Deno.copyFile(`${REPO_ROOT}/dispatch`, `${layout.charmDir}/dispatch`);
  await Deno.chmod(`${layout.charmDir}/dispatch`, 0o755);
  const marker = program.recordStarts === true ? { marker: layout.startMarker } : {};
  if (program.binary === undefined) {
    await writeLauncher(binary, denoDir, [
      deno,
      "run",
      ...(program.runtimeArgs ?? ["--quiet", "--no-lock", "--config", config]),
      ...permissionFlags({ optDir: layout.optDir }),
      program.entry ?? `${REPO_ROOT}/src/main.ts`,
    ], marker);
  } else if (program.recordStarts === true) {
    await writeLauncher(binary, denoDir, [program.binary], marker);
  } else {
    await Deno.symlink(program.binary, binary);
  }
  const toolMain = fileURLToPath(new URL("./tool_main.ts", import.meta.url));
  for (const tool of FAKE_TOOLS) {
    await writeLauncher(`${layout.toolsDir}/${tool}`, denoDir, [
      deno,
      "run",
      "--quiet",
      "--no-lock",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--config",
      config,
      toolMain,
      tool,
    ], { env: { [STATE_ENV]: layout.statePath } });
  }
}

/**
 * Write a script that sets `DENO_DIR` (and `options.env`), creates
 * `options.marker` when given, and `exec`s a command with its arguments.
 */
function writeLauncher(
  path: string,
  denoDir: string,
  command: readonly string[],
  options: { env?: Readonly<Record<string, string>>; marker?: string } = {},
): Promise<void> {
  return writeShellScript(path, [
    "# Written by tests/fake_juju/charm_layout.ts. Juju gives hooks no HOME, so name Deno's cache.",
    ...Object.entries({ DENO_DIR: denoDir, ...options.env }).flatMap(([name, value]) => [
      `${name}=${shellQuote(value)}`,
      `export ${name}`,
    ]),
    ...(options.marker === undefined ? [] : [`: > ${shellQuote(options.marker)}`]),
    `exec ${command.map(shellQuote).join(" ")} "$@"`,
  ]);
}

/**
 * Deno's cache directory, which a script run by a hook must name: the hook has no `HOME`.
 *
 * @returns The directory `deno info` reports.
 * @throws {Error} When `deno info --json` fails or names none.
 */
export async function findDenoDir(): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  const info: unknown = output.success ? JSON.parse(text) : undefined;
  const denoDir = typeof info === "object" && info !== null && "denoDir" in info
    ? info.denoDir
    : undefined;
  if (typeof denoDir !== "string" || denoDir === "") {
    throw new Error(
      `Cannot find Deno's cache directory: deno info --json: ${
        new TextDecoder().decode(output.stderr).trim() || text.slice(0, 200)
      }`,
    );
  }
  return denoDir;
}

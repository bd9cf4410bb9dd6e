/**
 * Which charm program the benchmark runs, and the floor it is compared with:
 * the compiled binary when there is one, else the bundle the binary would
 * contain, run by `deno run` with the binary's flags; and an empty program
 * started the same way.
 *
 * @module
 */

import { resolve } from "node:path";
import { unzipSync } from "fflate";
import { bundleCharm } from "../../src/build/bundle.ts";
import { CHARM_BINARY } from "../../src/build/charm_files.ts";
import { DEFAULT_OPT_DIR } from "../../src/charm/paths.ts";
import { permissionFlags } from "../../src/permissions.ts";
import type { CaseProgram } from "./bench_cases.ts";

/** Where `deno task build` leaves the packed charms. */
export const DIST_DIR = "dist";

/**
 * The `deno run` flags that start the bundle as the binary starts it: no
 * config file (the bundle has no imports left); the permission flags follow.
 */
export const BUNDLE_RUNTIME_ARGS: readonly string[] = ["--no-config"];

/** A way of starting a program, and what to call it. */
export interface Launch {
  /** The launcher options of the fake Juju. */
  readonly program: CaseProgram;
  /** In words, for the report. */
  readonly how: string;
}

/** The charm program and its floor. */
export interface BenchProgram {
  /** `binary`: a compiled executable; `bundle`: the bundle through `deno run`. */
  readonly kind: "binary" | "bundle";
  /** The executable or the bundle. */
  readonly path: string;
  /** How the charm starts. */
  readonly charm: Launch;
  /** How the empty program starts: the same way when possible. */
  readonly empty: Launch;
  /** Why the empty program does not start quite the same way, when it does not. */
  readonly note?: string;
  /** Whether the cases share one base directory (a binary's is compiled in). */
  readonly sharedOptDir: boolean;
  /**
   * Where the program came from: `--binary`, `bin/backup-integrator`, a
   * `.charm` in `dist/`, `--bundle`, or the bundle of `src/main.ts`.
   */
  readonly source: "--binary" | "bin" | "dist" | "--bundle" | "src";
}

/** Options for {@link selectProgram}. */
export interface SelectProgramOptions {
  /** The repository root. */
  readonly root: string;
  /** A scratch directory for the bundle, the empty program and an extracted binary. */
  readonly workDir: string;
  /** `--binary PATH`, when given. */
  readonly binary?: string | undefined;
  /** `--bundle PATH`, when given: a bundle to run instead of bundling `src/main.ts`. */
  readonly bundle?: string | undefined;
}

/**
 * Pick the program: `--binary PATH`, else `--bundle PATH`, else
 * `bin/backup-integrator`, else the binary inside this machine's `.charm` in
 * `dist/`, else the bundle of `src/main.ts`.
 *
 * @param options The repository, a scratch directory and `--binary`.
 * @returns The program and its floor.
 * @throws {Error} When `--binary` names no executable file, or bundling fails.
 */
export async function selectProgram(options: SelectProgramOptions): Promise<BenchProgram> {
  const empty = `${options.workDir}/empty.js`;
  await Deno.writeTextFile(empty, "");
  const found = options.binary === undefined && options.bundle === undefined
    ? await findBinary(options)
    : undefined;
  const binary = options.binary ?? found?.path;
  if (binary === undefined) {
    const bundle = options.bundle === undefined
      ? await bundleCharm({ outFile: `${options.workDir}/backup-integrator.js` })
      : resolve(options.bundle);
    const how = `deno run ${BUNDLE_RUNTIME_ARGS.join(" ")} <permission flags>`;
    return {
      kind: "bundle",
      path: bundle,
      charm: {
        program: { entry: bundle, runtimeArgs: BUNDLE_RUNTIME_ARGS },
        how: options.bundle === undefined
          ? `the bundle the binary would contain (${bundle}), through ${how}`
          : `the bundle ${bundle} (--bundle), through ${how}`,
      },
      empty: {
        program: { entry: empty, runtimeArgs: BUNDLE_RUNTIME_ARGS },
        how: `an empty file through ${how}`,
      },
      sharedOptDir: false,
      source: options.bundle === undefined ? "src" : "--bundle",
    };
  }
  const info = await Deno.stat(binary).catch(() => undefined);
  if (info === undefined || !info.isFile || ((info.mode ?? 0) & 0o111) === 0) {
    throw new Error(`Cannot run the binary "${binary}": it is not an executable file`);
  }
  const charm: Launch = {
    program: { binary, optDir: DEFAULT_OPT_DIR },
    how: options.binary !== undefined
      ? `the binary ${binary} (--binary)`
      : found?.from === "dist"
      ? `the binary inside ${DIST_DIR}/${found.charm}, extracted to ${binary}`
      : `the compiled binary ${binary}`,
  };
  const source = options.binary !== undefined ? "--binary" : found?.from ?? "bin";
  const compiled = await compileEmpty(empty, `${options.workDir}/empty-binary`);
  if (compiled.ok) {
    return {
      kind: "binary",
      path: binary,
      charm,
      empty: { program: { binary: compiled.path }, how: "an empty file compiled the same way" },
      sharedOptDir: true,
      source,
    };
  }
  return {
    kind: "binary",
    path: binary,
    charm,
    empty: {
      program: { entry: empty, runtimeArgs: BUNDLE_RUNTIME_ARGS },
      how: `an empty file through deno run ${BUNDLE_RUNTIME_ARGS.join(" ")} <permission flags>`,
    },
    note: `an empty program could not be compiled here (${compiled.reason}), so the floor is ` +
      "deno run of an empty file, which starts a little slower than a compiled binary",
    sharedOptDir: true,
    source,
  };
}

/**
 * Why a binary may not act as the charm, and what to do, for a failure of
 * the charm's cases: a binary packed with `deno task build --binary` may be a
 * stand-in that only answers `--version` (the build's check), and the bench
 * finds it in `dist/` as it finds the real one.
 *
 * @param program The program the bench ran.
 * @returns A sentence to add to the failure; empty for the bundle of `src/main.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notTheCharmHint } from "./bench_program.ts";
 * const hint = notTheCharmHint({ kind: "binary", source: "dist", charm: { how: "the binary inside dist/x.charm" } });
 * assert.match(hint, /stand-in/);
 * ```
 */
export function notTheCharmHint(
  program: Pick<BenchProgram, "kind" | "source"> & { readonly charm: Pick<Launch, "how"> },
): string {
  if (program.kind === "bundle") {
    return program.source === "--bundle"
      ? ` The program is ${program.charm.how}: is it a bundle of this charm's src/main.ts?`
      : "";
  }
  const rebuild = `deno task build where Deno's runtime can be downloaded, or offline ` +
    `DENORT_BIN=/path/to/denort deno task build --arch ${charmArchitecture()} ` +
    `(docs/building.md)`;
  const where = program.source === "dist"
    ? `it was found in ${DIST_DIR}/, where "deno task build --binary PATH" packs whatever PATH ` +
      `is, a stand-in too. To measure the charm's binary, pack the real one (${rebuild}), or ` +
      `give deno task bench --binary the real binary; to measure the source instead, remove ` +
      `${DIST_DIR}/`
    : program.source === "bin"
    ? `compile ${CHARM_BINARY} again (${rebuild}), or delete it to measure the bundle of ` +
      `src/main.ts instead`
    : "give --binary the binary deno task build compiled, or leave --binary out";
  return ` The program is ${program.charm.how}, which does not act as this charm: a stand-in ` +
    `(a program that only answers --version, as the offline build's check asks) or a binary ` +
    `built from other sources cannot be measured; ${where}`;
}

/** This machine's architecture as charm file names spell it. */
function charmArchitecture(): string {
  return Deno.build.arch === "aarch64" ? "arm64" : "amd64";
}

async function findBinary(
  options: SelectProgramOptions,
): Promise<
  { path: string; from: "bin" } | { path: string; from: "dist"; charm: string } | undefined
> {
  const built = `${options.root}/${CHARM_BINARY}`;
  if (await isElf(built)) return { path: built, from: "bin" };
  const dist = `${options.root}/${DIST_DIR}`;
  const charms: string[] = [];
  try {
    for await (const entry of Deno.readDir(dist)) {
      if (entry.isFile && entry.name.endsWith(`-${charmArchitecture()}.charm`)) {
        charms.push(entry.name);
      }
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  for (const name of charms.sort()) {
    const files = unzipSync(await Deno.readFile(`${dist}/${name}`), {
      filter: (file) => file.name === CHARM_BINARY,
    });
    const data = files[CHARM_BINARY];
    if (data === undefined || !startsWithElf(data)) continue;
    const path = `${options.workDir}/${name}.backup-integrator`;
    await Deno.writeFile(path, data, { mode: 0o755 });
    await Deno.chmod(path, 0o755);
    return { path, from: "dist", charm: name };
  }
  return undefined;
}

async function isElf(path: string): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch {
    return false;
  }
  try {
    const head = new Uint8Array(4);
    return (await file.read(head)) === 4 && startsWithElf(head);
  } finally {
    file.close();
  }
}

function startsWithElf(data: Uint8Array): boolean {
  return data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46;
}

async function compileEmpty(
  source: string,
  outFile: string,
): Promise<{ ok: true; path: string } | { ok: false; reason: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "compile",
      "--quiet",
      "--no-config",
      ...permissionFlags(),
      `--output=${outFile}`,
      source,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(180_000),
  }).output().catch((error: unknown) => ({ code: -1, stderr: String(error) }));
  if (output.code === 0) return { ok: true, path: outFile };
  const stderr = typeof output.stderr === "string"
    ? output.stderr
    : new TextDecoder().decode(output.stderr);
  const causes = [...stderr.matchAll(/^\s*\d+: (.+)$/gm)].map((match) => match[1] ?? "");
  const reason = causes.at(-1) ?? stderr.split("\n").find((line) => line.trim() !== "") ?? "";
  return { ok: false, reason: `deno compile: ${reason.trim() || `exit ${output.code}`}` };
}

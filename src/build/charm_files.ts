/**
 * What goes into a `.charm`: the files from the repository, the binary, and
 * the YAML files Juju reads, each with its mode.
 *
 * @module
 */

import { join } from "node:path";
import { charmActions } from "./actions_yaml.ts";
import type { CharmcraftProject } from "./charmcraft_project.ts";
import { charmConfig } from "./config_yaml.ts";
import { charmManifest } from "./manifest_yaml.ts";
import { charmMetadata } from "./metadata_yaml.ts";
import type { CharmPlatform } from "./platforms.ts";
import { renderYaml } from "./render_yaml.ts";
import type { CharmFile } from "./zip_archive.ts";

/** Where the compiled program sits in a charm; `dispatch` execs it. */
export const CHARM_BINARY = "bin/backup-integrator";

/** The mode of `dispatch` and the binary. */
export const EXECUTABLE_MODE = 0o755;

/** The mode of every other file. */
export const DATA_MODE = 0o644;

/** The bytes of the files a charm ships besides the generated YAML. */
export interface CharmSources {
  /** The `dispatch` script. */
  readonly dispatch: Uint8Array;
  /** The compiled program. */
  readonly binary: Uint8Array;
  /** `README.md`. */
  readonly readme: Uint8Array;
  /** `LICENSE`. */
  readonly license: Uint8Array;
}

/** Options for {@link readCharmSources}. */
export interface ReadSourcesOptions {
  /** The repository root, holding `dispatch`, `README.md` and `LICENSE`. */
  readonly root: string;
  /** The compiled program's path. */
  readonly binary: string;
}

/** Options for {@link charmFiles}. */
export interface CharmFilesOptions {
  /** The checked project. */
  readonly project: CharmcraftProject;
  /** The platform the charm is for. */
  readonly platform: CharmPlatform;
  /** The repository files and the binary. */
  readonly sources: CharmSources;
  /** The build date written into `manifest.yaml`. */
  readonly startedAt: Date;
}

/**
 * Read the files a charm ships.
 *
 * @param options The repository root and the binary's path.
 * @returns Their bytes.
 * @throws {Error} Naming the file, when one cannot be read.
 */
export async function readCharmSources(options: ReadSourcesOptions): Promise<CharmSources> {
  return {
    dispatch: await readNamed("dispatch", join(options.root, "dispatch")),
    binary: await readNamed("the charm binary", options.binary),
    readme: await readNamed("README.md", join(options.root, "README.md")),
    license: await readNamed("LICENSE", join(options.root, "LICENSE")),
  };
}

/**
 * The files of the unpacked charm tree that charmcraft packs around its own
 * YAML: `dispatch` and the binary (0755), `README.md` and `LICENSE` (0644).
 *
 * @param sources Their bytes.
 * @returns The files, in no particular order.
 */
export function payloadFiles(sources: CharmSources): CharmFile[] {
  return [
    { path: "dispatch", data: sources.dispatch, mode: EXECUTABLE_MODE },
    { path: CHARM_BINARY, data: sources.binary, mode: EXECUTABLE_MODE },
    { path: "README.md", data: sources.readme, mode: DATA_MODE },
    { path: "LICENSE", data: sources.license, mode: DATA_MODE },
  ];
}

/**
 * Every file of one platform's `.charm`: {@link payloadFiles} plus
 * `metadata.yaml`, `manifest.yaml`, `config.yaml` when there are options, and
 * `actions.yaml` when there are actions.
 *
 * @param options The project, the platform, the sources and the build date.
 * @returns The files, in no particular order.
 */
export function charmFiles(options: CharmFilesOptions): CharmFile[] {
  const encoder = new TextEncoder();
  const yamlFile = (path: string, value: unknown): CharmFile => ({
    path,
    data: encoder.encode(renderYaml(value)),
    mode: DATA_MODE,
  });
  const files = [
    ...payloadFiles(options.sources),
    yamlFile("metadata.yaml", charmMetadata(options.project)),
    yamlFile(
      "manifest.yaml",
      charmManifest({ platform: options.platform, startedAt: options.startedAt }),
    ),
  ];
  const config = charmConfig(options.project);
  if (config !== undefined) files.push(yamlFile("config.yaml", config));
  const actions = charmActions(options.project);
  if (actions !== undefined) files.push(yamlFile("actions.yaml", actions));
  return files;
}

async function readNamed(what: string, path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot read ${what} "${path}": ${reason}`, { cause: error });
  }
}

/**
 * Packing: one `.charm` per platform, or the unpacked tree for charmcraft.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { charmFiles, type CharmSources, payloadFiles } from "./charm_files.ts";
import type { CharmcraftProject } from "./charmcraft_project.ts";
import { charmFileName, type CharmPlatform } from "./platforms.ts";
import { zipArchive, zipTime } from "./zip_archive.ts";

/** Options for {@link packCharm}. */
export interface PackOptions {
  /** The checked project. */
  readonly project: CharmcraftProject;
  /** The platform to pack for. */
  readonly platform: CharmPlatform;
  /** The repository files and the binary for the platform's architecture. */
  readonly sources: CharmSources;
  /** The directory the `.charm` goes into; created when missing. */
  readonly outDir: string;
  /** The build date (see `sourceDate()`): `charmcraft-started-at` and every entry's time. */
  readonly sourceDate: Date;
}

/** Options for {@link stageCharm}. */
export interface StageOptions {
  /** The repository files and the binary. */
  readonly sources: CharmSources;
  /** The directory to write the tree into; created when missing. */
  readonly dir: string;
}

/**
 * Write one platform's `.charm`, named as charmcraft names it.
 *
 * @param options The project, platform, sources, output directory and date.
 * @returns The path of the file written.
 */
export async function packCharm(options: PackOptions): Promise<string> {
  const archive = zipArchive(
    charmFiles({
      project: options.project,
      platform: options.platform,
      sources: options.sources,
      startedAt: options.sourceDate,
    }),
    { mtime: zipTime(options.sourceDate) },
  );
  await Deno.mkdir(options.outDir, { recursive: true });
  const path = join(options.outDir, charmFileName(options.project.name, options.platform));
  await Deno.writeFile(path, archive);
  return path;
}

/**
 * Write the unpacked charm tree (`dispatch`, the binary, `README.md`,
 * `LICENSE`, with their modes) for `charmcraft pack`, which adds the YAML
 * files itself and zips. Existing files are replaced; nothing else is removed.
 *
 * @param options The sources and the directory.
 * @returns The paths written.
 */
export async function stageCharm(options: StageOptions): Promise<string[]> {
  const written: string[] = [];
  for (const file of payloadFiles(options.sources)) {
    const path = join(options.dir, file.path);
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeFile(path, file.data);
    await Deno.chmod(path, file.mode);
    written.push(path);
  }
  return written;
}

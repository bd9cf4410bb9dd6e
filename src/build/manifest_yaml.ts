/**
 * `manifest.yaml`: the bases and architectures a `.charm` runs on, which
 * Juju checks at deploy time, plus what charmcraft records about the build.
 *
 * @module
 */

import type { CharmPlatform } from "./platforms.ts";

/** One entry of `bases:`. */
export interface ManifestBase {
  /** The OS, e.g. `ubuntu`. */
  readonly name: string;
  /** The release as a string (`'24.04'`); Juju rejects a number. */
  readonly channel: string;
  /** The architectures, e.g. `["amd64"]`. */
  readonly architectures: readonly string[];
}

/** The content of `manifest.yaml`. */
export interface CharmManifest {
  /** When the build started, ISO 8601 in UTC. */
  readonly "charmcraft-started-at": string;
  /** Where the charm runs. */
  readonly bases: readonly ManifestBase[];
  /** charmcraft's analysis block: the attributes its checkers found. */
  readonly analysis: {
    readonly attributes: readonly { readonly name: string; readonly result: string }[];
  };
}

/** Options for {@link charmManifest}. */
export interface ManifestOptions {
  /** The platform the `.charm` is for. */
  readonly platform: CharmPlatform;
  /** The build's fixed date (see `source_date.ts`), for reproducible output. */
  readonly startedAt: Date;
}

/**
 * Build `manifest.yaml` for one platform.
 *
 * There is no `charmcraft-version`: charmcraft did not build this file. The
 * `analysis` attributes are what charmcraft's `language` and `framework`
 * checkers report for a charm that is neither Python nor ops: `unknown`.
 *
 * @param options The platform and the build date.
 * @returns The manifest, ready for `renderYaml()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { charmManifest } from "./manifest_yaml.ts";
 * const manifest = charmManifest({
 *   platform: {
 *     key: "ubuntu@24.04:amd64",
 *     base: { name: "ubuntu", channel: "24.04" },
 *     architecture: "amd64",
 *   },
 *   startedAt: new Date(0),
 * });
 * assert.ok(manifest.bases[0]?.channel === "24.04");
 * ```
 */
export function charmManifest(options: ManifestOptions): CharmManifest {
  const { platform } = options;
  return {
    "charmcraft-started-at": options.startedAt.toISOString(),
    bases: [{
      name: platform.base.name,
      channel: platform.base.channel,
      architectures: [platform.architecture],
    }],
    analysis: {
      attributes: [
        { name: "language", result: "unknown" },
        { name: "framework", result: "unknown" },
      ],
    },
  };
}

/**
 * The platforms of `charmcraft.yaml`: which base and architecture each
 * `.charm` is for, its file name, and the `deno compile` target that runs
 * there.
 *
 * @module
 */

import type { CharmcraftProject } from "./charmcraft_project.ts";

/** The Debian architecture names the build can compile for, with their `deno compile` targets. */
export const DENO_TARGETS = {
  amd64: "x86_64-unknown-linux-gnu",
  arm64: "aarch64-unknown-linux-gnu",
} as const;

/** An architecture in {@link DENO_TARGETS}. */
export type Architecture = keyof typeof DENO_TARGETS;

/** A `deno compile` target in {@link DENO_TARGETS}. */
export type DenoTarget = typeof DENO_TARGETS[Architecture];

/** An operating system base, as Juju names it in `manifest.yaml`. */
export interface CharmBase {
  /** The OS, e.g. `ubuntu`. */
  readonly name: string;
  /** The release, always a string, e.g. `24.04`. */
  readonly channel: string;
}

/** One platform: one `.charm` file. */
export interface CharmPlatform {
  /** The key in `charmcraft.yaml`, e.g. `ubuntu@24.04:amd64`. */
  readonly key: string;
  /** The base the charm runs on. */
  readonly base: CharmBase;
  /** The architecture the charm runs on. */
  readonly architecture: Architecture;
}

/**
 * The platforms of a project, in the order `charmcraft.yaml` lists them.
 *
 * A key is either `<base>:<arch>` (`ubuntu@24.04:amd64`) with no value, a bare
 * architecture with a top-level `base:`, or any name whose value has one
 * `build-for: <base>:<arch>` entry.
 *
 * @param project The checked project.
 * @returns One entry per platform.
 * @throws {RangeError} When a platform names no base, or an architecture
 * `deno compile` cannot target.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { charmPlatforms } from "./platforms.ts";
 * import { parseCharmcraftYaml } from "./charmcraft_project.ts";
 * const project = parseCharmcraftYaml(
 *   "type: charm\nname: demo\nsummary: s\ndescription: d\nplatforms:\n  ubuntu@24.04:amd64:\n",
 * );
 * const [platform] = charmPlatforms(project);
 * assert.ok(platform?.base.channel === "24.04" && platform.architecture === "amd64");
 * ```
 */
export function charmPlatforms(project: CharmcraftProject): CharmPlatform[] {
  return Object.entries(project.platforms).map(([key, value]) => {
    if (value === null) {
      const [base, arch] = key.includes(":") ? splitOnce(key, ":") : [project.base, key];
      return platformOf(key, base, arch);
    }
    const buildFor = Array.isArray(value["build-for"]) ? value["build-for"][0] : value["build-for"];
    const [base, arch] = (buildFor ?? "").includes(":")
      ? splitOnce(buildFor ?? "", ":")
      : [project.base, buildFor];
    return platformOf(key, base, arch);
  });
}

/**
 * The `.charm` file name charmcraft gives a platform: `<name>_<key>.charm`
 * with every `:` of the key replaced by `-`.
 *
 * @param charmName The charm's name.
 * @param platform The platform.
 * @returns E.g. `backup-integrator_ubuntu@24.04-amd64.charm`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { charmFileName } from "./platforms.ts";
 * const platform = {
 *   key: "ubuntu@24.04:amd64",
 *   base: { name: "ubuntu", channel: "24.04" },
 *   architecture: "amd64",
 * } as const;
 * assert.equal(charmFileName("demo", platform), "demo_ubuntu@24.04-amd64.charm");
 * ```
 */
export function charmFileName(charmName: string, platform: CharmPlatform): string {
  return `${charmName}_${platform.key.replaceAll(":", "-")}.charm`;
}

/**
 * The `deno compile` target for an architecture.
 *
 * @param architecture A Debian architecture name.
 * @returns E.g. `x86_64-unknown-linux-gnu` for `amd64`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { denoTarget } from "./platforms.ts";
 * assert.equal(denoTarget("arm64"), "aarch64-unknown-linux-gnu");
 * ```
 */
export function denoTarget(architecture: Architecture): DenoTarget {
  return DENO_TARGETS[architecture];
}

/**
 * Whether a string names an architecture the build supports.
 *
 * @param value A Debian architecture name, e.g. `amd64`.
 * @returns `true` for the keys of {@link DENO_TARGETS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isArchitecture } from "./platforms.ts";
 * assert.ok(isArchitecture("amd64") && !isArchitecture("x86_64"));
 * ```
 */
export function isArchitecture(value: string): value is Architecture {
  return Object.hasOwn(DENO_TARGETS, value);
}

/**
 * The architecture of the machine running the build, in Debian's naming.
 *
 * @param arch `Deno.build.arch` or the like.
 * @returns `amd64` or `arm64`.
 * @throws {RangeError} For any other machine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hostArchitecture } from "./platforms.ts";
 * assert.equal(hostArchitecture("x86_64"), "amd64");
 * assert.equal(hostArchitecture("aarch64"), "arm64");
 * ```
 */
export function hostArchitecture(arch: string = Deno.build.arch): Architecture {
  if (arch === "x86_64") return "amd64";
  if (arch === "aarch64") return "arm64";
  throw new RangeError(`Cannot build on this machine: architecture "${arch}" is not supported`);
}

function platformOf(
  key: string,
  base: string | undefined,
  arch: string | undefined,
): CharmPlatform {
  if (base === undefined || !base.includes("@")) {
    throw new RangeError(
      `Cannot read platform "${key}": it names no base such as "ubuntu@24.04"`,
    );
  }
  if (arch === undefined || !isArchitecture(arch)) {
    throw new RangeError(
      `Cannot build platform "${key}": architecture "${arch ?? ""}" is not one of ` +
        Object.keys(DENO_TARGETS).map((a) => `"${a}"`).join(", "),
    );
  }
  const [name, channel] = splitOnce(base, "@");
  return { key, base: { name, channel }, architecture: arch };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + separator.length)];
}

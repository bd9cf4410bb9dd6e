/**
 * `config.yaml`, derived from the `config` section of `charmcraft.yaml`.
 *
 * @module
 */

import type { CharmcraftProject, ConfigOption } from "./charmcraft_project.ts";

/** The content of `config.yaml`. */
export interface CharmConfig {
  /** Each option by name, with its type, and its description and default where set. */
  readonly options: Readonly<Record<string, ConfigOption>>;
}

/**
 * Derive `config.yaml` from a project: each option's `type`, and its
 * `description` and `default` where one exists.
 *
 * @param project The checked project.
 * @returns The config, or `undefined` when the project declares no option
 * (charmcraft then writes no `config.yaml`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { charmConfig } from "./config_yaml.ts";
 * import { parseCharmcraftYaml } from "./charmcraft_project.ts";
 * const config = charmConfig(parseCharmcraftYaml(
 *   "type: charm\nname: demo\nsummary: s\ndescription: d\nplatforms:\n  ubuntu@24.04:amd64:\n" +
 *     "config:\n  options:\n    port:\n      type: int\n      default: 80\n",
 * ));
 * assert.ok(config?.options["port"]?.default === 80);
 * ```
 */
export function charmConfig(project: CharmcraftProject): CharmConfig | undefined {
  const declared = project.config?.options;
  if (declared === undefined || Object.keys(declared).length === 0) return undefined;
  const options: Record<string, ConfigOption> = {};
  for (const [name, option] of Object.entries(declared)) {
    options[name] = {
      type: option.type,
      ...(option.description === undefined ? {} : { description: option.description }),
      ...(option.default === undefined ? {} : { default: option.default }),
    };
  }
  return { options };
}

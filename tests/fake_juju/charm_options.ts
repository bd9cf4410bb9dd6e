/**
 * The config options a charm declares, read from its `charmcraft.yaml` as
 * Juju reads them from the charm's `config.yaml`: what `config-get --all`
 * lists, and the defaults `config-get` shows until an operator sets a value.
 *
 * @module
 */

import { type ConfigOption, readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { REPO_ROOT } from "./charm_layout.ts";
import type { ConfigValue } from "./model.ts";

/** Declared options by name. */
export type CharmOptions = Readonly<Record<string, ConfigOption>>;

/** The repository's `charmcraft.yaml`. */
export const CHARMCRAFT_YAML = `${REPO_ROOT}/charmcraft.yaml`;

/**
 * Read the declared options.
 *
 * @param path A `charmcraft.yaml`; the repository's when absent.
 * @returns The options by name; none when the file declares none.
 * @throws {CharmcraftYamlError} When the file is not a valid `charmcraft.yaml`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readCharmOptions } from "./charm_options.ts";
 * const options = await readCharmOptions();
 * assert.equal(options["fileset"]?.type, "string");
 * ```
 */
export async function readCharmOptions(path: string = CHARMCRAFT_YAML): Promise<CharmOptions> {
  return (await readCharmcraftYaml(path)).config?.options ?? {};
}

/**
 * The actions the charm declares, as `juju actions <app>` lists them.
 *
 * @param path A `charmcraft.yaml`; the repository's when absent.
 * @returns The action names, in the file's order.
 * @throws {CharmcraftYamlError} When the file is not a valid `charmcraft.yaml`.
 */
export async function readCharmActions(path: string = CHARMCRAFT_YAML): Promise<string[]> {
  return Object.keys((await readCharmcraftYaml(path)).actions ?? {});
}

/**
 * The values options have before anyone sets them: their defaults.
 *
 * @param options The declared options.
 * @returns The options that have a default, with it.
 */
export function defaultConfig(options: CharmOptions): Record<string, ConfigValue> {
  const config: Record<string, ConfigValue> = {};
  for (const [name, option] of Object.entries(options)) {
    if (option.default !== undefined) config[name] = option.default;
  }
  return config;
}

/**
 * A value from the command line (`juju config app key=value`) as the option's type.
 *
 * @param option The declared option.
 * @param text The value as typed.
 * @returns The value: a string, an integer, a number or a boolean.
 * @throws {RangeError} When the text is not a value of the option's type.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseOptionValue } from "./charm_options.ts";
 * assert.equal(parseOptionValue({ type: "int" }, "42"), 42);
 * assert.equal(parseOptionValue({ type: "boolean" }, "false"), false);
 * assert.throws(() => parseOptionValue({ type: "int" }, "4.5"), RangeError);
 * ```
 */
export function parseOptionValue(option: Pick<ConfigOption, "type">, text: string): ConfigValue {
  switch (option.type) {
    case "string":
    case "secret":
      return text;
    case "boolean":
      if (text === "true" || text === "false") return text === "true";
      break;
    case "int":
      if (/^[+-]?[0-9]+$/.test(text)) return Number(text);
      break;
    case "float":
      if (text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
      break;
  }
  throw new RangeError(`${JSON.stringify(text)} is not a valid ${option.type}`);
}

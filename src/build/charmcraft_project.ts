/**
 * `charmcraft.yaml`, read and checked: the one source of the charm's
 * metadata, config options, actions and platforms, from which the build derives
 * `metadata.yaml`, `config.yaml`, `actions.yaml` and `manifest.yaml` the way
 * charmcraft does.
 *
 * Build-time only: never imported by `src/main.ts`.
 *
 * @module
 */

import { parse } from "yaml";
import { z } from "zod";

/** Juju's charm and application name rule. */
export const CHARM_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;

/** The config option types Juju accepts. */
export const CONFIG_TYPES = ["string", "int", "float", "boolean", "secret"] as const;

/** One of {@link CONFIG_TYPES}. */
export type ConfigType = typeof CONFIG_TYPES[number];

/**
 * Keys copied verbatim from `charmcraft.yaml` into `metadata.yaml`, as
 * charmcraft's `CharmMetadata` model does.
 */
export const METADATA_PASSTHROUGH_KEYS = [
  "assumes",
  "charm-user",
  "containers",
  "devices",
  "extra-bindings",
  "peers",
  "provides",
  "requires",
  "resources",
  "storage",
  "subordinate",
  "terms",
] as const;

const urls = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const relation = z.looseObject({
  interface: z.string().min(1),
  scope: z.enum(["global", "container"]).optional(),
  limit: z.number().int().positive().optional(),
  optional: z.boolean().optional(),
});

const relations = z.record(z.string().min(1), relation);

const configOption = z.object({
  type: z.enum(CONFIG_TYPES),
  description: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
}).superRefine((option, context) => {
  if (option.default === undefined) return;
  if (!defaultMatchesType(option.type, option.default)) {
    context.addIssue({
      code: "custom",
      path: ["default"],
      message: `${JSON.stringify(option.default)} is not a valid ${option.type}`,
    });
  }
});

/**
 * Juju's rule for an action name (`internal/charm/actions.go`); names that
 * start with `juju-` are Juju's own.
 */
export const ACTION_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

const actionSpec = z.object({
  description: z.string().optional(),
  params: z.record(z.string().min(1), z.record(z.string(), z.unknown())).optional(),
  required: z.array(z.string()).optional(),
  additionalProperties: z.boolean().optional(),
  parallel: z.boolean().optional(),
  "execution-group": z.string().optional(),
}).strict();

const platform = z.union([
  z.null(),
  z.object({
    "build-on": z.union([z.string(), z.array(z.string()).min(1)]),
    "build-for": z.union([z.string(), z.array(z.string()).length(1)]),
  }),
]);

const schema = z.looseObject({
  type: z.literal("charm"),
  name: z.string().regex(
    CHARM_NAME_PATTERN,
    "must be lowercase letters, digits and hyphens, start with a letter, " +
      "and have a letter after each hyphen",
  ),
  title: z.string().min(1).optional(),
  summary: z.string().min(1),
  description: z.string().min(1),
  subordinate: z.boolean().optional(),
  requires: relations.optional(),
  provides: relations.optional(),
  peers: relations.optional(),
  links: z.object({
    contact: urls.optional(),
    documentation: z.string().min(1).optional(),
    issues: urls.optional(),
    source: urls.optional(),
    website: urls.optional(),
  }).optional(),
  config: z.object({ options: z.record(z.string().min(1), configOption) }).optional(),
  actions: z.record(z.string(), actionSpec).optional(),
  base: z.string().optional(),
  platforms: z.record(z.string().min(1), platform).refine(
    (value) => Object.keys(value).length > 0,
    "must name at least one platform",
  ),
}).superRefine((project, context) => {
  for (const name of Object.keys(project.actions ?? {})) {
    const problem = !ACTION_NAME_PATTERN.test(name)
      ? "an action name must be lowercase letters, digits and hyphens, starting and ending " +
        "with a letter or digit"
      : name.startsWith("juju-")
      ? "an action name must not start with juju-, which is Juju's own"
      : undefined;
    if (problem !== undefined) {
      context.addIssue({ code: "custom", path: ["actions", name], message: problem });
    }
  }
  if (project.subordinate === true) {
    const scoped = Object.values(project.requires ?? {}).some((r) => r.scope === "container");
    if (!scoped) {
      context.addIssue({
        code: "custom",
        path: ["requires"],
        message: 'a subordinate charm needs a "requires" endpoint with "scope: container"',
      });
    }
  }
});

/** A checked `charmcraft.yaml`; keys the build does not read are kept as they are. */
export type CharmcraftProject = z.infer<typeof schema>;

/** One action as declared in `charmcraft.yaml`. */
export type ActionSpec = z.infer<typeof actionSpec>;

/** One config option as declared in `charmcraft.yaml`. */
export type ConfigOption = z.infer<typeof configOption>;

/** `charmcraft.yaml` is not YAML or breaks a rule; carries the path of the offending key. */
export class CharmcraftYamlError extends SyntaxError {
  /** Where the problem is, e.g. `config.options.fileset.type`; empty for the whole file. */
  readonly key: string;

  /**
   * Name the offending key and the problem.
   *
   * @param key The dotted path of the offending key.
   * @param detail What is wrong with it.
   */
  constructor(key: string, detail: string) {
    super(`Invalid charmcraft.yaml: ${key === "" ? "" : `${key}: `}${detail}`);
    this.name = "CharmcraftYamlError";
    this.key = key;
  }
}

/**
 * Parse and check the text of `charmcraft.yaml`.
 *
 * @param text The file's content.
 * @returns The checked project.
 * @throws {CharmcraftYamlError} When the text is not YAML, or breaks one of the rules the
 * build relies on (Juju's name pattern, config types and defaults, action names and
 * keys, a container-scoped `requires` on a subordinate, at least one platform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCharmcraftYaml } from "./charmcraft_project.ts";
 * const project = parseCharmcraftYaml(
 *   "type: charm\nname: demo\nsummary: s\ndescription: d\nplatforms:\n  ubuntu@24.04:amd64:\n",
 * );
 * assert.ok(project.name === "demo");
 * ```
 */
export function parseCharmcraftYaml(text: string): CharmcraftProject {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new CharmcraftYamlError("", error instanceof Error ? error.message : String(error));
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue === undefined) throw new CharmcraftYamlError("", "is not valid");
    throw new CharmcraftYamlError(issue.path.map(String).join("."), issue.message);
  }
  return result.data;
}

/**
 * Read and check `charmcraft.yaml` from a file.
 *
 * @param path The file's path.
 * @returns The checked project.
 * @throws {CharmcraftYamlError} When the content is invalid.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 */
export async function readCharmcraftYaml(path: string): Promise<CharmcraftProject> {
  return parseCharmcraftYaml(await Deno.readTextFile(path));
}

function defaultMatchesType(type: ConfigType, value: string | number | boolean): boolean {
  switch (type) {
    case "string":
    case "secret":
      return typeof value === "string";
    case "int":
      return typeof value === "number" && Number.isInteger(value);
    case "float":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
  }
}

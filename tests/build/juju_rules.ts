/**
 * Juju's rules for the YAML files of a charm, checked on what the build
 * wrote, independently of the code that wrote it.
 *
 * @module
 */

/** Juju's charm name rule. */
export const JUJU_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$/;

const CONFIG_DEFAULT_CHECKS: Readonly<Record<string, (value: unknown) => boolean>> = {
  string: (v) => typeof v === "string",
  secret: (v) => typeof v === "string",
  int: (v) => typeof v === "number" && Number.isInteger(v),
  float: (v) => typeof v === "number",
  boolean: (v) => typeof v === "boolean",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * What in a parsed `metadata.yaml` Juju would reject.
 *
 * @param metadata The parsed file.
 * @returns One line per problem; empty when Juju accepts it.
 */
export function metadataProblems(metadata: unknown): string[] {
  if (!isRecord(metadata)) return ["metadata is not a map"];
  const problems: string[] = [];
  const name = metadata["name"];
  if (typeof name !== "string" || !JUJU_NAME.test(name)) {
    problems.push(`name ${JSON.stringify(name)} breaks Juju's name rule`);
  }
  for (const key of ["summary", "description"]) {
    if (typeof metadata[key] !== "string" || metadata[key] === "") {
      problems.push(`${key} is not a non-empty string`);
    }
  }
  for (const kind of ["requires", "provides", "peers"]) {
    const relations = metadata[kind];
    if (relations === undefined) continue;
    if (!isRecord(relations)) {
      problems.push(`${kind} is not a map`);
      continue;
    }
    for (const [endpoint, relation] of Object.entries(relations)) {
      if (!isRecord(relation) || typeof relation["interface"] !== "string") {
        problems.push(`${kind}.${endpoint} has no interface`);
      } else if (![undefined, "global", "container"].includes(relation["scope"] as string)) {
        problems.push(`${kind}.${endpoint} has scope ${JSON.stringify(relation["scope"])}`);
      }
    }
  }
  const subordinate = metadata["subordinate"];
  if (subordinate !== undefined && typeof subordinate !== "boolean") {
    problems.push("subordinate is not a boolean");
  }
  if (subordinate === true) {
    const requires = isRecord(metadata["requires"]) ? metadata["requires"] : {};
    const scoped = Object.values(requires).some((r) => isRecord(r) && r["scope"] === "container");
    if (!scoped) problems.push("a subordinate has no requires endpoint with scope: container");
  }
  return problems;
}

/**
 * What in a parsed `config.yaml` Juju would reject.
 *
 * @param config The parsed file.
 * @returns One line per problem; empty when Juju accepts it.
 */
export function configProblems(config: unknown): string[] {
  if (!isRecord(config) || !isRecord(config["options"])) return ["config has no options map"];
  const problems: string[] = [];
  for (const [name, option] of Object.entries(config["options"])) {
    if (!isRecord(option)) {
      problems.push(`option ${name} is not a map`);
      continue;
    }
    const check = CONFIG_DEFAULT_CHECKS[String(option["type"])];
    if (check === undefined) {
      problems.push(`option ${name} has type ${JSON.stringify(option["type"])}`);
    } else if ("default" in option && option["default"] !== null && !check(option["default"])) {
      problems.push(`option ${name} has a default that is not a ${String(option["type"])}`);
    }
    if ("description" in option && typeof option["description"] !== "string") {
      problems.push(`option ${name} has a description that is not a string`);
    }
  }
  return problems;
}

/** Juju's action name rule (`internal/charm/actions.go`). */
const ACTION_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** The keys Juju reads from one action (`ReadActionsYaml`); others are copied into the schema. */
const ACTION_STRING_KEYS = ["description", "title", "execution-group"];

/**
 * What in a parsed `actions.yaml` Juju would reject: a name breaking its rule
 * or starting with `juju-`, a description, title or execution group that is
 * not a string, `parallel` not a boolean, `required` not a list, `params` not
 * a map of maps, a `$ref` or `$schema` anywhere.
 *
 * @param actions The parsed file.
 * @returns One line per problem; empty when Juju accepts it.
 */
export function actionsProblems(actions: unknown): string[] {
  if (!isRecord(actions)) return ["actions is not a map"];
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(actions)) {
    if (!ACTION_NAME.test(name)) problems.push(`bad action name ${name}`);
    if (name.startsWith("juju-")) problems.push(`action name ${name} is reserved`);
    if (!isRecord(spec)) {
      problems.push(`action ${name} is not a map`);
      continue;
    }
    for (const key of ACTION_STRING_KEYS) {
      if (key in spec && typeof spec[key] !== "string") {
        problems.push(`action ${name}: ${key} is not a string`);
      }
    }
    if ("parallel" in spec && typeof spec["parallel"] !== "boolean") {
      problems.push(`action ${name}: parallel is not a boolean`);
    }
    if ("required" in spec && !Array.isArray(spec["required"])) {
      problems.push(`action ${name}: required is not a list`);
    }
    const params = spec["params"];
    if (params !== undefined && (!isRecord(params) || !Object.values(params).every(isRecord))) {
      problems.push(`action ${name}: params is not a map of schemas`);
    }
    if (/"\$(ref|schema)"/.test(JSON.stringify(spec))) {
      problems.push(`action ${name}: $ref and $schema are refused`);
    }
  }
  return problems;
}

/**
 * What in `manifest.yaml` Juju would reject.
 *
 * @param manifest The parsed file.
 * @param text The raw file, to check that each channel is written as a quoted string.
 * @returns One line per problem; empty when Juju accepts it.
 */
export function manifestProblems(manifest: unknown, text: string): string[] {
  if (!isRecord(manifest) || !Array.isArray(manifest["bases"])) return ["manifest has no bases"];
  const problems: string[] = [];
  if (manifest["bases"].length === 0) problems.push("manifest has no bases");
  for (const [i, base] of manifest["bases"].entries()) {
    if (!isRecord(base)) {
      problems.push(`bases[${i}] is not a map`);
      continue;
    }
    if (typeof base["name"] !== "string") problems.push(`bases[${i}].name is not a string`);
    const channel = base["channel"];
    if (typeof channel !== "string") {
      problems.push(`bases[${i}].channel is not a string`);
    } else if (!text.includes(`channel: '${channel}'`) && !text.includes(`channel: "${channel}"`)) {
      problems.push(`bases[${i}].channel is not quoted in the file`);
    }
    const archs = base["architectures"];
    if (!Array.isArray(archs) || archs.length === 0 || archs.some((a) => typeof a !== "string")) {
      problems.push(`bases[${i}].architectures is not a list of names`);
    }
  }
  return problems;
}

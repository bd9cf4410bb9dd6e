/**
 * `relation-set`: buffer a write to the unit's or (leader only) the
 * application's databag until the hook exits 0.
 *
 * @module
 */

import { parse as parseYaml } from "yaml";
import type { Databag } from "../model.ts";
import { bufferWrite } from "../relation_writes.ts";
import { firstYamlUnprintable, YAML_UNPRINTABLE_MESSAGE } from "../yaml_printable.ts";
import {
  APP_FLAG,
  type FlagDefinition,
  FORMAT_FLAG,
  goQuote,
  parseArgs,
  RELATION_FLAG,
  UsageError,
} from "./_flags.ts";
import { resolveRelation } from "./_relation.ts";
import { ToolFailure, type ToolRun } from "./_tool.ts";

const FILE_FLAG: FlagDefinition = { key: "file", names: ["file"], kind: "value" };

/**
 * `relation-set [-r id] [--app] [--file -] [key=value…]`: settings from a
 * YAML or JSON map on stdin, then `key=value` arguments over them; an empty
 * value deletes its key when the write is committed.
 *
 * @param run The tool run.
 * @returns Nothing to print.
 * @throws {UsageError} For bad arguments.
 * @throws {ToolFailure} When a non-leader writes `--app`, or stdin is not a
 * map of strings go-yaml would read.
 */
export function relationSet(run: ToolRun): string {
  const parsed = parseArgs(run.args, [RELATION_FLAG, FILE_FLAG, APP_FLAG, FORMAT_FLAG]);
  const [id] = resolveRelation(run, parsed);
  const overrides = parseKeyValues(parsed.positional);
  if (parsed.flags.has("format")) {
    run.stderr += `--format flag deprecated for command "relation-set"`;
  }
  const file = parsed.flags.get("file");
  const settings = typeof file === "string" ? { ...readSettingsFile(run, file) } : {};
  Object.assign(settings, overrides);
  const app = parsed.flags.get("app") === true;
  if (app && !run.unit.leader) throw new ToolFailure("cannot write relation settings");
  if (Object.keys(settings).length === 0) return "";
  bufferWrite(run.model, run.context.unit, { relationId: id, bag: app ? "app" : "unit", settings });
  return "";
}

/**
 * Whether a call reads stdin: only `relation-set --file -` does. The
 * executable tools read stdin only then, and only then is it recorded.
 *
 * @param tool The tool's name.
 * @param args Its arguments.
 * @returns `true` when the tool reads its settings from stdin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readsStdin } from "./relation_set.ts";
 * assert.equal(readsStdin("relation-set", ["-r", "backup:1", "--file", "-"]), true);
 * assert.equal(readsStdin("relation-set", ["--", "--file=-"]), false);
 * assert.equal(readsStdin("juju-log", ["--file", "-"]), false);
 * ```
 */
export function readsStdin(tool: string, args: readonly string[]): boolean {
  if (tool !== "relation-set") return false;
  const end = args.indexOf("--");
  const flags = end === -1 ? args : args.slice(0, end);
  return flags.some((arg, index) =>
    arg === "--file=-" || (arg === "--file" && flags[index + 1] === "-")
  );
}

/** `key=value` arguments as Juju's `keyvalues.Parse` reads them: trimmed, no duplicates. */
function parseKeyValues(args: readonly string[]): Databag {
  const result: Databag = {};
  for (const arg of args) {
    const equals = arg.indexOf("=");
    if (equals === -1) throw new UsageError(`expected "key=value", got ${goQuote(arg)}`);
    const key = arg.slice(0, equals).trim();
    const value = arg.slice(equals + 1).trim();
    if (key === "") throw new UsageError(`expected "key=value", got "${key}=${value}"`);
    if (Object.hasOwn(result, key)) {
      throw new UsageError(`key ${goQuote(key)} specified more than once`);
    }
    result[key] = value;
  }
  return result;
}

/** A YAML (or JSON) map of string values from `--file`; only `-` (stdin) is supported. */
function readSettingsFile(run: ToolRun, path: string): Databag {
  if (path !== "-") {
    throw new ToolFailure(`open ${path}: the fake relation-set reads only "--file -" (stdin)`);
  }
  // go-yaml's reader refuses the whole stream before parsing anything.
  if (firstYamlUnprintable(run.stdin) !== undefined) {
    throw new ToolFailure(YAML_UNPRINTABLE_MESSAGE);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(run.stdin);
  } catch (error) {
    throw new ToolFailure(`cannot parse settings: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ToolFailure("cannot parse settings: not a map of keys to values");
  }
  const settings: Databag = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== "string") {
      throw new ToolFailure(
        `cannot parse settings: the value of ${goQuote(key)} is not a string: ${
          JSON.stringify(value) ?? String(value)
        }`,
      );
    }
    settings[key] = value;
  }
  return settings;
}

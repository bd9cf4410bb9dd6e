/**
 * The `backup` interface's JSON Schemas, generated from the zod schema the
 * charm's own code reads a requirer's databag with ({@link requirerDatabag}),
 * and written beside the interface's page by `deno task schema`. The charm
 * never imports this module: `z.toJSONSchema` stays off the hook path.
 *
 * @module
 */

import { join } from "node:path";
import * as z from "zod/mini";
import { requirerDatabag } from "./requirer_data.ts";

/** Where `deno task schema` writes, from the repository root. */
export const SCHEMA_DIR = "docs/interface/backup/schemas";

/** A JSON Schema document. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * The JSON Schema of each side's application databag: the requirer's from
 * {@link requirerDatabag}; the provider's, which publishes nothing, an
 * object with no keys.
 *
 * @returns Each side's schema, by file name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { interfaceSchemas } from "./json_schema.ts";
 * const schemas = interfaceSchemas();
 * assert.deepEqual((schemas["requirer.json"] as { required: string[] }).required, ["fileset"]);
 * ```
 */
export function interfaceSchemas(): Record<"provider.json" | "requirer.json", JsonSchema> {
  const provider = z.strictObject({}).check(z.meta({
    title: "backup interface: the provider's application databag",
    description: "The provider publishes nothing.",
  }));
  return {
    "provider.json": z.toJSONSchema(provider),
    "requirer.json": z.toJSONSchema(requirerDatabag()),
  };
}

/**
 * The files `deno task schema` writes: each schema as JSON, two-space
 * indented, with a final newline.
 *
 * @returns The text of each file, by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { schemaFiles } from "./json_schema.ts";
 * assert.ok(schemaFiles()["requirer.json"].endsWith("}\n"));
 * ```
 */
export function schemaFiles(): Record<"provider.json" | "requirer.json", string> {
  const schemas = interfaceSchemas();
  return {
    "provider.json": `${JSON.stringify(schemas["provider.json"], null, 2)}\n`,
    "requirer.json": `${JSON.stringify(schemas["requirer.json"], null, 2)}\n`,
  };
}

/**
 * Write {@link schemaFiles} into a directory.
 *
 * @param dir The directory; {@link SCHEMA_DIR} under the repository root by default.
 * @returns The paths written.
 */
export async function writeSchemaFiles(
  dir: string = join(new URL("../../", import.meta.url).pathname, SCHEMA_DIR),
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(schemaFiles())) {
    await Deno.writeTextFile(join(dir, name), text);
    written.push(join(dir, name));
  }
  return written;
}

if (import.meta.main) {
  for (const path of await writeSchemaFiles()) console.log(`wrote ${path}`);
}

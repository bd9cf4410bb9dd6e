/**
 * JSON state files of the fake Juju and `deno task simulate`, replaced
 * atomically so a reader never sees half a file.
 *
 * @module
 */

/**
 * Write a value as indented JSON, atomically: a temporary file in the same
 * directory, then a rename over the old file; the temporary file is removed
 * when anything fails.
 *
 * @param path The file.
 * @param value What JSON can hold.
 * @throws {Deno.errors.NotFound} When the directory does not exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { saveJson } from "./json_file.ts";
 * const dir = await Deno.makeTempDir();
 * await saveJson(`${dir}/state.json`, { a: 1 });
 * assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/state.json`)), { a: 1 });
 * assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name), ["state.json"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveJson(path: string, value: unknown): Promise<void> {
  const directory = path.slice(0, Math.max(path.lastIndexOf("/"), 0)) || "/";
  const temporary = await Deno.makeTempFile({ dir: directory, prefix: ".state-", suffix: ".json" });
  try {
    await Deno.writeTextFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/**
 * An oracle no one here wrote: Bacula's own configuration parser. `bdirjson`
 * (Debian's `bacula-director`) reads a Director configuration exactly as the
 * Director does and prints its resources as JSON. {@link bdirjsonFiles}
 * renders paths into a minimal valid Director configuration the way the
 * bacula-server charm does (`File = <path>`, unquoted, in its template
 * `bacula-dir.conf.j2`), or quoted (`File = "<path>"`), and returns the `File`
 * entries Bacula parsed.
 *
 * `bdirjson` prints at most about 3000 bytes of one `File` list (and
 * overruns its buffer on a longer one), so the paths are spread over as many
 * `Include` blocks as it takes to keep each list short; a path longer than
 * that cannot be read back, only checked with {@link bdirjsonAccepts}.
 *
 * @module
 */

/** Most bytes of paths put in one `Include`, well under what `bdirjson` prints. */
export const INCLUDE_BYTES = 2000;

/** Where Debian installs `bdirjson`; `BDIRJSON` overrides it. */
export const DEFAULT_BDIRJSON = "/usr/sbin/bdirjson";

/**
 * Set to `1` (as `.ci/run` does) to make a missing `bdirjson` a test failure
 * instead of a skip.
 */
export const REQUIRE_BDIRJSON_VARIABLE = "BACKUP_INTEGRATOR_REQUIRE_BDIRJSON";

/** How a path is written on its `File =` line. */
export type Rendering = "unquoted" | "quoted";

/** Both renderings, the bacula-server charm's first. */
export const RENDERINGS: readonly Rendering[] = ["unquoted", "quoted"];

/** What `bdirjson` made of a configuration. */
export type OracleResult =
  | { readonly ok: true; readonly files: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Whether `bdirjson` can run here, and why not. */
export type BdirjsonAvailability =
  | { readonly available: true; readonly path: string }
  | { readonly available: false; readonly path: string; readonly reason: string };

/**
 * Find `bdirjson`: `$BDIRJSON` or {@link DEFAULT_BDIRJSON}.
 *
 * @returns Its path, or why it cannot be used.
 */
export function findBdirjson(): BdirjsonAvailability {
  const path = Deno.env.get("BDIRJSON") ?? DEFAULT_BDIRJSON;
  try {
    const info = Deno.statSync(path);
    if (info.isFile && ((info.mode ?? 0) & 0o111) !== 0) return { available: true, path };
    return { available: false, path, reason: `${path} is not an executable file` };
  } catch {
    return {
      available: false,
      path,
      reason: `${path} not found: install Debian's bacula-director (apt-get install ` +
        `bacula-director) or set BDIRJSON`,
    };
  }
}

/**
 * Render a Director configuration holding one `FileSet` whose `Include` lists
 * `paths`, each on a `File =` line, and the resources the Director needs to
 * accept it (Director, Messages, Catalog, Storage, Pool, Client, Job).
 *
 * @param paths The paths, written as they are: no escaping.
 * @param options `rendering`: `unquoted` as bacula-server writes them, or
 *   `quoted`; `dir`: the working directory the configuration names.
 * @returns The configuration text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderDirectorConfig } from "./bacula_oracle.ts";
 * const text = renderDirectorConfig(["/srv/a"], { rendering: "quoted", dir: "/tmp" });
 * assert.ok(text.includes('    File = "/srv/a"\n'));
 * ```
 */
export function renderDirectorConfig(
  paths: readonly string[],
  options: { readonly rendering: Rendering; readonly dir: string },
): string {
  const includes = includeGroups(paths).map((group) => {
    const files = group.map((path) =>
      options.rendering === "quoted" ? `    File = "${path}"\n` : `    File = ${path}\n`
    ).join("");
    // As bacula-server's template writes it: Options first, then the files.
    return `  Include {\n    Options {\n      Signature = SHA256\n    }\n${files}  }\n`;
  });
  return `Director {
  Name = oracle-dir
  Password = "oracle"
  QueryFile = "${options.dir}/query.sql"
  WorkingDirectory = "${options.dir}"
  PidDirectory = "${options.dir}"
  Messages = oracle-messages
}
Messages {
  Name = oracle-messages
}
Catalog {
  Name = oracle-catalog
  dbname = "bacula"
  dbuser = "bacula"
}
Storage {
  Name = oracle-storage
  Address = 127.0.0.1
  Password = "oracle"
  Device = oracle-device
  Media Type = File
}
Pool {
  Name = oracle-pool
  Pool Type = Backup
}
Client {
  Name = oracle-fd
  Address = 127.0.0.1
  Catalog = oracle-catalog
  Password = "oracle"
}
Job {
  Name = oracle-backup
  Type = Backup
  Client = oracle-fd
  FileSet = oracle-fileset
  Storage = oracle-storage
  Messages = oracle-messages
  Pool = oracle-pool
}
FileSet {
  Name = oracle-fileset
${includes.join("")}}
`;
}

/** Consecutive paths, grouped so that each group holds at most {@link INCLUDE_BYTES}. */
function includeGroups(paths: readonly string[]): string[][] {
  const groups: string[][] = [[]];
  let bytes = 0;
  for (const path of paths) {
    const size = new TextEncoder().encode(path).length + 4;
    const last = groups[groups.length - 1]!;
    if (last.length > 0 && bytes + size > INCLUDE_BYTES) {
      groups.push([path]);
      bytes = size;
    } else {
      last.push(path);
      bytes += size;
    }
  }
  return groups;
}

/**
 * Make `bdirjson`'s output valid JSON: it escapes `"` and `\` in strings but
 * writes control characters raw, which JSON does not allow.
 *
 * @param text `bdirjson`'s stdout.
 * @returns The same JSON with every raw control character inside a string
 *   escaped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeRawControls } from "./bacula_oracle.ts";
 * assert.deepEqual(JSON.parse(escapeRawControls('[\n"a\tb\\"c"]')), ['a\tb"c']);
 * ```
 */
export function escapeRawControls(text: string): string {
  let result = "";
  let inString = false;
  let escaped = false;
  for (const character of text) {
    if (!inString) {
      if (character === '"') inString = true;
      result += character;
    } else if (escaped) {
      escaped = false;
      result += character;
    } else if (character === "\\") {
      escaped = true;
      result += character;
    } else if (character === '"') {
      inString = false;
      result += character;
    } else {
      const code = character.codePointAt(0) ?? 0;
      result += code < 0x20 ? `\\u${code.toString(16).padStart(4, "0")}` : character;
    }
  }
  return result;
}

/**
 * The `File` entries of every `Include` of the first `FileSet` in
 * `bdirjson -r FileSet` output, in order.
 *
 * @param stdout `bdirjson`'s stdout.
 * @returns The entries; an `Include` without `File` gives none.
 * @throws {TypeError} When the output is not UTF-8 or not shaped like a list
 *   of file sets.
 * @throws {SyntaxError} When it is not JSON, even with raw controls escaped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseBdirjsonFiles } from "./bacula_oracle.ts";
 * const stdout = '[{"Fileset": {"Include": [{"File": ["/a"]}, {"File": ["/b"]}]}}]';
 * assert.deepEqual(parseBdirjsonFiles(new TextEncoder().encode(stdout)), ["/a", "/b"]);
 * ```
 */
export function parseBdirjsonFiles(stdout: Uint8Array): string[] {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(stdout);
  const parsed: unknown = JSON.parse(escapeRawControls(text));
  const includes = (parsed as [{ Fileset?: { Include?: unknown } }])?.[0]?.Fileset?.Include;
  if (!Array.isArray(includes)) {
    throw new TypeError(`no FileSet Include in ${text.slice(0, 200)}`);
  }
  return includes.flatMap((include: { File?: unknown }) => {
    const files = include.File ?? [];
    if (!Array.isArray(files) || !files.every((file) => typeof file === "string")) {
      throw new TypeError(`File is not a list of strings: ${JSON.stringify(files)}`);
    }
    return files;
  });
}

/** How `bdirjson` ended. */
interface BdirjsonRun {
  readonly success: boolean;
  readonly code: number;
  readonly stdout: Uint8Array;
  readonly stderr: string;
}

/**
 * Run `bdirjson -c FILE` and `args` on `paths` rendered into a fresh
 * temporary directory, with an empty environment and a `PATH` that holds
 * nothing, so that an `@|program` a value smuggles in cannot find a program
 * by name.
 */
async function runBdirjson(
  paths: readonly string[],
  options: { readonly rendering: Rendering; readonly bdirjson: string },
  args: readonly string[],
): Promise<BdirjsonRun> {
  const dir = await Deno.makeTempDir({ prefix: "bdirjson-" });
  try {
    const config = `${dir}/bacula-dir.conf`;
    await Deno.writeTextFile(config, renderDirectorConfig(paths, { ...options, dir }));
    const output = await new Deno.Command(options.bdirjson, {
      args: ["-c", config, ...args],
      clearEnv: true,
      env: { PATH: dir, LANG: "C.UTF-8" },
      cwd: dir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      success: output.success,
      code: output.code,
      stdout: output.stdout,
      stderr: new TextDecoder().decode(output.stderr).trim(),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Render `paths` into a Director configuration and read them back through
 * `bdirjson -c FILE -r FileSet`.
 *
 * @param paths The paths, all in one configuration: one run checks them all.
 * @param options `rendering`; `bdirjson`: its path.
 * @returns The `File` entries Bacula parsed, or its error when it refused the
 *   configuration (or printed what this cannot read).
 */
export async function bdirjsonFiles(
  paths: readonly string[],
  options: { readonly rendering: Rendering; readonly bdirjson: string },
): Promise<OracleResult> {
  const run = await runBdirjson(paths, options, ["-r", "FileSet"]);
  if (!run.success) return { ok: false, error: `bdirjson exited ${run.code}: ${run.stderr}` };
  try {
    return { ok: true, files: parseBdirjsonFiles(run.stdout) };
  } catch (error) {
    return { ok: false, error: `unreadable bdirjson output: ${(error as Error).message}` };
  }
}

/**
 * Whether Bacula's parser accepts the configuration holding `paths`
 * (`bdirjson -t`: read it and print nothing), for paths too long to read
 * back.
 *
 * @param paths The paths.
 * @param options `rendering`; `bdirjson`: its path.
 * @returns `undefined` when the configuration is accepted, else the error.
 */
export async function bdirjsonAccepts(
  paths: readonly string[],
  options: { readonly rendering: Rendering; readonly bdirjson: string },
): Promise<string | undefined> {
  const run = await runBdirjson(paths, options, ["-t"]);
  const stdout = new TextDecoder().decode(run.stdout).trim();
  return run.success ? undefined : `bdirjson exited ${run.code}: ${run.stderr} ${stdout}`.trim();
}

/**
 * The `backup` relation interface: what a requirer publishes in its
 * application databag, and the rules a provider (bacula-fd's `backup`
 * library) applies when it reads it. Usable from either side.
 *
 * Databag keys: `fileset` (comma-separated absolute paths) and, optionally,
 * `run-before-backup`, `run-after-backup`, `run-before-restore`,
 * `run-after-restore` (absolute paths of executables on the requirer's
 * machine). The provider's own databag is empty.
 *
 * @module
 */

import * as z from "zod/mini";

/** The optional script keys of the requirer's databag, in a fixed order. */
export const BACKUP_SCRIPT_KEYS = [
  "run-before-backup",
  "run-after-backup",
  "run-before-restore",
  "run-after-restore",
] as const;

/** One of {@link BACKUP_SCRIPT_KEYS}. */
export type BackupScriptKey = typeof BACKUP_SCRIPT_KEYS[number];

/** What to back up and which executables to run around it. */
export interface BackupSpec {
  /** Absolute paths of files or directories to back up; never empty. */
  readonly fileset: readonly string[];
  /** Absolute paths of the executables to run, by key; absent keys run nothing. */
  readonly scripts: Readonly<Partial<Record<BackupScriptKey, string>>>;
}

/** The result of reading or checking backup relation data. */
export type BackupSpecResult =
  | { readonly ok: true; readonly spec: BackupSpec }
  | { readonly ok: false; readonly problems: readonly string[] };

function isAbsolute(path: string): boolean {
  return path.startsWith("/");
}

/**
 * The provider's rules, over a {@link BackupSpec}; built on first use. The
 * charm imports this module for the keys and the encoder only: a schema built
 * at top level would be kept by the bundler and evaluated at every hook's
 * start (6 KB of zod in the bundle), for a check the charm never runs.
 */
function buildBackupSpecSchema() {
  const filesetEntrySchema = z.string().check(
    z.refine((path) => path !== "", { message: "fileset has an empty path" }),
    z.refine((path) => path === path.trim(), {
      message: "path cannot start or end with whitespace",
    }),
    z.refine((path) => !path.includes(","), { message: "path cannot contain a comma" }),
    z.refine(isAbsolute, { message: "path in fileset must be absolute" }),
  );
  const scriptPathSchema = z.optional(
    z.string().check(z.refine(isAbsolute, { message: "script path must be absolute" })),
  );
  return z.object({
    fileset: z.array(filesetEntrySchema).check(
      z.minLength(1, { message: "fileset cannot be empty" }),
    ),
    scripts: z.object({
      "run-before-backup": scriptPathSchema,
      "run-after-backup": scriptPathSchema,
      "run-before-restore": scriptPathSchema,
      "run-after-restore": scriptPathSchema,
    }),
  });
}

let backupSpecSchema: ReturnType<typeof buildBackupSpecSchema> | undefined;

/**
 * A `fileset` value the provider accepts: split on commas, every entry, once
 * trimmed, is empty (and dropped) or an absolute path. With {@link HAS_PATH},
 * at least one entry is a path.
 */
const FILESET_ENTRIES = /^(?:\s*(?:\/[^,]*)?,)*\s*(?:\/[^,]*)?$/;
/** A `fileset` value with at least one path in it (every path starts with `/`). */
const HAS_PATH = /\//;
/** An absolute path. */
const ABSOLUTE = /^\//;

/** What the provider does with each script key's executable. */
const SCRIPT_DESCRIPTIONS: Readonly<Record<BackupScriptKey, string>> = {
  "run-before-backup": "runs before each backup; if it fails, the backup is cancelled",
  "run-after-backup": "runs after each backup, whatever its outcome",
  "run-before-restore": "runs before each restore; if it fails, the restore is cancelled",
  "run-after-restore": "runs after each restore",
};

/**
 * The requirer's application databag as the provider accepts it; built on
 * first use, like the spec's rules. The interface's JSON Schema is generated
 * from it (see `json_schema.ts`).
 */
function buildRequirerDatabagSchema() {
  const scripts = Object.fromEntries(BACKUP_SCRIPT_KEYS.map((key) => [
    key,
    z.optional(
      z.string().check(
        z.describe(
          `Absolute path of an executable on the requirer's units that the provider ` +
            `${SCRIPT_DESCRIPTIONS[key]}.`,
        ),
        z.regex(ABSOLUTE, { message: "script path must be absolute" }),
      ),
    ),
  ])) as Record<BackupScriptKey, z.ZodMiniOptional<z.ZodMiniString<string>>>;
  return z.catchall(
    z.object({
      fileset: z.string({ error: "fileset is required" }).check(
        z.describe(
          "Comma-separated absolute paths of the files and directories to back up, on the " +
            "requirer's units. Whitespace around a path is ignored, and so is an empty entry; " +
            "a path cannot contain a comma.",
        ),
        z.regex(FILESET_ENTRIES, { message: "path in fileset must be absolute" }),
        z.regex(HAS_PATH, { message: "fileset cannot be empty" }),
      ),
      ...scripts,
    }),
    z.string(),
  ).check(z.meta({
    title: "backup interface: the requirer's application databag",
    description: "What to back up, and the executables the provider runs around a backup " +
      "and a restore. The provider ignores any other key; Juju stores no empty value.",
  }));
}

let requirerDatabagSchema: ReturnType<typeof buildRequirerDatabagSchema> | undefined;

/**
 * The requirer's application databag as the provider accepts it, as a zod
 * schema: the source of the interface's JSON Schema.
 *
 * @returns The schema, built on first use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requirerDatabag } from "./requirer_data.ts";
 * assert.ok(requirerDatabag().safeParse({ fileset: "/srv, /etc" }).success);
 * assert.ok(!requirerDatabag().safeParse({ fileset: "/srv,etc" }).success);
 * ```
 */
export function requirerDatabag(): ReturnType<typeof buildRequirerDatabagSchema> {
  requirerDatabagSchema ??= buildRequirerDatabagSchema();
  return requirerDatabagSchema;
}

/**
 * Check a spec against the rules the provider applies.
 *
 * @param spec The spec to check.
 * @returns The spec, or every rule it breaks, each naming the field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateBackupSpec } from "./requirer_data.ts";
 * const result = validateBackupSpec({ fileset: ["var/backups"], scripts: {} });
 * assert.ok(!result.ok);
 * ```
 */
export function validateBackupSpec(spec: BackupSpec): BackupSpecResult {
  backupSpecSchema ??= buildBackupSpecSchema();
  const result = backupSpecSchema.safeParse(spec);
  if (result.success) return { ok: true, spec };
  return {
    ok: false,
    problems: result.error.issues.map((issue) =>
      `${issue.path.filter((part) => part !== "scripts").join(".")}: ${issue.message}`
    ),
  };
}

/**
 * Encode a spec as the requirer's application databag. Absent scripts have no key.
 *
 * @param spec A spec that satisfies {@link validateBackupSpec}.
 * @returns The databag: `fileset` joined with `,`, one key per script.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeBackupSpec } from "./requirer_data.ts";
 * const bag = encodeBackupSpec({ fileset: ["/a", "/b"], scripts: { "run-after-backup": "/x" } });
 * assert.ok(bag["fileset"] === "/a,/b" && bag["run-after-backup"] === "/x");
 * ```
 */
export function encodeBackupSpec(spec: BackupSpec): Record<string, string> {
  const bag: Record<string, string> = { fileset: spec.fileset.join(",") };
  for (const key of BACKUP_SCRIPT_KEYS) {
    const path = spec.scripts[key];
    if (path !== undefined) bag[key] = path;
  }
  return bag;
}

/**
 * Read a requirer's application databag the way the provider does: check it
 * against {@link requirerDatabag}, then split the fileset on commas, trim each
 * entry and drop empty ones. Unknown keys are ignored; an empty value counts
 * as absent, as Juju stores none.
 *
 * @param bag The requirer's application databag.
 * @returns The spec, or the problems that make the provider reject it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRequirerDatabag } from "./requirer_data.ts";
 * const result = parseRequirerDatabag({ fileset: "/var/backups, /etc" });
 * assert.ok(result.ok && result.spec.fileset.length === 2);
 * ```
 */
export function parseRequirerDatabag(bag: Readonly<Record<string, string>>): BackupSpecResult {
  // Juju deletes a key set to "": an empty value is an absent key.
  const present = Object.fromEntries(Object.entries(bag).filter(([, value]) => value !== ""));
  const result = requirerDatabag().safeParse(present);
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
  }
  const fileset = result.data.fileset.split(",").map((path) => path.trim()).filter((path) =>
    path !== ""
  );
  const scripts: Partial<Record<BackupScriptKey, string>> = {};
  for (const key of BACKUP_SCRIPT_KEYS) {
    const path = result.data[key];
    if (path !== undefined) scripts[key] = path;
  }
  return { ok: true, spec: { fileset, scripts } };
}

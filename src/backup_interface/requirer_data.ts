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
 * Read a requirer's application databag the way the provider does: split the
 * fileset on commas, trim each entry, drop empty ones, then apply the rules.
 * Unknown keys are ignored; an empty script value counts as absent.
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
  const fileset = (bag["fileset"] ?? "").split(",").map((path) => path.trim()).filter((path) =>
    path !== ""
  );
  const scripts: Partial<Record<BackupScriptKey, string>> = {};
  for (const key of BACKUP_SCRIPT_KEYS) {
    const path = bag[key];
    if (path !== undefined && path !== "") scripts[key] = path;
  }
  return validateBackupSpec({ fileset, scripts });
}

/**
 * The zod schemas of what the hook tools print with `--format=json`.
 *
 * `hook_tools.ts` loads this module with a dynamic `import()` that starts as
 * a tool is spawned, so zod is evaluated and the schemas built while the first
 * round of tools runs, not before it: a hook's start-up is on every machine's
 * critical path. The bundle keeps it in the same file, initialised lazily.
 *
 * @module
 */

import * as z from "zod/mini";

/** `config-get --format=json`: an object of options, or `null`. */
export const configOutput: z.ZodMiniType<Record<string, unknown> | null> = z.nullable(
  z.record(z.string(), z.unknown()),
);

/** `is-leader --format=json`. */
export const booleanOutput: z.ZodMiniType<boolean> = z.boolean();

/** `relation-ids <endpoint> --format=json`: a list, or `null`. */
export const relationIdsOutput: z.ZodMiniType<string[] | null> = z.nullable(z.array(z.string()));

/** `relation-get --format=json - <app>`: a databag of strings, or `null`. */
export const databagOutput: z.ZodMiniType<Record<string, string> | null> = z.nullable(
  z.record(z.string(), z.string()),
);

/**
 * The modules on the hook path: the module graph of `src/main.ts`, to show
 * that a hook loads only what it uses (no YAML parser, nothing of the build).
 * The actions (`src/action/`) are imported dynamically, only for
 * `actions/<name>`: what only that import reaches is not on the hook path.
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** The charm's entry module. */
export const MAIN_MODULE: string = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Directories of `src/` whose modules may be on the hook path. */
const HOOK_PATH_DIRS = ["src/charm/", "src/juju/", "src/backup_interface/"];

/** The directory of the actions, loaded by a dynamic import only when an action runs. */
const ACTION_DIR = "src/action/";

/** The npm entry points the charm may load, by package name. */
const ALLOWED_NPM = new Map([["zod", ["mini"]]]);

/** The module graph of the entry module. */
export interface HookPathModules {
  /** Local modules, relative to the repository root, sorted. */
  readonly local: readonly string[];
  /** npm modules, e.g. `zod@4.6.7/mini`, sorted. */
  readonly npm: readonly string[];
  /** Modules that have no business on the hook path: any npm module but `zod/mini`, or a local one outside `src/charm`, `src/juju`, `src/backup_interface` and `src/main.ts`. */
  readonly unexpected: readonly string[];
  /** Local modules only the dynamic import of an action reaches, sorted. */
  readonly actionOnly: readonly string[];
}

/**
 * Read the module graph with `deno info --json`.
 *
 * @param entry The entry module; `src/main.ts` when absent.
 * @returns Its local and npm modules, and any that should not be there.
 * @throws {Error} When `deno info` fails.
 */
export async function hookPathModules(entry: string = MAIN_MODULE): Promise<HookPathModules> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", `--config=${ROOT}deno.json`, entry],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`Cannot read the module graph: ${new TextDecoder().decode(output.stderr)}`);
  }
  const graph = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    roots: string[];
    modules: ModuleEntry[];
  };
  const hookPath = withoutActions(graph);
  const local: string[] = [];
  const npm: string[] = [];
  const actionOnly: string[] = [];
  for (const { specifier } of graph.modules) {
    if (!hookPath.has(specifier)) {
      actionOnly.push(relativeName(specifier));
      continue;
    }
    if (specifier.startsWith("file://")) {
      const path = fileURLToPath(specifier);
      local.push(path.startsWith(ROOT) ? path.slice(ROOT.length) : path);
    } else if (specifier.startsWith("npm:")) {
      npm.push(specifier.replace(/^npm:\/?/, ""));
    } else {
      local.push(specifier);
    }
  }
  const unexpected = [
    ...local.filter((path) =>
      path !== "src/main.ts" && !HOOK_PATH_DIRS.some((dir) => path.startsWith(dir))
    ),
    ...npm.filter((name) => {
      const match = /^(@?[^@/]+(?:\/[^@/]+)?)@[^/]+(?:\/(.*))?$/.exec(name);
      const allowed = match?.[1] === undefined ? undefined : ALLOWED_NPM.get(match[1]);
      return allowed === undefined || !allowed.includes(match?.[2] ?? "");
    }),
  ];
  return { local: local.sort(), npm: npm.sort(), unexpected, actionOnly: actionOnly.sort() };
}

interface ModuleEntry {
  readonly specifier: string;
  readonly dependencies?: readonly {
    readonly code?: { readonly specifier?: string };
    readonly isDynamic?: boolean;
  }[];
}

function relativeName(specifier: string): string {
  if (!specifier.startsWith("file://")) return specifier;
  const path = fileURLToPath(specifier);
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** The specifiers reachable from the roots without the dynamic import of an action. */
function withoutActions(graph: { roots: string[]; modules: ModuleEntry[] }): Set<string> {
  const bySpecifier = new Map(graph.modules.map((entry) => [entry.specifier, entry]));
  const seen = new Set<string>();
  const queue = [...graph.roots];
  while (queue.length > 0) {
    const specifier = queue.pop() as string;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
      const target = dependency.code?.specifier;
      if (target === undefined) continue;
      if (dependency.isDynamic === true && relativeName(target).startsWith(ACTION_DIR)) continue;
      queue.push(target);
    }
  }
  return seen;
}

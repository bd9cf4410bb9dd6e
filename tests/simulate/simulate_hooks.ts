/**
 * The hooks `deno task simulate` knows: the ones Juju runs on any machine
 * charm, and the relation hooks of the endpoints the charm declares; besides
 * them, it runs the charm's actions. A name that is none of these is refused
 * before anything runs, so a misspelled hook is not run as an unobserved one
 * that silently does nothing.
 *
 * @module
 */

import { readCharmcraftYaml } from "../../src/build/charmcraft_project.ts";
import { CHARMCRAFT_YAML } from "../fake_juju/charm_options.ts";
import { SimulateUsageError } from "./simulate_args.ts";

/** The hooks Juju runs on a machine charm whatever its endpoints. */
export const CHARM_HOOKS = [
  "install",
  "start",
  "config-changed",
  "upgrade-charm",
  "update-status",
  "leader-elected",
  "leader-settings-changed",
  "pre-series-upgrade",
  "post-series-upgrade",
  "collect-metrics",
  "secret-changed",
  "secret-expired",
  "secret-remove",
  "secret-rotate",
  "stop",
  "remove",
] as const;

/** What happens to a relation, each a hook per endpoint: `<endpoint>-relation-<event>`. */
export const RELATION_EVENTS = ["created", "joined", "changed", "departed", "broken"] as const;

/**
 * Every hook name Juju can run for a charm with these endpoints.
 *
 * @param endpoints The charm's relation endpoints (`requires`, `provides`, `peers`).
 * @returns The hooks of {@link CHARM_HOOKS}, then each endpoint's relation hooks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { knownHooks } from "./simulate_hooks.ts";
 * assert.ok(knownHooks(["backup"]).includes("backup-relation-broken"));
 * ```
 */
export function knownHooks(endpoints: readonly string[]): string[] {
  return [
    ...CHARM_HOOKS,
    ...endpoints.flatMap((endpoint) =>
      RELATION_EVENTS.map((event) => `${endpoint}-relation-${event}`)
    ),
  ];
}

/**
 * The endpoints the repository's `charmcraft.yaml` declares.
 *
 * @param path A `charmcraft.yaml`; the repository's when absent.
 * @returns The names under `requires`, `provides` and `peers`, in that order.
 */
export async function readEndpoints(path: string = CHARMCRAFT_YAML): Promise<string[]> {
  const project = await readCharmcraftYaml(path);
  return [project.requires, project.provides, project.peers].flatMap((relations) =>
    Object.keys(relations ?? {})
  );
}

/**
 * Refuse a name that is neither a known hook nor one of the charm's actions,
 * naming the known ones and the closest to what was typed.
 *
 * @param name The hook or action the command line names.
 * @param known The known hooks, from {@link knownHooks}.
 * @param actions The charm's actions.
 * @throws {SimulateUsageError} When `name` is none of them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkHookName, knownHooks } from "./simulate_hooks.ts";
 * assert.throws(
 *   () => checkHookName("confg-changed", knownHooks(["backup"])),
 *   /did you mean "config-changed"/,
 * );
 * ```
 */
export function checkHookName(
  name: string,
  known: readonly string[],
  actions: readonly string[] = [],
): void {
  const names = [...known, ...actions];
  if (names.includes(name)) return;
  const closest = names.map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const hint = closest !== undefined && closest.distance <= 3
    ? ` (did you mean ${JSON.stringify(closest.candidate)}?)`
    : "";
  const listed = actions.length === 0 ? "" : `; the actions are ${actions.join(", ")}`;
  throw new SimulateUsageError(
    `Unknown hook ${JSON.stringify(name)}${hint}: the hooks are ${known.join(", ")}${listed}`,
  );
}

/** Levenshtein distance, for the suggestion. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * `actions.yaml`, derived from the `actions` section of `charmcraft.yaml`,
 * which charmcraft copies as it is: each action's `description` and, where
 * given, its `params` (JSON Schema per parameter), `required`,
 * `additionalProperties`, `parallel` and `execution-group`.
 *
 * @module
 */

import type { ActionSpec, CharmcraftProject } from "./charmcraft_project.ts";

/** The content of `actions.yaml`: each action by name. */
export type CharmActions = Readonly<Record<string, ActionSpec>>;

/**
 * Derive `actions.yaml` from a project.
 *
 * @param project The checked project.
 * @returns The actions, or `undefined` when the project declares none
 * (charmcraft then writes no `actions.yaml`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { charmActions } from "./actions_yaml.ts";
 * import { parseCharmcraftYaml } from "./charmcraft_project.ts";
 * const actions = charmActions(parseCharmcraftYaml(
 *   "type: charm\nname: demo\nsummary: s\ndescription: d\nplatforms:\n  ubuntu@24.04:amd64:\n" +
 *     "actions:\n  show-it:\n    description: Show it.\n",
 * ));
 * assert.deepEqual(actions, { "show-it": { description: "Show it." } });
 * ```
 */
export function charmActions(project: CharmcraftProject): CharmActions | undefined {
  const declared = project.actions;
  if (declared === undefined || Object.keys(declared).length === 0) return undefined;
  return structuredClone(declared);
}

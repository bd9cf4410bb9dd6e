/**
 * The charm's contract with Juju and with the machine, written out as the
 * tests expect it, never imported from `src/`: a test that took these lists
 * from the charm would pass whatever the charm did. Changing the contract
 * means changing this file on purpose.
 *
 * @module
 */

/** The hooks that run the reconcile; every other hook runs no hook tool. */
export const CONTRACT_OBSERVED_HOOKS: readonly string[] = [
  "config-changed",
  "upgrade-charm",
  "leader-elected",
  "leader-settings-changed",
  "backup-relation-created",
  "backup-relation-changed",
  "backup-relation-broken",
  "remove",
];

/** The hook tools the charm's hooks run. */
export const CONTRACT_HOOK_TOOLS: readonly string[] = [
  "config-get",
  "is-leader",
  "relation-ids",
  "relation-get",
  "relation-set",
  "status-set",
  "juju-log",
];

/** The actions the charm has. */
export const CONTRACT_ACTIONS: readonly string[] = ["show-backup-config"];

/**
 * The tools only its actions run: `action-set` for the results, `action-fail`
 * for a failure. No `action-get`: the one action takes no parameters (Juju
 * refuses any it is given), so there is nothing to read.
 */
export const CONTRACT_ACTION_TOOLS: readonly string[] = ["action-set", "action-fail"];

/** Every program the charm may run, and no other. */
export const CONTRACT_ALL_TOOLS: readonly string[] = [
  ...CONTRACT_HOOK_TOOLS,
  ...CONTRACT_ACTION_TOOLS,
];

/** The environment variables the charm may read, and no other. */
export const CONTRACT_ENV_VARS: readonly string[] = [
  "JUJU_DISPATCH_PATH",
  "JUJU_HOOK_NAME",
  "JUJU_UNIT_NAME",
  "JUJU_RELATION_ID",
  "BACKUP_INTEGRATOR_OPT_DIR",
];

/**
 * What Juju's hook tools read from their environment, so what `dispatch`
 * must hand the binary beside the variables the charm reads (the binary's
 * hook tools inherit its environment). From the hook-tool client of `jujud`
 * (cmd/jujud/main.go: `hookToolMain`, `getSocket`): the context id, the
 * agent's socket address and network, and for a `tcp` socket the CA
 * certificate file (with `JUJU_UNIT_NAME`, which the charm reads anyway);
 * the token is optional. Nothing else.
 */
export const CONTRACT_HOOK_TOOL_ENV_VARS: readonly string[] = [
  "JUJU_CONTEXT_ID",
  "JUJU_AGENT_SOCKET_ADDRESS",
  "JUJU_AGENT_SOCKET_NETWORK",
  "JUJU_AGENT_CA_CERT",
  "JUJU_AGENT_TOKEN",
];

/** The base directory the charm may read and write in production. */
export const CONTRACT_OPT_DIR = "/opt/backup-integrator-charm";

/**
 * The Deno permission flags the charm runs with, as the contract states them.
 *
 * @param optDir The one directory it may read and write.
 * @returns The flags, in the order `permissionFlags()` gives them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contractPermissionFlags } from "./contract.ts";
 * assert.ok(contractPermissionFlags("/x").includes("--allow-write=/x"));
 * ```
 */
export function contractPermissionFlags(optDir: string = CONTRACT_OPT_DIR): string[] {
  return [
    "--no-prompt",
    `--allow-env=${CONTRACT_ENV_VARS.join(",")}`,
    `--allow-run=${CONTRACT_ALL_TOOLS.join(",")}`,
    "--allow-sys=uid",
    `--allow-read=${optDir}`,
    `--allow-write=${optDir}`,
  ];
}

/**
 * The charm's actions, run by `main()` for `JUJU_DISPATCH_PATH=actions/<name>`
 * and loaded only then (a dynamic `import()`), so no hook pays for them.
 *
 * An action reports a failure the way an operator can read it: `action-fail`
 * with the reason, then exit 0, so `juju run` shows the reason instead of
 * Juju's bare `exit status 1`. An unknown action fails the same way, naming
 * the actions there are.
 *
 * @module
 */

import { resolveOptDir, scriptsDir } from "../charm/paths.ts";
import type { Environment, JujuContext } from "../juju/context.ts";
import type { HookToolRunner } from "../juju/hook_tool_runner.ts";
import { actionFail, jujuLog } from "../juju/hook_tools.ts";
import { describeError, printable } from "../juju/printable.ts";
import { SHOW_BACKUP_CONFIG } from "./backup_report.ts";
import { showBackupConfig } from "./show_backup_config.ts";

/** The actions the charm has, as `charmcraft.yaml` declares them. */
export const ACTIONS: readonly string[] = [SHOW_BACKUP_CONFIG];

/** Most characters of a failure message. */
const MAX_MESSAGE_LENGTH = 2000;

/** What {@link runAction} works with. */
export interface ActionOptions {
  /** The action's context; its target is the action. */
  readonly context: JujuContext;
  /** The environment (for the base directory). */
  readonly env: Environment;
  /** Runs the hook tools. */
  readonly runner: HookToolRunner;
  /** The user the charm's files belong to. */
  readonly uid: number;
}

/**
 * Run one action; a failure becomes `action-fail` with its reason.
 *
 * @param options The context, environment, runner and the charm's user.
 * @returns The exit code: 0 when the action ran or `action-fail` reported
 * why not, 1 when even that failed.
 */
export async function runAction(options: ActionOptions): Promise<number> {
  const { context, runner } = options;
  const name = context.target.name;
  try {
    if (name !== SHOW_BACKUP_CONFIG) {
      await actionFail(
        runner,
        printable(
          `unknown action ${JSON.stringify(name)}: this charm has ${ACTIONS.join(", ")}`,
          MAX_MESSAGE_LENGTH,
        ),
      );
      return 0;
    }
    await showBackupConfig({
      context,
      runner,
      scriptsDir: scriptsDir(resolveOptDir(options.env), context.appName),
      uid: options.uid,
    });
    return 0;
  } catch (error) {
    const message = printable(`${name} failed: ${describeError(error)}`, MAX_MESSAGE_LENGTH);
    try {
      await jujuLog(runner, { level: "ERROR", message });
      await actionFail(runner, message);
      return 0;
    } catch {
      return 1;
    }
  }
}

/**
 * Entry of the executable fake hook tools:
 * `deno run … tool_main.ts <tool> <args…>`.
 *
 * Loads the model from the file named by `FAKE_JUJU_STATE`, builds the hook
 * context from the environment the hook passed on (`JUJU_UNIT_NAME`,
 * `JUJU_HOOK_NAME`, `JUJU_RELATION_ID`, `JUJU_REMOTE_UNIT`, and
 * `FAKE_JUJU_BROKEN_RELATION` set by the harness in `-relation-broken`), reads
 * stdin for `--file -`, runs the tool, saves the model (temporary file, then
 * rename), prints what the tool printed, and exits with its code. Tools run
 * one at a time within a hook, so there is no locking.
 *
 * @module
 */

import { type FakeModel, type HookContext, isFakeTool, readsStdin, runTool } from "./model.ts";

/** The variable naming the model's state file. */
export const STATE_ENV = "FAKE_JUJU_STATE";

/** The variable naming the relation being broken, set only in `-relation-broken` hooks. */
export const BROKEN_RELATION_ENV = "FAKE_JUJU_BROKEN_RELATION";

/**
 * Build the calling unit's hook context from its environment.
 *
 * @param env The environment.
 * @returns The context; empty variables count as absent.
 * @throws {TypeError} When `JUJU_UNIT_NAME` is unset.
 */
export function contextFromEnv(env: Readonly<Record<string, string | undefined>>): HookContext {
  const unit = env["JUJU_UNIT_NAME"];
  if (unit === undefined || unit === "") throw new TypeError("JUJU_UNIT_NAME is unset");
  const optional = {
    relationId: env["JUJU_RELATION_ID"],
    remoteUnit: env["JUJU_REMOTE_UNIT"],
    brokenRelationId: env[BROKEN_RELATION_ENV],
  };
  const context: { -readonly [K in keyof HookContext]: HookContext[K] } = {
    unit,
    hook: env["JUJU_HOOK_NAME"] ?? "",
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined && value !== "") {
      context[key as "relationId" | "remoteUnit" | "brokenRelationId"] = value;
    }
  }
  return context;
}

async function main(argv: readonly string[]): Promise<number> {
  const [tool, ...args] = argv;
  if (tool === undefined || !isFakeTool(tool)) {
    await writeAll(Deno.stderr, `ERROR unknown fake hook tool: ${JSON.stringify(tool ?? "")}\n`);
    return 2;
  }
  const statePath = Deno.env.get(STATE_ENV);
  if (statePath === undefined || statePath === "") {
    await writeAll(Deno.stderr, `ERROR ${STATE_ENV} is unset\n`);
    return 1;
  }
  const context = contextFromEnv(Deno.env.toObject());
  const stdin = readsStdin(tool, args) ? await new Response(Deno.stdin.readable).text() : undefined;
  // Juju's agent runs a single hook-tool command at a time (a mutex in its
  // jujuc server), however many tool processes a hook starts at once; the
  // fake serialises them the same way, with an exclusive lock on a lock file.
  const lock = await Deno.open(`${statePath}.lock`, { create: true, write: true });
  let result;
  try {
    await lock.lock(true);
    const model = JSON.parse(await Deno.readTextFile(statePath)) as FakeModel;
    result = runTool(model, context, {
      tool,
      args,
      ...(stdin === undefined ? {} : { stdin }),
    });
    await saveModel(statePath, model);
  } finally {
    lock.close();
  }
  await writeAll(Deno.stdout, result.stdout);
  await writeAll(Deno.stderr, result.stderr);
  return result.exitCode;
}

/**
 * Replace the state file atomically: a temporary file in the same directory,
 * then a rename over the old one.
 */
async function saveModel(path: string, model: FakeModel): Promise<void> {
  const directory = path.slice(0, Math.max(path.lastIndexOf("/"), 0)) || "/";
  const temporary = await Deno.makeTempFile({ dir: directory, prefix: ".state-", suffix: ".json" });
  try {
    await Deno.writeTextFile(temporary, `${JSON.stringify(model, null, 2)}\n`);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

async function writeAll(
  target: { write(p: Uint8Array): Promise<number> },
  text: string,
): Promise<void> {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) {
    const written = await target.write(bytes);
    bytes = bytes.subarray(written);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}

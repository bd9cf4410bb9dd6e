/**
 * Entry of the executable fake hook tools:
 * `deno run … tool_main.ts <tool> <args…>`.
 *
 * Finds the hook's context by the `JUJU_CONTEXT_ID` the hook passed on, as
 * Juju's unit agent does (`loadHookContext`), reads stdin for `--file -`,
 * then, holding an exclusive lock on `<state file>.lock`, loads the model
 * from the file named by `FAKE_JUJU_STATE` (set by the tool's launcher, not
 * by the hook), runs the tool and saves the model (atomically); then
 * prints what the tool printed and exits with its code. The lock matters:
 * the charm starts several tools at once, and each is a process of its own.
 *
 * @module
 */

import { loadHookContext } from "./hook_context.ts";
import { saveJson } from "./json_file.ts";
import type { FakeModel } from "./model.ts";
import { isFakeTool, runTool, type ToolResult } from "./tool_dispatch.ts";
import { readsStdin } from "./tools/relation_set.ts";

/** The variable naming the model's state file. */
export const STATE_ENV = "FAKE_JUJU_STATE";

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
  let context;
  try {
    context = await loadHookContext(statePath, Deno.env.get("JUJU_CONTEXT_ID"));
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    await writeAll(Deno.stderr, `ERROR ${error.message}\n`);
    return 1;
  }
  const stdin = readsStdin(tool, args) ? await new Response(Deno.stdin.readable).text() : undefined;
  // Juju's agent runs a single hook-tool command at a time (a mutex in its
  // jujuc server), however many tool processes a hook starts at once; the
  // fake serialises them the same way, with an exclusive lock on a lock file.
  const lock = await Deno.open(`${statePath}.lock`, { create: true, write: true });
  let result: ToolResult;
  try {
    await lock.lock(true);
    const model = JSON.parse(await Deno.readTextFile(statePath)) as FakeModel;
    result = runTool(model, context, {
      tool,
      args,
      ...(stdin === undefined ? {} : { stdin }),
    });
    await saveJson(statePath, model);
  } finally {
    lock.close();
  }
  await writeAll(Deno.stdout, result.stdout);
  await writeAll(Deno.stderr, result.stderr);
  return result.exitCode;
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

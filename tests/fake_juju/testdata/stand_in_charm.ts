/**
 * A tiny stand-in for the charm's program, for tests of the harness itself.
 * It runs under the charm's own permission flags, so it may read only the
 * variables the charm reads, run only the charm's hook tools, and write only
 * under the base directory.
 *
 * Each run: logs what is being dispatched; reads config; on the leader,
 * publishes `fileset` to every `backup` relation; writes
 * `<base dir>/ran-<hook>`; sets `active`; then exits 1 when the config option
 * `fail` is true. A failing hook tool makes it print the tool's stderr and
 * exit 1.
 *
 * @module
 */

/** A hook tool exited non-zero. */
class ToolFailed extends Error {
  /**
   * @param stderr What the tool printed on stderr.
   */
  constructor(stderr: string) {
    super(stderr);
    this.name = "ToolFailed";
  }
}

async function tool(name: string, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(name, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const output = await child.output();
  if (!output.success) throw new ToolFailed(new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout);
}

async function main(): Promise<number> {
  const dispatchPath = Deno.env.get("JUJU_DISPATCH_PATH") ?? "";
  const hook = Deno.env.get("JUJU_HOOK_NAME") ?? "";
  try {
    await tool("juju-log", ["--", `dispatch=${dispatchPath} hook=${hook}`]);
    const config = JSON.parse(await tool("config-get", ["--format=json"])) as Record<
      string,
      unknown
    >;
    if (JSON.parse(await tool("is-leader", ["--format=json"])) === true) {
      const ids = JSON.parse(await tool("relation-ids", ["backup", "--format=json"])) as string[];
      for (const id of ids) {
        const data = JSON.stringify({ fileset: String(config["fileset"] ?? "") });
        await tool("relation-set", ["-r", id, "--app", "--file", "-"], data);
      }
    }
    const optDir = Deno.env.get("BACKUP_INTEGRATOR_OPT_DIR") ?? "/nonexistent";
    await Deno.writeTextFile(`${optDir}/ran-${hook || "dispatch"}`, dispatchPath);
    await tool("status-set", ["active", "--", `fileset ${String(config["fileset"])}`]);
    return config["fail"] === true ? 1 : 0;
  } catch (error) {
    console.error(error instanceof ToolFailed ? error.message.trim() : String(error));
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(await main());
}

/**
 * Tries what the charm must and must not be able to do, and prints one JSON
 * object: each attempt's name mapped to `ok:<result>` or the error's name
 * (`NotCapable` when a permission refused it). Run by
 * `least_privilege_test.ts` under the charm's permission flags.
 *
 * Arguments: the base directory, and a directory outside it.
 *
 * @module
 */

const [optDir = "", outside = ""] = Deno.args;
const results: Record<string, string> = {};

async function attempt(name: string, action: () => unknown): Promise<void> {
  try {
    results[name] = `ok:${String(await action())}`;
  } catch (error) {
    results[name] = error instanceof Error ? error.name : String(error);
  }
}

async function run(tool: string): Promise<string> {
  const output = await new Deno.Command(tool, { stdout: "piped", stderr: "null" }).output();
  return `${output.code}:${new TextDecoder().decode(output.stdout).trim()}`;
}

await attempt("read /etc/passwd", () => Deno.readTextFile("/etc/passwd").then(() => "read"));
await attempt("run sh", () => run("sh"));
await attempt("run /bin/sh", () => run("/bin/sh"));
await attempt("run env", () => run("env"));
await attempt("run is-leader", () => run("is-leader"));
await attempt("read HOME", () => Deno.env.get("HOME"));
await attempt("read PATH", () => Deno.env.get("PATH"));
await attempt("read JUJU_MODEL_UUID", () => Deno.env.get("JUJU_MODEL_UUID"));
await attempt("read all variables", () => Object.keys(Deno.env.toObject()).length);
await attempt("read JUJU_UNIT_NAME", () => Deno.env.get("JUJU_UNIT_NAME"));
await attempt("read BACKUP_INTEGRATOR_OPT_DIR", () => Deno.env.get("BACKUP_INTEGRATOR_OPT_DIR"));
await attempt("write inside", () => Deno.writeTextFile(`${optDir}/probe`, "x").then(() => "wrote"));
await attempt("read inside", () => Deno.readTextFile(`${optDir}/probe`));
await attempt("write outside", () => Deno.writeTextFile(`${outside}/probe`, "x"));
await attempt("read outside", () => Deno.readDir(outside)[Symbol.asyncIterator]().next());
const parent = optDir.slice(0, optDir.lastIndexOf("/"));
await attempt("write the base's parent", () => Deno.writeTextFile(`${parent}/probe`, "x"));
await attempt("stat the base's parent", () => Deno.stat(parent).then((info) => info.isDirectory));
await attempt("uid", () => typeof Deno.uid());
await attempt("hostname", () => Deno.hostname());
await attempt("connect", () => Deno.connect({ hostname: "127.0.0.1", port: 9 }));
console.log(JSON.stringify(results));

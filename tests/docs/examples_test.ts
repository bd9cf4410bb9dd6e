/**
 * What CONTRIBUTING.md says of JSDoc examples holds: every exported function
 * in `src/` that runs synchronously has a runnable `@example` (which
 * `deno test --doc` runs), except the two that only create something doing
 * I/O outside a test's reach. Functions that return a promise (they spawn
 * processes, read files or call hook tools) are shown by their tests.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Synchronous exports without an example, and why each has none. */
const EXEMPT: Readonly<Record<string, string>> = {
  createProcessRunner: "its runner spawns Juju's hook tools, which exist only in a hook",
  createScriptStore: "its store checks that the directories belong to the charm's user, root",
};

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await sourceFiles(path));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files.sort();
}

/** Each exported function of `text`: its name, whether it returns a promise, and its JSDoc. */
function exportedFunctions(text: string) {
  return [...text.matchAll(/export (async )?function (\w+)/g)].map((m) => {
    const start = m.index;
    const before = text.slice(Math.max(0, start - 8000), start);
    const doc = /(\/\*\*(?:(?!\*\/)[\s\S])*?\*\/)\s*$/.exec(before)?.[1] ?? "";
    // The parameters, parentheses matched; then the return type, up to the body's "{".
    let depth = 0;
    let end = text.indexOf("(", start);
    for (; end < text.length; end++) {
      if (text[end] === "(") depth++;
      else if (text[end] === ")" && --depth === 0) break;
    }
    const returns = text.slice(end + 1, text.indexOf("{\n", end));
    return {
      name: m[2]!,
      promise: m[1] !== undefined || /^\s*:\s*Promise</.test(returns),
      doc,
    };
  });
}

Deno.test("docs: every synchronous exported function in src/ has a runnable @example", async () => {
  const missing: string[] = [];
  let checked = 0;
  for (const path of await sourceFiles(join(ROOT, "src"))) {
    for (const fn of exportedFunctions(await Deno.readTextFile(path))) {
      if (fn.promise || fn.name in EXEMPT) continue;
      checked++;
      if (!/@example\s+\*\s+```ts/.test(fn.doc)) {
        missing.push(`${relative(ROOT, path)}: ${fn.name}`);
      }
    }
  }
  assert.ok(checked >= 50, `only ${checked} functions found: is the pattern still right?`);
  assert.deepEqual(missing, [], "add a runnable @example, or say in EXEMPT why there is none");
  const guide = (await Deno.readTextFile(join(ROOT, "CONTRIBUTING.md"))).replace(/\s+/g, " ");
  assert.match(guide, /runnable `@example` on every exported function that returns no promise/);
});

/**
 * CONTRIBUTING.md's recipe for a new config option names only files and
 * names that exist: every path it gives is in the repository, and every
 * identifier it tells you to edit is declared where the code has it. The
 * recipe itself was followed by hand on a scratch option (`compression`);
 * this keeps what it points at from going stale.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sourceTexts } from "./claim_checks.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The text of the `## ` section titled `title`. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  assert.ok(start !== -1, `CONTRIBUTING.md has no "## ${title}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

Deno.test("docs: the new-option recipe in CONTRIBUTING.md names files and code that exist", async () => {
  const recipe = section(
    await Deno.readTextFile(join(ROOT, "CONTRIBUTING.md")),
    "Add a config option, end to end",
  );
  const spans = [...recipe.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)].map((m) => m[1]!.trim());
  const paths = spans.filter((span) => /^(src|tests)\/.+\.ts$|^charmcraft\.yaml$/.test(span));
  assert.ok(paths.length >= 8, `only ${paths.length} paths in the recipe`);
  const missing: string[] = [];
  for (const path of paths) {
    await Deno.stat(join(ROOT, path)).catch(() => missing.push(path));
  }
  assert.deepEqual(missing, [], "paths the recipe names that do not exist");

  const code =
    (await Promise.all([sourceTexts(join(ROOT, "src")), sourceTexts(join(ROOT, "tests"))]))
      .flat().join("\n");
  // An identifier: called (`name()`) or with a capital (`CharmConfig`, `CONFIGS`).
  const names = spans.map((span) => /^([A-Za-z_]\w*)(\(\))?$/.exec(span))
    .filter((m) => m !== null && (m[2] !== undefined || /[A-Z]/.test(m[1]!)))
    .map((m) => m![1]!);
  const declared = (name: string) =>
    new RegExp(`(?:export |^)(?:const|function|interface|type|class) ${name}\\b`, "m").test(code);
  for (const name of ["CONFIG_OPTIONS", "parseCharmConfig", "CharmConfig", "CONFIGS"]) {
    assert.ok(names.includes(name), `the recipe names ${name}`);
  }
  assert.deepEqual(names.filter((name) => !declared(name)), [], "names no code declares");
});

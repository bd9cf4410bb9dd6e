/**
 * The docs checks fail when they should: each is run on pages that are wrong
 * on purpose.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  brokenLinks,
  codeSectionNames,
  mermaidProblems,
  missingCodeSpans,
  sectionMismatches,
} from "./doc_checks.ts";
import { anchors, codeBlocks, links, parseMarkdown, readMarkdown, tables } from "./markdown.ts";
import { loadMermaidParser } from "./mermaid_parser.ts";

async function withPages(
  pages: Record<string, string>,
  body: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "docs_checks_" });
  try {
    for (const [name, text] of Object.entries(pages)) {
      await Deno.mkdir(join(dir, name, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, name), text);
    }
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("brokenLinks() reports missing files, missing anchors and root-relative links", async () => {
  await withPages({
    "README.md": [
      "# Read me",
      "",
      "[ok](docs/a.md) [ok](docs/a.md#options) [ok](docs/) [ok](#read-me)",
      "[ok](https://documentation.ubuntu.com/juju/) `[not a link](nowhere.md)`",
      "[gone](docs/gone.md) [bad anchor](docs/a.md#nope) [self](#nope) [root](/docs/a.md)",
      "",
      "[ref]: docs/b.md",
    ].join("\n"),
    "docs/a.md": "# A\n\n## Options\n\n[up](../README.md#read-me)\n",
  }, async (dir) => {
    const problems = await brokenLinks(await readMarkdown(join(dir, "README.md")));
    assert.equal(problems.length, 5, problems.join("\n"));
    assert.match(problems[0]!, /README\.md:5: link "docs\/gone\.md": no such file/);
    assert.match(problems[1]!, /link "docs\/a\.md#nope": no heading with anchor "#nope"/);
    assert.match(problems[2]!, /link "#nope": no heading with anchor "#nope"/);
    assert.match(problems[3]!, /link "\/docs\/a\.md" is root-relative/);
    assert.match(problems[4]!, /README\.md:7: link "docs\/b\.md": no such file/);
    assert.deepEqual(await brokenLinks(await readMarkdown(join(dir, "docs/a.md"))), []);
  });
});

Deno.test("anchors() gives GitHub's slugs, numbering repeated headings, and HTML anchors", () => {
  const doc = parseMarkdown(
    "a.md",
    '# `juju config` → reconcile\n\n## Notes\n\n## Notes\n\n<a id="kept"></a>\n',
  );
  assert.deepEqual(
    [...anchors(doc)].sort(),
    ["juju-config--reconcile", "kept", "notes", "notes-1"],
  );
});

Deno.test("links(), codeBlocks() and tables() read only what Markdown makes of the text", () => {
  const doc = parseMarkdown(
    "a.md",
    [
      "Text [a](a.md) and `[b](b.md)`.",
      "",
      "```mermaid",
      "flowchart TD",
      "  a --> b",
      "```",
      "",
      "```sh",
      "[c](c.md)",
      "```",
      "",
      "| Value after `fileset=` | Status    |",
      "| ---------------------- | --------- |",
      "| `'/a \\| b'`            | `blocked` |",
    ].join("\n"),
  );
  assert.deepEqual(links(doc).map((link) => [link.href, link.line]), [["a.md", 1]]);
  assert.deepEqual(codeBlocks(doc).map((block) => [block.lang, block.line]), [
    ["mermaid", 3],
    ["sh", 8],
  ]);
  assert.deepEqual(tables(doc), [{
    header: ["Value after fileset=", "Status"],
    rows: [["'/a | b'", "blocked"]],
    line: 12,
  }]);
});

Deno.test("sectionMismatches() reports an undocumented option and a section for no option", () => {
  const doc = parseMarkdown(
    "configuration.md",
    "## Options\n\n### `fileset`\n\n### `old-option`\n\n### Script options\n\n#### `x`\n",
  );
  assert.deepEqual(codeSectionNames(doc), ["fileset", "old-option"]);
  assert.deepEqual(sectionMismatches(doc, ["fileset", "run-after-backup"]), [
    'configuration.md: "run-after-backup" has no "### `run-after-backup`" section',
    'configuration.md: section "### `old-option`" documents something that does not exist',
  ]);
  assert.deepEqual(sectionMismatches(doc, ["fileset", "old-option"]), []);
});

Deno.test("missingCodeSpans() reports a hook named only in plain text", () => {
  const doc = parseMarkdown("architecture.md", "1. `config-changed`\n2. remove\n");
  assert.deepEqual(missingCodeSpans(doc, ["config-changed", "remove"]), [
    "architecture.md: does not mention `remove`",
  ]);
});

Deno.test("mermaidProblems() passes good diagrams and reports the ones Mermaid cannot parse", async () => {
  const parse = await loadMermaidParser();
  const doc = parseMarkdown(
    "flows.md",
    [
      "```mermaid",
      "flowchart TD",
      '  a(["Start"]) --> b{"Leader?"}',
      "  b -- yes --> c",
      "```",
      "",
      "```mermaid",
      "C4Context",
      '  System_Boundary(model, "Model") {',
      '    Component(x, "x", "charm", "does x")',
      "  }",
      "```",
      "",
      "```mermaid",
      "flowchart TD",
      "  a --> (b",
      "```",
      "",
      "```mermaid",
      "C4Context",
      '  Persn(a, "A")',
      "```",
      "",
      "```mermaid",
      "C4Context",
      '  System_Boundary(model, "Model") {',
      '    Component(x, "x", "charm", "does x")',
      "```",
    ].join("\n"),
  );
  const result = await mermaidProblems(doc, parse);
  assert.equal(result.blocks, 5);
  assert.equal(result.problems.length, 3, result.problems.join("\n"));
  assert.match(result.problems[0]!, /^flows\.md:14: Mermaid block does not parse: Parse error/);
  assert.match(result.problems[1]!, /^flows\.md:19: .*Lexical error/);
  assert.match(result.problems[2]!, /^flows\.md:24: .*Parse error/);
});

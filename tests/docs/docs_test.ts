/**
 * The docs stay true to the code: links resolve, every option and observed
 * hook is documented, every Mermaid diagram parses with Mermaid's own parser,
 * and the examples, paths, statuses, permissions and code quoted in the docs
 * are what the code gives.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { encodeBackupSpec } from "../../src/backup_interface/requirer_data.ts";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { CONTRACT_OBSERVED_HOOKS, contractPermissionFlags } from "../contract.ts";
import { DEFAULT_OPT_DIR, scriptsDir } from "../../src/charm/paths.ts";
import {
  brokenLinks,
  mermaidProblems,
  missingCodeSpans,
  resolveLink,
  sectionMismatches,
} from "./doc_checks.ts";
import { codeBlocks, links, type MarkdownDoc, readMarkdown, tables } from "./markdown.ts";
import { loadMermaidParser } from "./mermaid_parser.ts";
import { blocksInSection, sourceTexts } from "./claim_checks.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const README = join(ROOT, "README.md");
const CONTRIBUTING = join(ROOT, "CONTRIBUTING.md");
const DOCS = join(ROOT, "docs");

/**
 * The pages the issues ask for; each must exist and be linked from the README.
 * The last five hold what the README held before it became the Charmhub page.
 */
const REQUIRED_PAGES = [
  "architecture.md",
  "event-flow.md",
  "configuration.md",
  "integration.md",
  "security.md",
  "upgrading.md",
  "troubleshooting.md",
  "README.md",
  "building.md",
  "ci.md",
  "performance.md",
  "simulate.md",
  "interface/backup/README.md",
];

/** The script path the docs show, built the way the charm builds it. */
const SCRIPT_PATH = `${scriptsDir(DEFAULT_OPT_DIR, "<application>")}/<option>`;

/** Every Markdown page under docs/, subdirectories included. */
async function docsPages(dir: string = DOCS): Promise<string[]> {
  const pages: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) pages.push(...await docsPages(path));
    else if (entry.isFile && entry.name.endsWith(".md")) pages.push(path);
  }
  return pages.sort();
}

async function allDocs(): Promise<MarkdownDoc[]> {
  return await Promise.all([README, CONTRIBUTING, ...await docsPages()].map(readMarkdown));
}

function page(name: string): Promise<MarkdownDoc> {
  return readMarkdown(join(DOCS, name));
}

Deno.test("docs: every page the issue asks for exists and the README links it", async () => {
  const readme = await readMarkdown(README);
  const linked = new Set(
    links(readme).map((link) => resolveLink(readme, link.href)?.path).filter((path) =>
      path !== undefined
    ),
  );
  const pages = await docsPages();
  for (const name of REQUIRED_PAGES) {
    assert.ok(pages.includes(join(DOCS, name)), `docs/${name} is missing`);
  }
  assert.deepEqual(pages.filter((path) => !linked.has(path)), [], "pages the README does not link");
});

Deno.test("docs: the docs index links every page of docs/ and CONTRIBUTING.md", async () => {
  const index = await page("README.md");
  const linked = new Set(links(index).map((link) => resolveLink(index, link.href)?.path));
  const pages = (await docsPages()).filter((path) => path !== index.path);
  assert.ok(pages.length >= REQUIRED_PAGES.length - 1);
  assert.deepEqual(
    [...pages, CONTRIBUTING].filter((path) => !linked.has(path)),
    [],
    "pages docs/README.md does not link",
  );
});

Deno.test("README.md, the page Charmhub shows, stays at 200 lines or fewer", async () => {
  const lines = (await Deno.readTextFile(README)).split("\n").length - 1;
  assert.ok(lines <= 200, `README.md has ${lines} lines`);
});

Deno.test("docs: every relative link in the README and docs/ resolves, anchors included", async () => {
  const problems = (await Promise.all((await allDocs()).map(brokenLinks))).flat();
  assert.deepEqual(problems, []);
});

Deno.test("docs: configuration.md has a section for each option in charmcraft.yaml, and no other", async () => {
  const project = parseYaml(await Deno.readTextFile(join(ROOT, "charmcraft.yaml"))) as {
    config?: { options?: Record<string, unknown> };
  };
  const options = Object.keys(project.config?.options ?? {});
  assert.ok(options.length > 0, "charmcraft.yaml has no config options");
  assert.deepEqual(sectionMismatches(await page("configuration.md"), options), []);
});

Deno.test("docs: architecture.md names every hook the charm observes", async () => {
  assert.deepEqual(missingCodeSpans(await page("architecture.md"), CONTRACT_OBSERVED_HOOKS), []);
});

Deno.test("docs: every Mermaid block parses with Mermaid's own parser", async () => {
  const parse = await loadMermaidParser();
  const counts: Record<string, number> = {};
  const problems: string[] = [];
  for (const doc of await allDocs()) {
    const result = await mermaidProblems(doc, parse);
    counts[doc.path] = result.blocks;
    problems.push(...result.problems);
  }
  assert.deepEqual(problems, []);
  assert.ok((counts[join(DOCS, "architecture.md")] ?? 0) >= 1, "architecture.md has no diagram");
  assert.ok((counts[join(DOCS, "event-flow.md")] ?? 0) >= 2, "event-flow.md has no flowcharts");
});

/**
 * Read a value written as a shell word: bare, `'single-quoted'`, or
 * `$'ANSI-C quoted'` with `\n`, `\t`, `\\`, `\'` and `\uXXXX`.
 */
function shellWord(word: string): string {
  if (word.startsWith("$'") && word.endsWith("'") && word.length >= 3) {
    const escapes: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", "'": "'" };
    return word.slice(2, -1).replace(
      /\\(u[0-9a-fA-F]{4}|.)/g,
      (whole, char: string) =>
        char.length === 5
          ? String.fromCharCode(parseInt(char.slice(1), 16))
          : escapes[char] ?? whole,
    );
  }
  if (word.startsWith("'") && word.endsWith("'") && word.length >= 2) return word.slice(1, -1);
  assert.doesNotMatch(word, /[\s'"\\$`;&|<>()]/, `quote the example value ${word}`);
  return word;
}

function table(doc: MarkdownDoc, header: readonly string[]) {
  const found = tables(doc).filter((t) => t.header.join(" | ") === header.join(" | "));
  assert.equal(found.length, 1, `one table with the header ${header.join(" | ")}`);
  return found[0]!;
}

Deno.test("docs: the fileset values configuration.md shows give what the code gives", async () => {
  const doc = await page("configuration.md");
  const passing = table(doc, ["Value after fileset=", "Published as fileset"]);
  assert.ok(passing.rows.length >= 3);
  for (const [value = "", published] of passing.rows) {
    const result = parseCharmConfig({ fileset: shellWord(value) });
    assert.ok(result.ok, `fileset=${value} passes`);
    const bag = encodeBackupSpec({ fileset: result.config.fileset, scripts: {} });
    assert.equal(bag["fileset"], published, `fileset=${value} is published as`);
  }
  const failing = table(doc, ["Value after fileset=", "Status", "Message"]);
  assert.ok(failing.rows.length >= 5);
  for (const [value = "", status, message] of failing.rows) {
    const result = parseCharmConfig({ fileset: shellWord(value) });
    assert.equal(status, "blocked", `fileset=${value}`);
    assert.deepEqual(result.ok ? {} : { message: result.message }, { message }, `fileset=${value}`);
  }
});

Deno.test("docs: security.md lists every permission flag the binary gets", async () => {
  assert.deepEqual(missingCodeSpans(await page("security.md"), contractPermissionFlags()), []);
});

Deno.test("docs: the pages give the script path and the status messages the code uses", async () => {
  for (const name of ["configuration.md", "integration.md", "security.md", "upgrading.md"]) {
    assert.deepEqual(missingCodeSpans(await page(name), [SCRIPT_PATH]), []);
  }
  const statuses = [
    "set fileset: juju config backup-integrator fileset=/path",
    "waiting for backup relation: juju integrate backup-integrator:backup bacula-fd",
  ];
  assert.deepEqual(missingCodeSpans(await page("event-flow.md"), statuses), []);
});

Deno.test("docs: TypeScript quoted in the docs is in src/ as it is", async () => {
  const squash = (text: string) => text.replace(/\s+/g, " ").trim();
  const sources = (await sourceTexts(resolve(ROOT, "src"))).map(squash);
  let quoted = 0;
  for (const doc of await allDocs()) {
    for (const block of codeBlocks(doc)) {
      if (block.lang !== "ts" && block.lang !== "typescript") continue;
      quoted++;
      const code = squash(block.text);
      assert.ok(
        sources.some((source) => source.includes(code)),
        `${doc.path}:${block.line}: this code is not in src/:\n${block.text}`,
      );
    }
  }
  assert.ok(quoted > 0, "the docs quote no TypeScript");
});

Deno.test("docs: architecture.md links every module of src/charm/, event-flow.md the reconcile's three steps", async () => {
  const linked = async (name: string) => {
    const doc = await page(name);
    return new Set(links(doc).map((link) => resolveLink(doc, link.href)?.path));
  };
  const architecture = await linked("architecture.md");
  const modules: string[] = [];
  for await (const entry of Deno.readDir(join(ROOT, "src/charm"))) modules.push(entry.name);
  assert.ok(modules.includes("decide.ts"));
  assert.deepEqual(modules.filter((m) => !architecture.has(join(ROOT, "src/charm", m))), []);
  const flow = await linked("event-flow.md");
  const steps = ["reconcile.ts", "gather.ts", "decide.ts", "apply.ts"];
  assert.deepEqual(steps.filter((m) => !flow.has(join(ROOT, "src/charm", m))), []);
});

Deno.test("docs: event-flow.md's removal chart breaks the relations, then stops, then removes", async () => {
  // Juju's documentation of a unit's teardown: "*-relation-broken -> stop -> ..." (the
  // relation-departed event's page), then the unit is removed ("remove").
  const blocks = blocksInSection(await page("event-flow.md"), "Removal");
  const chart = blocks.find((block) => block.lang === "mermaid")?.text ?? "";
  const at = (label: string) => {
    const index = chart.indexOf(`["${label}`);
    assert.ok(index !== -1, `the removal chart has a "${label}" step`);
    return index;
  };
  assert.ok(at("backup-relation-broken") < at("stop"), "relation-broken before stop");
  assert.ok(at("stop") < at("remove"), "stop before remove");
});

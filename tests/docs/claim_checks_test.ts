/**
 * The claim checks fail when they should: each is run on pages and inputs
 * that are wrong on purpose.
 *
 * @module
 */

import assert from "node:assert/strict";
import {
  blocksInSection,
  denoTasksRun,
  messagePattern,
  missingTasks,
  platformMismatches,
  returnedMessages,
  shellCommands,
  statusMismatches,
  unreachedMessages,
} from "./claim_checks.ts";
import { parseMarkdown } from "./markdown.ts";

Deno.test("statusMismatches() reports a message the code never gives and one the page leaves out", () => {
  const documented = [
    "missing fileset config",
    'invalid config: fileset: "<entry>" is not an absolute path',
    "waiting for a miracle",
    "(empty)",
  ];
  const produced = [
    "missing fileset config",
    'invalid config: fileset: "var" is not an absolute path',
    'invalid config: fileset: "/a/" is not normalized: it ends with "/"',
    "",
  ];
  assert.deepEqual(statusMismatches(documented, produced), [
    'documented, but the code never gives it: "waiting for a miracle"',
    'the code gives it, but it is not documented: "invalid config: fileset: \\"/a/\\" is not normalized: it ends with \\"/\\""',
  ]);
  assert.deepEqual(statusMismatches(documented.slice(0, 2), produced.slice(0, 2)), []);
});

Deno.test("messagePattern() reads <placeholders> as any text and the rest literally", () => {
  const pattern = messagePattern('x: "<entry>" contains "<character>" (U+<hex>).');
  assert.ok(pattern.test('x: "/a#b" contains "#" (U+0023).'));
  assert.ok(!pattern.test('x: "/a#b" contains "#" (U+0023)!'), "the dot is literal");
  assert.ok(!pattern.test('y x: "/a" contains "#" (U+0023).'), "anchored at the start");
  assert.ok(!messagePattern("(empty)").test("active"));
});

Deno.test("returnedMessages() and unreachedMessages() find a rule no sample reaches", () => {
  const source = [
    "function check(path) {",
    '  if (a) return "is not an absolute path";',
    "  if (b) return `contains a control character (${codePoint(",
    "    x,",
    "  )})`;",
    "  if (c) return 'is shiny';",
    "}",
  ].join("\n");
  const patterns = returnedMessages(source);
  assert.equal(patterns.length, 3);
  const produced = [
    'invalid config: fileset: "a" is not an absolute path',
    'invalid config: fileset: "/\\n" contains a control character (U+000A)',
  ];
  assert.deepEqual(unreachedMessages(patterns, produced), [
    "no sample message matches /is shiny$/: add an input that gives it",
  ]);
  assert.deepEqual(unreachedMessages(patterns.slice(0, 2), produced), []);
});

Deno.test("denoTasksRun() and missingTasks() report a command that is not a task", () => {
  const doc = parseMarkdown(
    "CONTRIBUTING.md",
    [
      "Run `deno task nope` in text: not a command.",
      "",
      "```sh",
      "deno task test",
      "deno task test:one tests/charm/config_test.ts",
      "deno task --quiet bench \\",
      "  --only steady",
      "# deno task commented",
      "```",
      "",
      "```sh",
      "deno task tset",
      "```",
    ].join("\n"),
  );
  assert.deepEqual(denoTasksRun(doc), ["test", "test:one", "bench", "tset"]);
  assert.deepEqual(missingTasks(denoTasksRun(doc), ["test", "test:one", "bench"]), [
    '"deno task tset" is not a task of deno.json',
  ]);
});

Deno.test("platformMismatches() reports a platform listed but not declared, and one declared but not listed", () => {
  const declared = ["ubuntu@22.04/amd64", "ubuntu@24.04/amd64"];
  assert.deepEqual(
    platformMismatches([["ubuntu@22.04", "amd64"], ["ubuntu@24.04", "amd64"]], declared),
    [],
  );
  assert.deepEqual(
    platformMismatches([["ubuntu@22.04", "amd64"], ["ubuntu@20.04", "amd64"]], declared),
    [
      "the table lists ubuntu@20.04/amd64, which charmcraft.yaml does not declare",
      "charmcraft.yaml declares ubuntu@24.04/amd64, which the table does not list",
    ],
  );
});

Deno.test("blocksInSection() and shellCommands() take one section's blocks and its commands", () => {
  const doc = parseMarkdown(
    "README.md",
    "## A\n\n~~~sh\nmkdir -p x \\\n  y\n$ echo z\n~~~\n\n### A.1\n\n~~~\nout\n~~~\n\n## B\n\n~~~sh\nb\n~~~\n",
  );
  const blocks = blocksInSection(doc, "A");
  assert.deepEqual(blocks.map((block) => block.lang), ["sh", ""], "a subsection belongs to A");
  assert.deepEqual(shellCommands(blocks[0]!.text), ["mkdir -p x y", "echo z"]);
  assert.throws(() => blocksInSection(doc, "C"), /no heading "C"/);
});

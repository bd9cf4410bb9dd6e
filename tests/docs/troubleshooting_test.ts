/**
 * docs/troubleshooting.md gives every status message the charm can set, and
 * no other; and it names every error a failed hook can report.
 *
 * The messages the code gives are sampled by running the config validation
 * and the status decision on one input per rule; the sample is checked
 * against the message literals in the source, so a new rule without an input
 * here (and without a row in the page) fails the test.
 *
 * @module
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FILE_STATES } from "../../src/action/backup_report.ts";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { blockedStatus, decideStatus } from "../../src/charm/plan.ts";
import { DEFAULT_LIMITS } from "../../src/juju/hook_tool_runner.ts";
import { HOSTILE_FILESETS } from "../charm/hostile_filesets.ts";
import { returnedMessages, statusMismatches, unreachedMessages } from "./claim_checks.ts";
import { missingCodeSpans } from "./doc_checks.ts";
import { type MarkdownDoc, readMarkdown, tables } from "./markdown.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const page = await readMarkdown(join(ROOT, "docs", "troubleshooting.md"));

/** One input per way the config validation gives a message. */
const CONFIGS: readonly Record<string, unknown>[] = [
  {},
  { fileset: "  " },
  { fileset: 5 },
  { fileset: "/srv", "run-before-backup": ["not", "a string"] },
  { fileset: "srv", "run-after-backup": 5 },
  { fileset: " , " },
  { fileset: "var/backups" },
  { fileset: "/var/backups/" },
  { fileset: "/var//backups" },
  { fileset: "/var/./backups" },
  { fileset: "/srv/../etc" },
  { fileset: "/srv/my files" },
  { fileset: "/srv/a#b" },
  { fileset: "/srv\nFile = /etc" },
  { fileset: "/var/back\u200bups" },
  { fileset: "/srv/a\uffff" },
  { fileset: "/srv/\ud800" },
  { fileset: `/${"a".repeat(4100)}` },
  ...HOSTILE_FILESETS.map((hostile) => ({ fileset: hostile.value })),
];

function producedMessages(): string[] {
  const messages = CONFIGS.map((raw) => {
    const result = parseCharmConfig(raw);
    assert.ok(!result.ok, JSON.stringify(raw));
    return result.message;
  });
  return [
    ...messages,
    blockedStatus(messages[0] ?? "", ["fileset", "run-before-backup"], {
      leader: true,
      app: "backup-integrator",
    }).message,
    ...[[], ["run-before-backup"]].map((inForce) =>
      blockedStatus(messages[0] ?? "", inForce, { leader: false, app: "backup-integrator" }).message
    ),
    decideStatus(0, "backup-integrator").message,
    decideStatus(1, "backup-integrator").message,
  ];
}

function documentedMessages(doc: MarkdownDoc): string[] {
  const found = tables(doc).filter((t) => t.header[0] === "status" && t.header[1] === "message");
  assert.equal(found.length, 1, "one table of statuses");
  const rows = found[0]!.rows;
  assert.deepEqual(
    [...new Set(rows.map((row) => row[0]))],
    ["blocked", "waiting", "active"],
    "the statuses the charm sets, in that order",
  );
  return rows.map((row) => row[1] ?? "");
}

async function sourceMessages(): Promise<RegExp[]> {
  const fileset = await Deno.readTextFile(join(ROOT, "src/charm/fileset.ts"));
  const check = fileset.slice(fileset.indexOf("export function checkFilesetPath"));
  const config = await Deno.readTextFile(join(ROOT, "src/charm/config.ts"));
  const parse = config.slice(config.indexOf("export function parseCharmConfig"));
  return [
    ...returnedMessages(check.slice(0, check.indexOf("\n}\n"))),
    ...returnedMessages(fileset.slice(fileset.indexOf("export function parseFileset"))),
    ...returnedMessages(parse),
  ];
}

Deno.test("docs: troubleshooting.md's status table gives every message the code sets, and only those", () => {
  assert.deepEqual(statusMismatches(documentedMessages(page), producedMessages()), []);
});

Deno.test("docs: the sample of produced messages reaches every message literal of config.ts and fileset.ts", async () => {
  const patterns = await sourceMessages();
  assert.ok(patterns.length >= 15, `only ${patterns.length} message literals found`);
  assert.deepEqual(unreachedMessages(patterns, producedMessages()), []);
});

Deno.test("docs: troubleshooting.md names every error a hook can fail with, and how to retry", async () => {
  // NotCapable is Deno's, thrown by the permission system, never by the charm's code.
  assert.equal(Deno.errors.NotCapable.name, "NotCapable");
  const names: string[] = ["NotCapable"];
  for (const dir of ["src/charm", "src/juju"]) {
    for await (const entry of Deno.readDir(join(ROOT, dir))) {
      const text = await Deno.readTextFile(join(ROOT, dir, entry.name));
      names.push(...[...text.matchAll(/export class (\w+Error) /g)].map((m) => m[1] ?? ""));
    }
  }
  assert.ok(names.length >= 5, names.join(", "));
  const text = await Deno.readTextFile(page.path);
  for (const command of ["juju resolve backup-integrator/0", "juju show-unit bacula-fd/0"]) {
    assert.ok(text.includes(`\n${command}\n`), `troubleshooting.md shows ${command}`);
  }
  const spans = [
    ...names,
    `Hook tool failed: <tool> <arguments> timed out after ${
      DEFAULT_LIMITS.timeoutMs / 1000
    } s and was killed`,
  ];
  assert.deepEqual(missingCodeSpans(page, spans), []);
  const failures = tables(page).find((t) => t.header[0] === "error name in the log");
  assert.ok(failures !== undefined, "a table of the errors a hook fails with");
  const documented = failures.rows.map((row) => (row[0] ?? "").replace(/^`|`$/g, ""));
  assert.deepEqual(
    documented.filter((name) => !names.includes(name)),
    [],
    "errors the table names that no code throws",
  );
});

Deno.test("docs: troubleshooting.md explains every file state show-backup-config reports, and only those", () => {
  const found = tables(page).filter((t) => t.header.join(" | ") === "state | meaning");
  assert.equal(found.length, 1, "one table with the header state | meaning");
  const documented = found[0]!.rows.map(([state = ""]) => state.replaceAll("`", ""));
  assert.deepEqual(documented.sort(), [...FILE_STATES].sort());
});

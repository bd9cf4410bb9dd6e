// blockedStatus() over the worst cases: what an operator must see survives
// the cut `juju status` makes. Juju's tabular status cuts a message longer
// than 120 bytes to its first 117 and "..." (cmd/juju/status/output_tabular.go,
// maxMessageLength = 120 since juju/juju#14913; 50 in #14867 before it).
import assert from "node:assert/strict";
import { parseCharmConfig, SCRIPT_OPTIONS } from "../../src/charm/config.ts";
import { blockedStatus } from "../../src/charm/plan.ts";
import { HOSTILE_FILESETS } from "./hostile_filesets.ts";

const APP = "backup-integrator";

/** What the Message column of `juju status` shows of a workload message. */
function shownByJujuStatus(message: string): string {
  const bytes = new TextEncoder().encode(message);
  if (bytes.length <= 120) return message;
  return `${new TextDecoder().decode(bytes.slice(0, 120 - 3))}...`;
}

const LONG = "😀".repeat(100);
/** Invalid filesets with the longest quoted values, one per kind of rule. */
const FILESETS = [
  `srv/${LONG}`,
  `/srv/${LONG} x`,
  `/srv/${"\u200b".repeat(100)}`,
  `/srv/${"\u{1fffe}".repeat(100)}`,
  `/srv/${LONG}#`,
  `/srv/${LONG}/../etc`,
  `/${"a".repeat(4100)}`,
  ...HOSTILE_FILESETS.map((hostile) => hostile.value),
];
/** Several problems: the fileset's, then every script option not a string (fileset first). */
const OTHERS = Object.fromEntries(SCRIPT_OPTIONS.map((option) => [option, [LONG]]));
const ALL = ["fileset", ...SCRIPT_OPTIONS];

function problems(raw: Record<string, unknown>): string {
  const result = parseCharmConfig(raw, APP);
  assert.ok(!result.ok, JSON.stringify(raw));
  return result.message;
}

Deno.test("blockedStatus() on the leader: what is in force, the option at fault and the value show in 120 bytes", () => {
  for (const fileset of FILESETS) {
    for (const raw of [{ fileset }, { fileset, ...OTHERS }]) {
      const message = blockedStatus(problems(raw), ALL, { leader: true, app: APP }).message;
      assert.ok(new TextEncoder().encode(message).length > 120, "a worst case is cut");
      const shown = shownByJujuStatus(message);
      const quote =
        /^\[in force: fileset \+4 scripts\] invalid config: fileset: "(?:[^"\\]|\\.)*"( \w+)/u;
      assert.match(shown, quote, JSON.stringify(fileset));
    }
  }
});

Deno.test("blockedStatus() on the leader: a missing fileset shows what to type within 120 bytes", () => {
  for (const raw of [{}, { ...OTHERS }]) {
    const message = blockedStatus(problems(raw), ALL, { leader: true, app: APP }).message;
    assert.ok(
      shownByJujuStatus(message).startsWith(
        `[in force: fileset +4 scripts] set fileset: juju config ${APP} fileset=/path`,
      ),
      message,
    );
  }
});

Deno.test("blockedStatus() on a non-leader: its scripts in force and a pointer to the leader within 120 bytes", () => {
  const scripts = [...SCRIPT_OPTIONS];
  for (const fileset of FILESETS) {
    const message = blockedStatus(problems({ fileset, ...OTHERS }), scripts, {
      leader: false,
      app: APP,
    }).message;
    const shown = shownByJujuStatus(message);
    assert.match(
      shown,
      /^\[in force: 4 scripts; ask leader\] invalid config: fileset: "(?:[^"\\]|\\.)*"( \w+)/u,
      JSON.stringify(fileset),
    );
    assert.ok(message.endsWith(`; see: juju run ${APP}/leader show-backup-config`), message);
  }
  const missing = blockedStatus(problems({}), scripts, { leader: false, app: APP }).message;
  assert.ok(
    shownByJujuStatus(missing).startsWith(
      `[in force: 4 scripts; ask leader] set fileset: juju config ${APP} fileset=/path`,
    ),
    missing,
  );
});

Deno.test("blockedStatus() says which options are in force, in full after the problems", () => {
  const problem = `set fileset: juju config ${APP} fileset=/path`;
  const leader = { leader: true, app: APP };
  assert.equal(
    blockedStatus(problem, ["fileset"], leader).message,
    `[in force: fileset] ${problem}; in force: fileset`,
  );
  assert.equal(
    blockedStatus(problem, ["run-after-backup"], leader).message,
    `[in force: 1 script] ${problem}; in force: run-after-backup`,
  );
  assert.equal(
    blockedStatus(problem, ["fileset", "run-before-backup", "run-after-backup"], leader).message,
    `[in force: fileset +2 scripts] ${problem}; in force: fileset, run-before-backup, ` +
      "run-after-backup",
  );
  assert.equal(blockedStatus(problem, [], leader).message, problem);
  assert.equal(
    blockedStatus(problem, [], { leader: false, app: "db" }).message,
    `[in force: ask leader] ${problem}; see: juju run db/leader show-backup-config`,
  );
});

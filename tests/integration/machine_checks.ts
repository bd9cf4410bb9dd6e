/**
 * Assertions about what the charm did, made where it did it: the relation
 * data as the provider sees it, and the files on a unit's machine read
 * through `juju exec`.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Juju } from "./juju_cli.ts";

/**
 * The data the charm published in the `backup` relation, as the bacula-fd
 * unit sees it: `juju show-unit` shows the related application's databag.
 *
 * @param juju The CLI.
 * @param provider A bacula-fd unit, e.g. `bacula-fd/0`.
 * @returns The application databag of its `backup` relation.
 * @throws {AssertionError} When the unit has no `backup` relation or several.
 */
export async function publishedData(
  juju: Juju,
  provider: string,
): Promise<Readonly<Record<string, string>>> {
  const backup = (await juju.showUnit(provider)).filter((r) => r.endpoint === "backup");
  assert.equal(backup.length, 1, `${provider} has ${backup.length} backup relations`);
  return backup[0]?.applicationData ?? {};
}

/** What {@link expectScripts} expects on one machine. */
export interface ExpectedScripts {
  /** The application's directory, e.g. `/opt/backup-integrator-charm/backup-integrator`. */
  readonly dir: string;
  /** Its mode and that of `scripts/`. */
  readonly dirMode: number;
  /** Each script's mode. */
  readonly scriptMode: number;
  /** Exactly the scripts there should be, by option name, with their content. */
  readonly scripts: Readonly<Record<string, string>>;
}

/**
 * Check the charm's directory on a unit's machine: owner root, the modes,
 * exactly the expected scripts with exactly their content.
 *
 * @param juju The CLI.
 * @param unit A unit on that machine (the principal's, e.g. `ubuntu/1`).
 * @param expected The directory, modes and scripts.
 * @returns Nothing.
 * @throws {AssertionError} When anything differs.
 */
export async function expectScripts(
  juju: Juju,
  unit: string,
  expected: ExpectedScripts,
): Promise<void> {
  const listing = await juju.exec(
    unit,
    `stat -c '%a %U %G %n' '${expected.dir}' '${expected.dir}/scripts' '${expected.dir}/scripts/'*`,
  );
  assert.equal(listing.code, 0, `${unit}: ${listing.stderr}`);
  const mode = (m: number) => m.toString(8);
  assert.deepEqual(
    listing.stdout.trim().split("\n").sort(),
    [
      `${mode(expected.dirMode)} root root ${expected.dir}`,
      `${mode(expected.dirMode)} root root ${expected.dir}/scripts`,
      ...Object.keys(expected.scripts).map((name) =>
        `${mode(expected.scriptMode)} root root ${expected.dir}/scripts/${name}`
      ),
    ].sort(),
    unit,
  );
  for (const [name, content] of Object.entries(expected.scripts)) {
    const read = await juju.exec(unit, `cat '${expected.dir}/scripts/${name}'`);
    assert.equal(read.code, 0, `${unit}: ${read.stderr}`);
    assert.equal(read.stdout, content, `${unit}: ${name}`);
  }
}

/**
 * Check that a path does not exist on a unit's machine.
 *
 * @param juju The CLI.
 * @param unit A unit on that machine.
 * @param path The path.
 * @returns Nothing.
 * @throws {AssertionError} When it exists.
 */
export async function expectNoFile(juju: Juju, unit: string, path: string): Promise<void> {
  const result = await juju.exec(unit, `test ! -e '${path}' && echo absent`);
  assert.equal(result.stdout.trim(), "absent", `${unit}: ${path} still exists`);
}

/**
 * Whether a path is a directory on a unit's machine.
 *
 * @param juju The CLI.
 * @param unit A unit on that machine.
 * @param path The path.
 * @returns `true` when it is a directory.
 */
export async function isDirectory(juju: Juju, unit: string, path: string): Promise<boolean> {
  const result = await juju.exec(unit, `test -d '${path}' && echo yes || echo no`);
  return result.stdout.trim() === "yes";
}

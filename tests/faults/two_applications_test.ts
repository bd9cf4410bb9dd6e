/**
 * Two applications of the charm on one machine (two principals, each with
 * its own backup-integrator): each keeps to its own directory under the
 * shared base directory, in every hook including `remove`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import { listTree, SCRIPT, withTempDir } from "./fault_helpers.ts";

const DB = "db-backup";
const WEB = "web-backup";

/** Every file under a directory with its content and identity, to prove it untouched. */
async function fingerprint(dir: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const path of await listTree(dir)) {
    const info = await Deno.lstat(`${dir}/${path}`);
    const content = info.isFile ? await Deno.readTextFile(`${dir}/${path}`) : "";
    result.set(path, `${info.ino}:${info.mtime?.getTime()}:${info.mode}:${content}`);
  }
  return result;
}

async function hook(juju: FakeJuju, unit: string, name: string): Promise<void> {
  const result = await juju.runHook(unit, name);
  assert.equal(result.exitCode, 0, `${unit} ${name}: ${result.stderr}`);
}

Deno.test("two applications of the charm on one machine never touch each other's files", async () => {
  await withTempDir(async (dir) => {
    const optDir = `${dir}/opt`;
    const entry = await charmEntry();
    const relations = [{ endpoint: "backup", remoteApp: "bacula-fd" }];
    await using db = await FakeJuju.create({
      app: DB,
      optDir,
      entry,
      principalUnit: "postgresql/0",
      relations,
      config: { fileset: "/var/lib/postgresql", "run-before-backup": SCRIPT },
    });
    await using web = await FakeJuju.create({
      app: WEB,
      optDir,
      entry,
      principalUnit: "nginx/0",
      relations,
      config: {
        fileset: "/srv/www",
        "run-before-backup": "#!/bin/sh\ntar czf /srv/www.tgz /srv/www\n",
        "run-after-backup": "#!/bin/sh\nrm /srv/www.tgz\n",
      },
    });
    await hook(db, `${DB}/0`, "config-changed");
    await hook(web, `${WEB}/0`, "config-changed");
    assert.deepEqual(await listTree(optDir), [
      DB,
      `${DB}/scripts`,
      `${DB}/scripts/run-before-backup`,
      `${DB}/units`,
      `${DB}/units/${DB}-0`,
      WEB,
      `${WEB}/scripts`,
      `${WEB}/scripts/run-after-backup`,
      `${WEB}/scripts/run-before-backup`,
      `${WEB}/units`,
      `${WEB}/units/${WEB}-0`,
    ]);
    assert.equal(
      (await web.model()).relations["backup:1"]?.appData[WEB]?.["run-before-backup"],
      `${optDir}/${WEB}/scripts/run-before-backup`,
    );

    // The web application's files, and a leftover of an interrupted write of its own.
    const leftover = `${optDir}/${WEB}/scripts/.run-after-backup.tmp-00112233aabb`;
    await Deno.writeTextFile(leftover, "#!/bin/sh\nrm /srv");
    const untouched = await fingerprint(`${optDir}/${WEB}`);

    // The db application changes a script, drops nothing of the other's, then goes away.
    await db.setConfig({
      "run-before-backup": `${SCRIPT}echo changed\n`,
      "run-after-restore": SCRIPT,
    });
    await hook(db, `${DB}/0`, "config-changed");
    assert.deepEqual(await fingerprint(`${optDir}/${WEB}`), untouched);
    await db.setConfig({ "run-before-backup": null });
    await hook(db, `${DB}/0`, "config-changed");
    await hook(db, `${DB}/0`, "backup-relation-broken");
    await hook(db, `${DB}/0`, "remove");
    assert.deepEqual(await fingerprint(`${optDir}/${WEB}`), untouched);
    assert.deepEqual((await listTree(optDir)).filter((path) => path.startsWith(DB)), []);

    // The web application cleans its own leftover, and the last one out removes the base.
    await hook(web, `${WEB}/0`, "config-changed");
    await assert.rejects(() => Deno.stat(leftover), Deno.errors.NotFound);
    await hook(web, `${WEB}/0`, "remove");
    await assert.rejects(() => Deno.stat(optDir), Deno.errors.NotFound);
  });
});

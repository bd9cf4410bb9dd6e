import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import {
  SCHEMA_DIR,
  schemaFiles,
  writeSchemaFiles,
} from "../../src/backup_interface/json_schema.ts";
import {
  BACKUP_SCRIPT_KEYS,
  encodeBackupSpec,
  parseRequirerDatabag,
} from "../../src/backup_interface/requirer_data.ts";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { desiredBackupSpec } from "../../src/charm/plan.ts";
import { parse as parseYaml } from "yaml";
import { simulate } from "../simulate/simulate.ts";
import { blocksInSection } from "../docs/claim_checks.ts";
import { readMarkdown } from "../docs/markdown.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const committed = (name: string) => Deno.readTextFileSync(join(ROOT, SCHEMA_DIR, name));
// An independent validator reads the committed file, as a provider in any language would.
const ajv = new Ajv2020({ strict: true, allErrors: true });
const requirer = ajv.compile(JSON.parse(committed("requirer.json")));
const provider = ajv.compile(JSON.parse(committed("provider.json")));

Deno.test("the committed JSON Schemas are what deno task schema generates from the code", () => {
  for (const [name, text] of Object.entries(schemaFiles())) {
    assert.equal(committed(name), text, `${SCHEMA_DIR}/${name} is stale: run deno task schema`);
  }
});

Deno.test("writeSchemaFiles() writes both schemas into a directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "json_schema_test_" });
  try {
    const written = await writeSchemaFiles(dir);
    assert.deepEqual(written.map((path) => path.slice(dir.length + 1)).sort(), [
      "provider.json",
      "requirer.json",
    ]);
    assert.equal(await Deno.readTextFile(join(dir, "requirer.json")), committed("requirer.json"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the requirer schema accepts what the charm publishes through the real dispatch", async () => {
  const dir = await Deno.makeTempDir({ prefix: "json_schema_test_" });
  try {
    const state = join(dir, "sim.json");
    await simulate({
      hook: "config-changed",
      config: {
        fileset: "/var/backups, /etc/myapp",
        "run-before-backup": "#!/bin/sh\ntrue\n",
        "run-after-restore": "#!/bin/sh\ntrue\n",
      },
      reset: [],
      leader: true,
      state,
      json: true,
      help: false,
    });
    const related = await simulate({
      hook: "backup-relation-created",
      config: {},
      reset: [],
      state,
      json: true,
      help: false,
    });
    assert.equal(related.exitCode, 0, related.stderr);
    const published = related.relations[0]?.appData ?? {};
    assert.deepEqual(Object.keys(published).sort(), [
      "fileset",
      "run-after-restore",
      "run-before-backup",
    ]);
    assert.ok(requirer(published), JSON.stringify(requirer.errors));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the requirer schema accepts the data of every valid configuration", () => {
  const path = fc.stringMatching(/^\/[a-z0-9._@+-]{1,12}(\/[a-z0-9._@+-]{1,12}){0,3}$/);
  fc.assert(
    fc.property(
      fc.array(path, { minLength: 1, maxLength: 5 }),
      fc.subarray([...BACKUP_SCRIPT_KEYS]),
      (paths, scripts) => {
        const raw: Record<string, string> = { fileset: paths.join(", ") };
        for (const key of scripts) raw[key] = "#!/bin/sh\n";
        const result = parseCharmConfig(raw);
        if (!result.ok) return; // . and .. segments: blocked, publishes nothing
        const bag = encodeBackupSpec(desiredBackupSpec(result.config, "/opt/x/app/scripts"));
        assert.ok(requirer(bag), `${JSON.stringify(bag)}: ${JSON.stringify(requirer.errors)}`);
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("the requirer schema refuses what bacula-fd refuses", () => {
  const refused: Record<string, string>[] = [
    {}, // no fileset
    { fileset: "var/backups" }, // a relative path
    { fileset: "/srv, var/backups" }, // one relative path among absolute ones
    { fileset: "/srv/a,b" }, // a comma in a path: "b" is read as a relative path
    { fileset: " , " }, // an empty fileset
    { fileset: "/srv", "run-before-backup": "scripts/dump" }, // a relative script path
    { fileset: "/srv", "run-after-restore": "" }, // Juju stores no empty value
    { fileset: "/srv", other: 5 as unknown as string }, // every databag value is a string
  ];
  for (const bag of refused) assert.ok(!requirer(bag), JSON.stringify(bag));
  const accepted: Record<string, string>[] = [
    { fileset: "/srv" },
    { fileset: " /var/backups, ,/etc/my app " }, // trimmed; the empty entry dropped
    { fileset: "/srv", "run-after-backup": "/opt/x/run-after-backup", other: "ignored" },
  ];
  for (const bag of accepted) assert.ok(requirer(bag), JSON.stringify(requirer.errors));
});

Deno.test("the requirer schema and the provider's reading agree on any databag Juju can hold", () => {
  const value = fc.oneof(
    fc.constantFrom("/srv", " /a , /b", "/a,", ",", " ", "a", "/a,b", "./a", "/a\n", "\t/x"),
    fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom("/", ",", " ", "a", "\t") }),
  );
  const keys = fc.constantFrom("fileset", ...BACKUP_SCRIPT_KEYS, "other");
  fc.assert(
    fc.property(fc.dictionary(keys, value), (bag) => {
      assert.equal(requirer(bag), parseRequirerDatabag(bag).ok, JSON.stringify(bag));
    }),
    { numRuns: 2000 },
  );
});

Deno.test("the provider schema accepts only an empty databag", () => {
  assert.ok(provider({}));
  assert.ok(!provider({ fileset: "/srv" }));
});

Deno.test("the interface page's examples match the schemas: the provider's, then the requirer's", async () => {
  const page = await readMarkdown(join(ROOT, "docs/interface/backup/README.md"));
  const examples = blocksInSection(page, "Relation Data").filter((block) => block.lang === "yaml")
    .map((block) =>
      (parseYaml(block.text) as { "relation-info": { "application-data": object }[] })[
        "relation-info"
      ][0]?.["application-data"] ?? {}
    );
  assert.equal(examples.length, 2);
  assert.ok(provider(examples[0]), JSON.stringify(provider.errors));
  assert.ok(requirer(examples[1]), JSON.stringify(requirer.errors));
  assert.ok(
    Object.keys(examples[1] ?? {}).length >= 2,
    "the requirer's example shows a script key",
  );
});

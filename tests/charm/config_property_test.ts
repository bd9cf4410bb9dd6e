import assert from "node:assert/strict";
import fc from "fast-check";
import { parseRequirerDatabag } from "../../src/backup_interface/requirer_data.ts";
import { encodeBackupSpec } from "../../src/backup_interface/requirer_data.ts";
import { parseCharmConfig } from "../../src/charm/config.ts";
import { checkFilesetPath } from "../../src/charm/fileset.ts";
import { desiredBackupSpec } from "../../src/charm/plan.ts";

/** Pieces that exercise every fileset rule, mixed with arbitrary text. */
const piece = fc.oneof(
  fc.constantFrom("/", "//", ".", "..", ",", " ", "\t", "\n", "\r", "\u0000", "\u0085", "\u2028"),
  fc.constantFrom("var", "backups", "etc", "ü", "😀", "\ud800", "\\", '"', "'", "$", "*"),
  fc.string(),
  fc.string({ unit: "binary" }),
);
const junk = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));
const segment = fc.oneof(
  fc.stringMatching(/^[a-z0-9_.-]{1,12}$/),
  fc.string({ minLength: 1, maxLength: 6 }),
).filter((s) => !s.includes("/") && !s.includes(","));
const pathLike = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join("/")}`);
const space = fc.constantFrom("", " ", "  ", "\t", "\n");
const entry = fc.tuple(
  space,
  fc.oneof({ weight: 4, arbitrary: pathLike }, { weight: 1, arbitrary: junk }),
  space,
)
  .map(([before, text, after]) => `${before}${text}${after}`);
/** Lists of mostly path-like entries, and pure junk: both accepted and rejected values occur. */
const filesetValue = fc.oneof(
  fc.array(entry, { maxLength: 8 }).map((entries) => entries.join(",")),
  junk,
);
const scriptValue = fc.option(fc.string({ unit: "binary", maxLength: 200 }), { nil: undefined });

Deno.test("parseCharmConfig() yields data the provider accepts or a blocked message, never a crash", () => {
  const seen = { accepted: 0, blocked: 0 };
  fc.assert(
    fc.property(filesetValue, scriptValue, scriptValue, (fileset, before, after) => {
      const raw: Record<string, unknown> = { fileset };
      if (before !== undefined) raw["run-before-backup"] = before;
      if (after !== undefined) raw["run-after-restore"] = after;
      const result = parseCharmConfig(raw);
      if (!result.ok) {
        assert.ok(
          result.message === "set fileset: juju config backup-integrator fileset=/path" ||
            result.message.startsWith("invalid config: fileset: "),
          result.message,
        );
        assert.ok(result.message.length < 400, `message too long: ${result.message.length}`);
        assert.ok(result.message.isWellFormed());
        seen.blocked++;
        return;
      }
      const spec = desiredBackupSpec(result.config, "/opt/backup-integrator-charm/app/scripts");
      const read = parseRequirerDatabag(encodeBackupSpec(spec));
      assert.ok(read.ok, JSON.stringify(read));
      assert.deepEqual(read.spec.fileset, result.config.fileset);
      assert.deepEqual(read.spec, spec);
      seen.accepted++;
    }),
    { numRuns: 2000 },
  );
  // Both outcomes must be exercised, or the property proves nothing.
  assert.ok(seen.accepted > 100 && seen.blocked > 100, JSON.stringify(seen));
});

Deno.test("parseCharmConfig() accepts only absolute, normalized, control-free paths", () => {
  fc.assert(
    fc.property(filesetValue, (fileset) => {
      const result = parseCharmConfig({ fileset });
      if (!result.ok) return;
      assert.ok(result.config.fileset.length > 0);
      assert.equal(new Set(result.config.fileset).size, result.config.fileset.length);
      for (const path of result.config.fileset) {
        assert.equal(checkFilesetPath(path), undefined);
        assert.ok(path.startsWith("/"));
        assert.equal(path, path.trim());
        assert.ok(!/[\p{Cc},"\\#;{}]/u.test(path), JSON.stringify(path));
        assert.ok(
          path === "/" ||
            !path.split("/").slice(1).some((s) => s === "" || s === "." || s === ".."),
        );
      }
    }),
    { numRuns: 2000 },
  );
});

Deno.test("parseCharmConfig() keeps every valid path of a list, in order, without duplicates", () => {
  const segment = fc.stringMatching(/^[a-z0-9_.-]{1,12}$/).filter((s) => s !== "." && s !== "..");
  const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join("/")}`);
  fc.assert(
    fc.property(fc.array(path, { minLength: 1, maxLength: 30 }), (paths) => {
      const result = parseCharmConfig({ fileset: paths.map((p) => ` ${p} `).join(", ,") });
      assert.ok(result.ok);
      assert.deepEqual(result.config.fileset, [...new Set(paths)]);
    }),
  );
});

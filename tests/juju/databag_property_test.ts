import assert from "node:assert/strict";
import fc from "fast-check";
import { databagPatch } from "../../src/juju/databag.ts";

function apply(bag: Record<string, string>, patch: Record<string, string>): Record<string, string> {
  const result = new Map(Object.entries(bag));
  for (const [key, value] of Object.entries(patch)) {
    if (value === "") result.delete(key);
    else result.set(key, value);
  }
  return Object.fromEntries(result);
}

const key = fc.oneof(fc.constantFrom("fileset", "run-after-backup", "__proto__", "x"), fc.string());
const bag = fc.dictionary(key, fc.string({ minLength: 1 }), { noNullPrototype: true });

Deno.test("databagPatch() applied the way Juju applies relation-set yields exactly the desired bag", () => {
  fc.assert(
    fc.property(bag, bag, (current, desired) => {
      const patch = databagPatch(current, desired);
      const after = patch === undefined ? current : apply(current, patch);
      assert.deepEqual(
        Object.entries(after).sort(),
        Object.entries(desired).sort(),
      );
      if (patch !== undefined) assert.ok(Object.keys(patch).length > 0);
    }),
    { numRuns: 1000 },
  );
});

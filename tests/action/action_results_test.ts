import assert from "node:assert/strict";
import { actionSetBatches } from "../../src/action/action_results.ts";

// The limits, as literal numbers: the contract, not whatever the source says.
/** Bytes of `key=value` arguments in one `action-set` call: 256 KiB. */
const MAX_CALL_BYTES = 262144;
/** Characters of a value kept before `… (N more characters)`. */
const MAX_RESULT_LENGTH = 4096;

Deno.test("actionSetBatches() keeps every call under the byte limit and every value under the length limit, in order", () => {
  const results: Record<string, string> = {};
  for (let i = 0; i < 400; i++) {
    results[`published.backup-${i}.fileset`] = `/srv/${"x".repeat(9000)}`;
  }
  const batches = actionSetBatches(results);
  assert.ok(batches.length > 1);
  const encoder = new TextEncoder();
  for (const batch of batches) {
    const bytes = Object.entries(batch).reduce(
      (sum, [key, value]) => sum + encoder.encode(`${key}=${value}`).length + 1,
      0,
    );
    assert.ok(bytes <= MAX_CALL_BYTES, `${bytes} bytes`);
    for (const value of Object.values(batch)) {
      assert.ok(value.length <= MAX_RESULT_LENGTH + 40, `${value.length} characters`);
      assert.match(value, /… \(4909 more characters\)$/);
    }
  }
  assert.deepEqual(batches.flatMap((batch) => Object.keys(batch)), Object.keys(results));
});

Deno.test("actionSetBatches() gives no call for no results, and escapes what is not printable", () => {
  assert.deepEqual(actionSetBatches({}), []);
  assert.deepEqual(actionSetBatches({ note: "a\tb\u200bc" }), [{ note: "a\\tb\\u200bc" }]);
});

import assert from "node:assert/strict";
import { databagPatch } from "../../src/juju/databag.ts";

Deno.test("databagPatch() returns undefined when the bag already holds the data", () => {
  assert.equal(databagPatch({ a: "1", b: "2" }, { b: "2", a: "1" }), undefined);
});

Deno.test("databagPatch() sets changed and new keys", () => {
  assert.deepEqual(databagPatch({ a: "1" }, { a: "2", b: "3" }), { a: "2", b: "3" });
});

Deno.test("databagPatch() deletes keys no longer wanted, including unknown ones", () => {
  assert.deepEqual(databagPatch({ a: "1", legacy: "x", "run-after-backup": "/p" }, { a: "1" }), {
    legacy: "",
    "run-after-backup": "",
  });
});

Deno.test("databagPatch() treats prototype names as plain keys", () => {
  const current = JSON.parse('{"__proto__": "x", "constructor": "y"}');
  const patch = databagPatch(current, { toString: "z" });
  assert.deepEqual(Object.entries(patch ?? {}).sort(), [["__proto__", ""], ["constructor", ""], [
    "toString",
    "z",
  ]]);
});

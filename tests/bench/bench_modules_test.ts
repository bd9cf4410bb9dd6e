import assert from "node:assert/strict";
import { hookPathModules } from "./bench_modules.ts";

Deno.test("the hook path loads no YAML parser, nothing of the build, and only zod/mini from npm", async () => {
  const modules = await hookPathModules();
  assert.deepEqual(modules.unexpected, []);
  assert.ok(modules.local.includes("src/main.ts"));
  assert.ok(modules.local.every((path) => !path.startsWith("src/build/")), modules.local.join());
  assert.deepEqual(modules.npm.map((name) => name.replace(/@[^/]+/, "")), ["zod/mini"]);
});

Deno.test("the actions are off the hook path: only the dynamic import of an action reaches src/action/", async () => {
  const modules = await hookPathModules();
  assert.ok(modules.local.every((path) => !path.startsWith("src/action/")), modules.local.join());
  assert.ok(modules.actionOnly.includes("src/action/run_action.ts"), modules.actionOnly.join());
  assert.ok(
    modules.actionOnly.every((path) => path.startsWith("src/action/")),
    modules.actionOnly.join(),
  );
});

import assert from "node:assert/strict";
import { assertUsageError, LEADER, run, setup } from "./_testing.ts";

Deno.test("runTool() juju-log joins its arguments and defaults to INFO", () => {
  const model = setup();
  run(model, "juju-log", ["hello", "world"]);
  run(model, "juju-log", ["-l", "DEBUG", "--", "a"]);
  run(model, "juju-log", ["b", "--log-level=error"]);
  run(model, "juju-log", ["--debug", "c"]);
  run(model, "juju-log", ["--log-level", "LOUD", "d"]);
  run(model, "juju-log", ["e"], { hook: "backup-relation-changed", relationId: "backup:3" });
  assert.deepEqual(model.units[LEADER]?.logs, [
    { level: "INFO", message: "hello world" },
    { level: "DEBUG", message: "a" },
    { level: "ERROR", message: "b" },
    { level: "DEBUG", message: "c" },
    { level: "WARNING", message: 'Specified log level of "LOUD" is not valid' },
    { level: "INFO", message: "d" },
    { level: "INFO", message: "backup:3: e" },
  ]);
  assertUsageError(run(model, "juju-log", ["--log-level", "INFO"]), "no message specified");
});

Deno.test("runTool() treats arguments after -- as positional even when they look like flags", () => {
  const model = setup();
  const result = run(model, "juju-log", ["--log-level", "WARNING", "--", "--not-a-flag", "x"]);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(model.units[LEADER]?.logs, [{ level: "WARNING", message: "--not-a-flag x" }]);
});

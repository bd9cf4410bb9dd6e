import assert from "node:assert/strict";
import { assertUsageError, run, setup } from "./_testing.ts";

Deno.test("runTool() config-get prints compact JSON of the options that have a value", () => {
  const model = setup({ config: { fileset: "/srv,/etc", "run-before-backup": "", port: 5 } });
  const result = run(model, "config-get", ["--format=json"]);
  assert.deepEqual(result, {
    stdout: '{"fileset":"/srv,/etc","port":5,"run-before-backup":""}\n',
    stderr: "",
    exitCode: 0,
  });
  assert.equal(run(model, "config-get", ["fileset", "--format", "json"]).stdout, '"/srv,/etc"\n');
  assert.equal(run(model, "config-get", ["--format=json", "missing"]).stdout, "null\n");
});

Deno.test("runTool() config-get leaves unset options out, and shows them as null with --all", () => {
  const model = setup({ config: { fileset: "/srv" }, declaredOptions: ["fileset", "extra"] });
  assert.equal(run(model, "config-get", ["--format=json"]).stdout, '{"fileset":"/srv"}\n');
  assert.equal(
    run(model, "config-get", ["--all", "--format=json"]).stdout,
    '{"extra":null,"fileset":"/srv"}\n',
  );
  assertUsageError(
    run(model, "config-get", ["--all", "fileset"]),
    'cannot use argument --all together with key "fileset"',
  );
  assertUsageError(run(model, "config-get", ["a", "b"]), 'unrecognized args: ["b"]');
});

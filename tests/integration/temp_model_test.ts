import assert from "node:assert/strict";
import type { RunJuju } from "./juju_cli.ts";
import { inTemporaryModel } from "./temp_model.ts";

function recorder(fail: (args: readonly string[]) => boolean = () => false) {
  const calls: string[] = [];
  const run: RunJuju = (args) => {
    calls.push(args.join(" "));
    return Promise.resolve(
      fail(args)
        ? { code: 1, stdout: "", stderr: "ERROR boom\n" }
        : { code: 0, stdout: "{}", stderr: "" },
    );
  };
  return { calls, run };
}

const DESTROY = "destroy-model m-x --no-prompt --destroy-storage --force";

Deno.test("inTemporaryModel() adds the model, runs the scenario in it, destroys it", async () => {
  const { calls, run } = recorder();
  const result = await inTemporaryModel("m-x", { run, pollMs: 1, deadlineMs: 1_000 }, (juju) => {
    assert.equal(juju.model, "m-x");
    return juju.cli("status", "--format=json").then(() => 42);
  });
  assert.equal(result, 42);
  assert.deepEqual(calls, [
    "add-model m-x --no-switch",
    "status --model m-x --format=json",
    DESTROY,
  ]);
});

Deno.test("inTemporaryModel() destroys the model when the scenario fails, and rethrows", async () => {
  const { calls, run } = recorder((args) => args[0] === "destroy-model");
  const warnings: string[] = [];
  await assert.rejects(
    () =>
      inTemporaryModel(
        "m-x",
        { run, pollMs: 1, deadlineMs: 1_000, warn: (line) => warnings.push(line) },
        () => Promise.reject(new Error("scenario failed")),
      ),
    /^Error: scenario failed$/,
  );
  assert.deepEqual(calls, [
    "add-model m-x --no-switch",
    "status --model m-x --relations",
    "debug-log --model m-x --no-tail --lines 400",
    DESTROY,
  ]);
  assert.match(warnings[0] ?? "", /^juju status --model m-x --relations \(exit 0\):\n\{\}/);
  assert.match(warnings[2] ?? "", /Cannot destroy model "m-x": JujuCliError: .*ERROR boom/);
});

Deno.test("inTemporaryModel() fails when the model cannot be destroyed after a pass", async () => {
  const { run } = recorder((args) => args[0] === "destroy-model");
  await assert.rejects(
    () => inTemporaryModel("m-x", { run, pollMs: 1, deadlineMs: 1_000 }, () => Promise.resolve()),
    /juju destroy-model m-x .* exited with 1: ERROR boom/,
  );
});

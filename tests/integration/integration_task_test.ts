import assert from "node:assert/strict";
import { parse } from "yaml";
import { INTEGRATION_TASK, integrationTaskArgs } from "./integration_task.ts";

const WORKFLOW = new URL("../../.github/workflows/integration.yml", import.meta.url);

Deno.test("the integration workflow runs the scenarios only through the integration task", () => {
  const workflow = parse(Deno.readTextFileSync(WORKFLOW)) as {
    jobs: Record<string, { steps: { run?: string }[] }>;
  };
  const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.run ?? ""));
  assert.equal(runs.filter((r) => r.trim() === `deno task ${INTEGRATION_TASK}`).length, 1);
  assert.ok(runs.every((r) => !/deno test/.test(r)), "no second definition of the flags");
});

Deno.test("the integration task runs the scenarios with juju, the network and the environment", () => {
  const args = integrationTaskArgs();
  assert.equal(args[0], "test");
  for (const flag of ["--allow-net", "--allow-run=juju", "--allow-env"]) {
    assert.ok(args.includes(flag), `${flag} in ${args.join(" ")}`);
  }
  assert.equal(args.at(-1), "tests/integration/scenarios/");
});

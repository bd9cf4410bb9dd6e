import assert from "node:assert/strict";
import { inCallOrder } from "../fake_juju/call_order.ts";
import { takeCallLog } from "../fake_juju/canned_tools.ts";
import { FakeJuju } from "../fake_juju/fake_juju.ts";
import { charmEntry } from "../fake_juju/charm_entry.ts";
import {
  BENCH_RELATION,
  type BenchCaseSpec,
  benchCaseSpecs,
  caseName,
  createBenchCase,
} from "./bench_cases.ts";

const APP = "backup-integrator";

Deno.test("benchCaseSpecs() covers every observed hook steady and changed on both roles, and an unobserved hook", () => {
  const names = benchCaseSpecs().map(caseName);
  assert.equal(names.length, 8 * 2 * 2 + 2);
  assert.ok(names.includes("config-changed steady leader"));
  assert.ok(names.includes("remove changed non-leader"));
  assert.ok(names.includes("update-status steady non-leader"));
});

Deno.test("a bench case's canned tools lead dispatch down the same path as the fake's own tools", async () => {
  const entry = await charmEntry();
  const specs: BenchCaseSpec[] = [
    { hook: "config-changed", state: "steady", role: "leader" },
    { hook: "backup-relation-created", state: "changed", role: "leader" },
    { hook: "backup-relation-broken", state: "changed", role: "non-leader" },
  ];
  for (const spec of specs) {
    const benchCase = await createBenchCase(spec, { program: { entry }, app: APP });
    const real = await FakeJuju.create({ app: APP, optDir: benchCase.juju.optDir, entry });
    try {
      const unit = spec.role === "leader" ? `${APP}/0` : `${APP}/1`;
      const options = spec.hook.startsWith("backup-relation-")
        ? { relationId: BENCH_RELATION }
        : {};
      const saved = await benchCase.juju.model();
      await real.update((model) => Object.assign(model, saved));

      await benchCase.prepare();
      const canned = await benchCase.juju.runHook(unit, spec.hook, options);
      assert.equal(canned.exitCode, 0, canned.stderr);
      const cannedCalls = await takeCallLog(benchCase.callLog);
      assert.deepEqual(inCallOrder(cannedCalls), inCallOrder(benchCase.expected), caseName(spec));

      await benchCase.prepare();
      const faithful = await real.runHook(unit, spec.hook, options);
      assert.equal(faithful.exitCode, 0, faithful.stderr);
      assert.deepEqual(
        inCallOrder(cannedCalls),
        inCallOrder(faithful.calls.map((call) => ({ tool: call.tool, args: call.args }))),
        caseName(spec),
      );
    } finally {
      await real.cleanup();
      await benchCase.juju.cleanup();
    }
  }
});

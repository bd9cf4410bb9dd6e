import assert from "node:assert/strict";
import { Baculum, BaculumError } from "./baculum.ts";

const JOB = { client: "rt-fd", storage: "s3", pool: "default", fileset: "rt-fileset" };

/** A fake Baculum server: records each request, answers from a route table. */
function fakeServer(routes: Record<string, (query: URLSearchParams) => unknown>) {
  const requests: { method: string; path: string; query: string; body: unknown; auth: string }[] =
    [];
  const fakeFetch = (input: URL | Request | string, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = init?.body === undefined ? undefined : JSON.parse(String(init.body));
    const auth = new Headers(init?.headers).get("authorization") ?? "";
    requests.push({
      method: init?.method ?? "GET",
      path: url.pathname,
      query: url.search,
      body,
      auth,
    });
    const route = routes[url.pathname.replace("/api/v2", "")];
    const output = route === undefined ? undefined : route(url.searchParams);
    return Promise.resolve(
      new Response(JSON.stringify(output ?? { output: "no route", error: 1 }), {
        status: route === undefined ? 404 : 200,
      }),
    );
  };
  return { requests, fetch: fakeFetch as typeof fetch };
}

Deno.test("Baculum runs a full backup of a job with its definition, authenticated", async () => {
  const server = fakeServer({
    "/jobs/show": () => ({ output: JOB, error: 0 }),
    "/jobs/run": () => ({ output: ["Job queued. JobId=7"], error: 0 }),
    "/jobs/resnames": () => ({ output: { "bacula-dir": ["rt-backup", "rt-restore"] }, error: 0 }),
  });
  const baculum = new Baculum("http://10.0.0.5:9096/api/v2/", "rt-admin", "pw", server);
  assert.deepEqual(await baculum.jobNames(), ["rt-backup", "rt-restore"]);
  await baculum.runFullBackup("rt-backup");
  const run = server.requests.find((r) => r.path === "/api/v2/jobs/run");
  assert.deepEqual(run?.body, { name: "rt-backup", level: "F", ...JOB });
  assert.equal(run?.method, "POST");
  assert.equal(run?.auth, `Basic ${btoa("rt-admin:pw")}`);
  assert.equal(server.requests[1]?.query, "?name=rt-backup&output=json");
});

Deno.test("Baculum restores a backup run in place, replacing files", async () => {
  const server = fakeServer({
    "/jobs/show": () => ({ output: JOB, error: 0 }),
    "/jobs/restore": () => ({ output: ["ok"], error: 0 }),
  });
  await new Baculum("http://b/api/v2", "u", "p", server).restore("rt-restore", 7);
  assert.deepEqual(server.requests.at(-1)?.body, {
    id: 7,
    restorejob: "rt-restore",
    client: JOB.client,
    fileset: JOB.fileset,
    where: "/",
    replace: "always",
    full: true,
  });
});

Deno.test("Baculum.waitForRun() polls until T, and fails on an error status", async () => {
  const statuses = ["R", "R", "T"];
  const server = fakeServer({
    "/jobs/show": () => ({ output: JOB, error: 0 }),
    "/jobs": (query) => {
      assert.equal(query.get("client"), JOB.client);
      return { output: [{ jobid: 7, jobstatus: statuses.shift() ?? "T" }], error: 0 };
    },
  });
  const baculum = new Baculum("http://b/api/v2", "u", "p", { ...server, pollMs: 1 });
  assert.deepEqual(await baculum.waitForRun("rt-backup"), { jobid: 7, jobstatus: "T" });
  statuses.push("f");
  await assert.rejects(() => baculum.waitForRun("rt-backup"), /run 7 ended with status "f"/);
});

Deno.test("Baculum reports an API error with the operation and Baculum's output", async () => {
  const server = fakeServer({ "/jobs/show": () => ({ output: ["no such job"], error: 4 }) });
  const error = await new Baculum("http://b/api/v2", "u", "p", server).jobRuns("nope").catch((
    e: unknown,
  ) => e);
  assert.ok(error instanceof BaculumError);
  assert.equal(error.code, 4);
  assert.match(error.message, /^Cannot show job "nope": Baculum answered 4: \["no such job"\]$/);
  const missing = new Baculum("http://b/api/v2", "u", "p", fakeServer({}));
  await assert.rejects(() => missing.jobNames(), /answered 404/);
});

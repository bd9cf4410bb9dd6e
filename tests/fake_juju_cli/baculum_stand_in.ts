/**
 * A stand-in for bacula-server's Baculum API (v2) on loopback, for the round
 * trip against the fake `juju`: the jobs of one client, full backups and
 * restores that run for one listing and then terminate normally, Basic
 * authentication with the password the fake's `create-api-user` gives. It
 * checks the calls the round trip makes (`tests/integration/baculum.ts`),
 * not Bacula: the real one runs only in the integration workflow.
 *
 * Run as a program, it listens on 127.0.0.1 on a free port and prints the
 * port on its first line.
 *
 * @module
 */

import { BACULUM_API_PASSWORD } from "./commands.ts";

/** The jobs the stand-in's Director knows. */
export const STAND_IN_JOBS = ["rt-principal-0-backup", "rt-principal-0-restore"];

const DEFINITION = { client: "rt-principal-0-fd", storage: "s3", pool: "default", fileset: "rt" };

interface Run {
  readonly jobid: number;
  readonly name: string;
  /** Listings left before it terminates. */
  pending: number;
}

function reply(output: unknown, status = 200, error = 0): Response {
  return Response.json({ output, error }, { status });
}

/**
 * A Baculum request handler with its own jobs and runs.
 *
 * @returns The handler.
 */
export function baculumStandIn(): (request: Request) => Promise<Response> {
  const runs: Run[] = [];
  const start = (name: string) => runs.push({ jobid: runs.length + 1, name, pending: 1 });
  return async (request) => {
    const expected = `Basic ${btoa(`rt-admin:${BACULUM_API_PASSWORD}`)}`;
    if (request.headers.get("authorization") !== expected) return reply("unauthorized", 401, 1);
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname.replace(/^\/api\/v2/, "")}`;
    const name = url.searchParams.get("name") ?? "";
    const body = request.method === "POST" ? await request.json() as Record<string, unknown> : {};
    switch (route) {
      case "GET /jobs/resnames":
        return reply({ "bacula-dir": STAND_IN_JOBS });
      case "GET /jobs/show":
        return STAND_IN_JOBS.includes(name) ? reply(DEFINITION) : reply(["no such job"], 200, 4);
      case "GET /jobs": {
        if (url.searchParams.get("client") !== DEFINITION.client) return reply([], 200, 5);
        const mine = runs.filter((r) => r.name === name).reverse();
        const listed = mine.map((r) => ({ jobid: r.jobid, jobstatus: r.pending > 0 ? "R" : "T" }));
        for (const run of mine) run.pending--;
        return reply(listed);
      }
      case "POST /jobs/run":
        if (body["name"] !== STAND_IN_JOBS[0] || body["level"] !== "F") return reply(body, 200, 6);
        start(String(body["name"]));
        return reply([`Job queued. JobId=${runs.length}`]);
      case "POST /jobs/restore": {
        const backup = runs.find((r) => r.jobid === body["id"] && r.name === STAND_IN_JOBS[0]);
        if (backup === undefined || body["restorejob"] !== STAND_IN_JOBS[1]) {
          return reply(body, 200, 7);
        }
        start(STAND_IN_JOBS[1] as string);
        return reply([`Job queued. JobId=${runs.length}`]);
      }
      default:
        return reply(`no route ${route}`, 404, 1);
    }
  };
}

if (import.meta.main) {
  Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => console.log(String(port)),
  }, baculumStandIn());
}

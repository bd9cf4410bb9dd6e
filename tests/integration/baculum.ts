/**
 * A small client of the Baculum REST API (v2) that bacula-server serves on
 * port 9096: list jobs, run a full backup, restore a backup, read job runs.
 * For the round-trip integration test only.
 *
 * @module
 */

/** The Baculum API reported an error, or answered with an HTTP error. */
export class BaculumError extends Error {
  /** What was being done, e.g. `run backup "x-backup"`. */
  readonly operation: string;
  /** The HTTP status, or Baculum's error number. */
  readonly code: number;
  /** Baculum's output or the response body. */
  readonly output: unknown;

  /**
   * Describe a failed call.
   *
   * @param operation What was being done.
   * @param code The HTTP status or Baculum's error number.
   * @param output What came back.
   */
  constructor(operation: string, code: number, output: unknown) {
    super(`Cannot ${operation}: Baculum answered ${code}: ${JSON.stringify(output)}`);
    this.name = "BaculumError";
    this.operation = operation;
    this.code = code;
    this.output = output;
  }
}

/** One run of a job, as Baculum lists them (most recent first). */
export interface JobRun {
  /** The run's id. */
  readonly jobid: number;
  /** Bacula's job status letter: `T` terminated normally, `R` running, `f` failed…. */
  readonly jobstatus: string;
}

/** The parts of a job definition a run or a restore needs. */
interface JobDefinition {
  readonly client: string;
  readonly storage: string;
  readonly pool: string;
  readonly fileset: string;
}

/**
 * Read Baculum's `{ output, error }` envelope.
 *
 * @param operation What was being done, for the error.
 * @param status The HTTP status.
 * @param body The parsed body.
 * @returns Its `output`.
 * @throws {BaculumError} On an HTTP error or a non-zero `error`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { baculumOutput } from "./baculum.ts";
 * assert.deepEqual(baculumOutput("list", 200, { output: ["a"], error: 0 }), ["a"]);
 * assert.throws(() => baculumOutput("list", 200, { output: "no", error: 5 }), /answered 5/);
 * ```
 */
export function baculumOutput(operation: string, status: number, body: unknown): unknown {
  if (status < 200 || status >= 300) throw new BaculumError(operation, status, body);
  const envelope = (body ?? {}) as { output?: unknown; error?: unknown };
  if (typeof envelope.error === "number" && envelope.error !== 0) {
    throw new BaculumError(operation, envelope.error, envelope.output);
  }
  return envelope.output;
}

/** A Baculum API client with basic authentication. */
export class Baculum {
  readonly #base: string;
  readonly #auth: string;
  readonly #fetch: typeof fetch;
  readonly #pollMs: number;

  /**
   * Point the client at a server.
   *
   * @param base E.g. `http://10.0.0.5:9096/api/v2`.
   * @param username An API user (bacula-server's `create-api-user` action makes one).
   * @param password Its password.
   * @param options For tests: a `fetch` to use, and the polling interval of
   * {@link Baculum.waitForRun} (2 s).
   */
  constructor(
    base: string,
    username: string,
    password: string,
    options: { readonly fetch?: typeof fetch; readonly pollMs?: number } = {},
  ) {
    this.#base = base.replace(/\/$/, "");
    this.#auth = `Basic ${btoa(`${username}:${password}`)}`;
    this.#fetch = options.fetch ?? fetch;
    this.#pollMs = options.pollMs ?? 2_000;
  }

  async #call(
    operation: string,
    path: string,
    init: { method?: string; query?: Record<string, string>; body?: unknown } = {},
  ): Promise<unknown> {
    const url = new URL(`${this.#base}${path}`);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    const response = await this.#fetch(url, {
      method: init.method ?? "GET",
      headers: { authorization: this.#auth, "content-type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: report the text.
    }
    return baculumOutput(operation, response.status, body);
  }

  /**
   * The names of every job the Director knows.
   *
   * @returns The names.
   */
  async jobNames(): Promise<string[]> {
    const output = await this.#call("list job names", "/jobs/resnames");
    // Keyed by Director name; one Director here.
    const [names] = Object.values(output as Record<string, string[]>);
    return names ?? [];
  }

  async #job(name: string): Promise<JobDefinition> {
    return await this.#call(`show job "${name}"`, "/jobs/show", {
      query: { name, output: "json" },
    }) as JobDefinition;
  }

  /**
   * The runs of a job, most recent first.
   *
   * @param name The job.
   * @returns Its runs.
   */
  async jobRuns(name: string): Promise<JobRun[]> {
    const job = await this.#job(name);
    return await this.#call(`list runs of "${name}"`, "/jobs", {
      query: { name, client: job.client },
    }) as JobRun[];
  }

  /**
   * Start a full backup.
   *
   * @param name The backup job.
   * @returns Nothing; poll {@link Baculum.jobRuns} for the outcome.
   */
  async runFullBackup(name: string): Promise<void> {
    const job = await this.#job(name);
    await this.#call(`run backup "${name}"`, "/jobs/run", {
      method: "POST",
      body: {
        name,
        level: "F",
        client: job.client,
        storage: job.storage,
        pool: job.pool,
        fileset: job.fileset,
      },
    });
  }

  /**
   * Restore every file of a backup run in place.
   *
   * @param name The restore job.
   * @param backupJobId The backup run to restore.
   * @returns Nothing; poll {@link Baculum.jobRuns} for the outcome.
   */
  async restore(name: string, backupJobId: number): Promise<void> {
    const job = await this.#job(name);
    await this.#call(`restore "${name}" from run ${backupJobId}`, "/jobs/restore", {
      method: "POST",
      body: {
        id: backupJobId,
        restorejob: name,
        client: job.client,
        fileset: job.fileset,
        where: "/",
        replace: "always",
        full: true,
      },
    });
  }

  /**
   * Wait until the latest run of a job has terminated normally.
   *
   * @param name The job.
   * @param timeoutMs Give up after this long (5 min by default).
   * @returns That run.
   * @throws {Error} When it ends otherwise or takes too long.
   */
  async waitForRun(name: string, timeoutMs = 5 * 60_000): Promise<JobRun> {
    const deadline = Date.now() + timeoutMs;
    let last: JobRun | undefined;
    while (Date.now() < deadline) {
      [last] = await this.jobRuns(name);
      if (last?.jobstatus === "T") return last;
      if (last !== undefined && ["E", "e", "f", "A"].includes(last.jobstatus)) {
        throw new Error(`Job "${name}" run ${last.jobid} ended with status "${last.jobstatus}"`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
    }
    throw new Error(`Timed out waiting for job "${name}": last run ${JSON.stringify(last)}`);
  }
}

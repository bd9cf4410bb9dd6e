/**
 * What every emulated tool gets and how it fails. Private to the fake's
 * tools: the leading underscore says so.
 *
 * @module
 */

import type { HookContext } from "../hook_context.ts";
import type { FakeModel, FakeUnit } from "../model.ts";
import { goQuoteList, type ParsedArgs, UsageError } from "./_flags.ts";
import { formatOutput, type OutputValue, readFormat } from "./_format.ts";

/** Everything one tool run needs; `stderr` collects warnings of a successful run. */
export interface ToolRun {
  /** The model the tool reads and changes. */
  readonly model: FakeModel;
  /** The calling unit's hook context. */
  readonly context: HookContext;
  /** The calling unit's state. */
  readonly unit: FakeUnit;
  /** The arguments, without the tool name. */
  readonly args: readonly string[];
  /** What the tool read on stdin; empty unless it reads `--file -`. */
  readonly stdin: string;
  /** Warnings printed on stderr by a run that succeeds. */
  stderr: string;
}

/** A failure while running: `ERROR <message>` and exit 1. */
export class ToolFailure extends Error {
  /**
   * @param message What failed, as Juju words it.
   */
  constructor(message: string) {
    super(message);
    this.name = "ToolFailure";
  }
}

/**
 * Refuse arguments left over, as Juju's `cmd.CheckEmpty` does.
 *
 * @param args The arguments left.
 * @throws {UsageError} When there are any.
 */
export function checkEmpty(args: readonly string[]): void {
  if (args.length !== 0) throw new UsageError(`unrecognized args: ${goQuoteList(args)}`);
}

/**
 * Render a tool's answer in the format its `--format` flag asks for.
 *
 * @param parsed The parsed arguments.
 * @param value The answer.
 * @returns What the tool prints.
 * @throws {UsageError} For an unknown format.
 */
export function output(parsed: ParsedArgs, value: OutputValue): string {
  return formatOutput(value, readFormat(parsed.flags.get("format")));
}

import * as fs from 'node:fs';
import { ConfigError } from '../config/loader';
import { AwsCallError } from './errors';

/** A mistake in the command line; its message is one line and says what to pass. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Where a command reads and writes: the real process in the CLIs, buffers in tests. */
export interface CommandIo {
  /** Results: the starter config, the diff, the preflight table. Redirectable. */
  out(text: string): void;
  /** Progress and notes, kept off stdout so `> file` captures only the result. */
  err(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  /** @default 120 */
  readonly width?: number;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => fs.readFileSync(path, 'utf8'),
  writeFile: (path, text) => fs.writeFileSync(path, text),
  width: Math.max(100, Math.min(process.stdout.columns ?? 120, 160)),
};

/** Exit codes of both commands: 1 is reserved for preflight's blockers. */
export const EXIT = { ok: 0, blocked: 1, error: 2 } as const;

/**
 * Known failures become one line on stderr and exit code 2; anything else is a
 * bug in this code and keeps its stack trace.
 */
export function reportFailure(command: string, error: unknown, io: CommandIo): number {
  if (error instanceof AwsCallError || error instanceof ConfigError || error instanceof UsageError) {
    io.err(`${command}: ${error.message}`);
    return EXIT.error;
  }
  throw error;
}

/** Reads a config file with a message that fits these commands' flags (the loader's mentions `-c config=`). */
export function readConfigFile(path: string, io: CommandIo): string {
  try {
    return io.readFile(path);
  } catch {
    throw new UsageError(`config file not found: ${path} (pass another with --config PATH)`);
  }
}

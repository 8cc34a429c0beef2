import * as fs from 'node:fs';
import * as path from 'node:path';
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
  /** Why `path` cannot be written (`EACCES`, a missing folder), or undefined when it can. Asked before any AWS call. */
  cannotWrite(path: string): string | undefined;
  /** @default 120 */
  readonly width?: number;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readFile: (path) => fs.readFileSync(path, 'utf8'),
  writeFile: (file, text) => fs.writeFileSync(file, text),
  cannotWrite: (file) => {
    // The file if it exists, else its folder: nothing is created before the walk succeeds.
    const folder = path.dirname(path.resolve(file));
    try {
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) return 'it is a folder (EISDIR)';
      fs.accessSync(fs.existsSync(file) ? file : folder, fs.constants.W_OK);
      return undefined;
    } catch (error) {
      return describeFsError(error, folder);
    }
  },
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

/** `permission denied (EACCES)`, `no such folder /x (ENOENT)`: an fs error as a reader wants it. */
export function describeFsError(error: unknown, target: string): string {
  const code = (error as { code?: string }).code ?? '';
  const what: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: `no such folder ${target}`,
    EISDIR: 'it is a folder',
    EROFS: 'read-only file system',
    ENOTDIR: `${target} is not a folder`,
  };
  return code ? `${what[code] ?? (error as Error).message.split('\n')[0]} (${code})` : String(error);
}

/** Reads a config file with a message that fits these commands' flags (the loader's mentions `-c config=`). */
export function readConfigFile(file: string, io: CommandIo, from = ''): string {
  try {
    return io.readFile(file);
  } catch {
    throw new UsageError(`config file not found: ${file}${from ? ` (${from})` : ''}; pass another with --config PATH`);
  }
}

import type { CommandIo } from './command-io';
import { formatSeconds } from './errors';
import { isServerError, isThrottling, isTimeout, type RetryEvent } from './retry';

/**
 * Says once per cause why the command pauses (throttling, the service's own
 * errors, a request that timed out), so a slow run is not mistaken for a hung
 * one; a line for every retry would be noise.
 */
export function retryNotice(io: CommandIo): (retry: RetryEvent) => void {
  const told = new Set<string>();
  return (retry) => {
    const e = (retry.error ?? {}) as { $metadata?: { httpStatusCode?: number }; message?: string };
    const [cause, line] = isThrottling(retry.error)
      ? ['throttling', `AWS is throttling ${retry.operation}`]
      : isServerError(retry.error)
        ? ['server', `AWS answered ${retry.operation} with HTTP ${e.$metadata?.httpStatusCode} (a server-side error)`]
        : isTimeout(retry.error)
          ? ['timeout', `${retry.operation} timed out${timeoutOf(e.message)}`]
          : [undefined, ''];
    if (!cause || told.has(cause)) return;
    told.add(cause);
    io.err(`note: ${line}; backing off and retrying (slower, not failing)`);
  };
}

function timeoutOf(message = ''): string {
  const ms = Number(/(\d+) ms/.exec(message)?.[1]);
  return Number.isFinite(ms) ? ` after ${formatSeconds(ms)}` : '';
}

import type { NodeHttpHandlerOptions } from '@smithy/types';

export interface Timeouts {
  /** The TCP (and TLS) connection. */
  readonly connectMs: number;
  /** One request, from sending it to the last byte of the answer. */
  readonly requestMs: number;
}

/**
 * Organizations answers in well under a second; 20 s is a hung endpoint, not a
 * slow one. A timed-out request is retried once (lib/org/retry.ts).
 */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, requestMs: 20_000 };

/**
 * The handler settings of every client. Without them the SDK waits for an
 * answer forever. `requestTimeout` only throws with `throwOnRequestTimeout`
 * (otherwise @smithy/node-http-handler 4.x merely logs a warning), and it
 * stops counting once the headers arrive, so the idle `socketTimeout` bounds
 * a body that stalls halfway.
 */
export function requestHandlerOptions(timeouts: Timeouts): NodeHttpHandlerOptions {
  return {
    connectionTimeout: Math.min(timeouts.connectMs, timeouts.requestMs),
    requestTimeout: timeouts.requestMs,
    throwOnRequestTimeout: true,
    socketTimeout: timeouts.requestMs,
  };
}

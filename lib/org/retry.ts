/**
 * Retries with capped exponential backoff and full jitter.
 *
 * This is the only retry layer: the SDK clients are built with `maxAttempts: 1`
 * (see client.ts), so attempts do not multiply across two layers and tests can
 * drive every retry through a mocked `send` without real sleeps.
 */

export interface RetryOptions {
  /** @default 8 */
  readonly maxAttempts?: number;
  /** @default 250 */
  readonly baseDelayMs?: number;
  /** @default 20000 */
  readonly maxDelayMs?: number;
  /** @default - a real timer; tests pass one that records the delay and resolves at once */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** Called before each wait, e.g. to tell the user why the command pauses. */
  readonly onRetry?: (retry: RetryEvent) => void;
}

export interface RetryEvent {
  readonly operation: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/** Thrown when the last attempt was still throttled, so the message can say so. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`still failing after ${attempts} attempts`);
  }
}

// The SDK's own list of throttling error codes (@smithy/service-error-classification).
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

// Skew errors succeed on retry because the SDK corrects its clock offset from the failed response.
const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'RequestTimeTooSkewed',
  'RequestInTheFuture',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

// Connection refused or an unknown host means a wrong endpoint or no network: fail fast instead.
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

interface ErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

export function isThrottling(error: unknown): boolean {
  const e = (error ?? {}) as ErrorShape;
  return THROTTLING.has(e.name ?? '') || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

export function isRetryable(error: unknown): boolean {
  if (isThrottling(error)) return true;
  const e = (error ?? {}) as ErrorShape;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return TRANSIENT.has(e.name ?? '') || TRANSIENT_NETWORK.has(e.code ?? '') || [500, 502, 503, 504].includes(status);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(operation: string, fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 20_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= maxAttempts) throw new RetriesExhaustedError(attempt, error);
      // Full jitter spreads the retries of concurrent walkers, so they do not throttle each other again.
      const delayMs = Math.round(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      options.onRetry?.({ operation, attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

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
  /**
   * Attempts for a request that timed out. An endpoint that accepted the
   * connection and never answered rarely answers the third time; eight
   * attempts would multiply the wait by eight.
   * @default 2
   */
  readonly maxTimeoutAttempts?: number;
  /** No attempt starts, and no backoff waits, past it. @default - no deadline */
  readonly deadline?: Deadline;
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

/**
 * The whole command's time limit. Its signal aborts the requests in flight
 * when it passes, so a command is bounded even if some layer forgets a timeout.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly endsAt: number;

  constructor(
    /** Shown in the error, e.g. `--deadline`. */
    readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.endsAt = now() + seconds * 1000;
    const controller = new AbortController();
    // unref: a deadline must never be the thing that keeps the process alive.
    setTimeout(() => controller.abort(new DeadlineExceededError(seconds)), seconds * 1000).unref();
    this.signal = controller.signal;
  }

  remainingMs(): number {
    return this.endsAt - this.now();
  }

  get passed(): boolean {
    return this.signal.aborted || this.remainingMs() <= 0;
  }
}

/** The command ran out of time; every call still waiting fails with it. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(readonly seconds: number) {
    super(`the command's deadline of ${seconds} s passed`);
  }
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

/** A request that did not connect, or was not answered, within the client's timeouts. */
export function isTimeout(error: unknown): boolean {
  const e = (error ?? {}) as ErrorShape;
  return e.name === 'TimeoutError' || e.code === 'ETIMEDOUT';
}

/** An answer of the service itself that it could not handle the request now (HTTP 5xx). */
export function isServerError(error: unknown): boolean {
  const status = ((error ?? {}) as ErrorShape).$metadata?.httpStatusCode ?? 0;
  return status >= 500 && status <= 599;
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
  const maxTimeoutAttempts = options.maxTimeoutAttempts ?? 2;
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 20_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const deadline = options.deadline;
  let timeouts = 0;
  for (let attempt = 1; ; attempt++) {
    if (deadline?.passed) throw new DeadlineExceededError(deadline.seconds);
    try {
      return await fn();
    } catch (error) {
      // An attempt aborted by the deadline reports the deadline, not the abort.
      if (deadline?.passed) throw new DeadlineExceededError(deadline.seconds);
      if (!isRetryable(error)) throw error;
      if (isTimeout(error)) timeouts++;
      if (attempt >= maxAttempts || timeouts >= maxTimeoutAttempts) throw new RetriesExhaustedError(attempt, error);
      // Full jitter spreads the retries of concurrent walkers, so they do not throttle each other again.
      const delayMs = Math.round(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      if (deadline && delayMs >= deadline.remainingMs()) throw new DeadlineExceededError(deadline.seconds);
      options.onRetry?.({ operation, attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

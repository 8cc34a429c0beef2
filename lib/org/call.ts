import { AwsCallError } from './errors';
import { withRetry, type RetryOptions } from './retry';

/** What each attempt passes to the SDK's `send`: the deadline's signal aborts it in flight. */
export interface SendOptions {
  readonly abortSignal?: AbortSignal;
}

export interface AwsCallerOptions extends RetryOptions {
  /**
   * Requests in flight at once per service (the part of the operation before
   * `:`), across every walker of the command. AWS publishes no request rate for
   * Organizations, and several parallel callers are reported to draw
   * TooManyRequestsException ("another request is already in progress");
   * see https://github.com/awsdocs/aws-organizations-docs/issues/39. A few
   * requests in flight plus backoff is faster than many that are throttled.
   * @default 4
   */
  readonly concurrency?: number;
}

/** The default of `AwsCallerOptions.concurrency`; the README quotes it. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Every AWS request of discover and preflight goes through here, so each one is
 * retried the same way, counts against the same in-flight limit, stops at the
 * same deadline and fails with the same one-line error.
 */
export class AwsCaller {
  private readonly limits = new Map<string, Semaphore>();

  constructor(private readonly options: AwsCallerOptions = {}) {}

  /** `operation` is the IAM action (`organizations:ListAccounts`): it names the call in errors. */
  async call<T>(operation: string, send: (options: SendOptions) => Promise<T>): Promise<T> {
    const limit = this.limit(operation.split(':')[0]);
    const sendOptions = { abortSignal: this.options.deadline?.signal };
    try {
      // The slot is held only while a request is in flight, not during the backoff wait.
      return await withRetry(operation, () => limit.run(() => send(sendOptions)), this.options);
    } catch (error) {
      throw new AwsCallError(operation, error);
    }
  }

  /** Follows `NextToken` to the last page; each page is retried on its own. */
  async collect<P extends { NextToken?: string }, I>(
    operation: string,
    page: (nextToken: string | undefined, options: SendOptions) => Promise<P>,
    items: (page: P) => readonly I[] | undefined,
  ): Promise<I[]> {
    const all: I[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const current: P = await this.call(operation, (options) => page(token, options));
      all.push(...(items(current) ?? []));
      token = current.NextToken;
      // An endpoint that hands back a token it already gave would otherwise loop forever.
      if (token !== undefined && seen.has(token)) {
        throw new AwsCallError(operation, new Error(`the endpoint repeated the pagination token ${token}`));
      }
      if (token !== undefined) seen.add(token);
    } while (token);
    return all;
  }

  private limit(service: string): Semaphore {
    if (!this.limits.has(service))
      this.limits.set(service, new Semaphore(this.options.concurrency ?? DEFAULT_CONCURRENCY));
    return this.limits.get(service)!;
  }
}

/** At most `size` tasks run at once; the others wait in arrival order. */
class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finished task hands its slot straight to the next waiter, so no newcomer slips in between.
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

import { AwsCallError } from './errors';
import { withRetry, type RetryOptions } from './retry';

/**
 * Every AWS request of discover and preflight goes through here, so each one is
 * retried the same way and fails with the same one-line error.
 */
export class AwsCaller {
  constructor(private readonly retry: RetryOptions = {}) {}

  /** `operation` is the IAM action (`organizations:ListAccounts`): it names the call in errors. */
  async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(operation, send, this.retry);
    } catch (error) {
      throw new AwsCallError(operation, error);
    }
  }

  /** Follows `NextToken` to the last page; each page is retried on its own. */
  async collect<P extends { NextToken?: string }, I>(
    operation: string,
    page: (nextToken: string | undefined) => Promise<P>,
    items: (page: P) => readonly I[] | undefined,
  ): Promise<I[]> {
    const all: I[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const current: P = await this.call(operation, () => page(token));
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

import { AwsCaller } from '../../lib/org/call';
import {
  Deadline,
  DeadlineExceededError,
  isRetryable,
  isThrottling,
  RetriesExhaustedError,
  withRetry,
} from '../../lib/org/retry';
import { retryNotice } from '../../lib/org/retry-notice';
import { bufferIo } from './support/mock-aws';

const error = (name: string, extra: object = {}) => Object.assign(new Error(name), { name, ...extra });

describe('withRetry', () => {
  const instant = (delays: number[]) => ({
    sleep: async (ms: number) => {
      delays.push(ms);
    },
    random: () => 1,
  });

  test('retries throttling with exponential backoff capped at maxDelayMs', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      'op',
      async () => {
        if (++calls < 6) throw error('ThrottlingException');
        return 'ok';
      },
      { ...instant(delays), baseDelayMs: 100, maxDelayMs: 1000 },
    );
    expect(result).toBe('ok');
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
  });

  test('uses full jitter: the wait is a random share of the backoff', async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(
      'op',
      async () => {
        if (++calls < 3) throw error('TooManyRequestsException');
      },
      { sleep: async (ms) => void delays.push(ms), random: () => 0.5, baseDelayMs: 1000 },
    );
    expect(delays).toEqual([500, 1000]);
  });

  test('does not retry an error that will not go away', async () => {
    const delays: number[] = [];
    let calls = 0;
    const failing = withRetry(
      'op',
      async () => {
        calls++;
        throw error('AccessDeniedException');
      },
      instant(delays),
    );
    await expect(failing).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
  });

  test('gives up after maxAttempts with the last error attached', async () => {
    const last = error('ThrottlingException');
    const failing = withRetry('op', async () => Promise.reject(last), { ...instant([]), maxAttempts: 3 });
    await expect(failing).rejects.toEqual(expect.objectContaining({ attempts: 3, cause: last }));
    await expect(failing).rejects.toBeInstanceOf(RetriesExhaustedError);
  });

  test('tells onRetry about each wait', async () => {
    const seen: string[] = [];
    let calls = 0;
    await withRetry(
      'organizations:ListRoots',
      async () => {
        if (++calls < 2) throw error('ThrottlingException');
      },
      { ...instant([]), onRetry: (r) => seen.push(`${r.operation} #${r.attempt} ${r.delayMs}ms`) },
    );
    expect(seen).toEqual(['organizations:ListRoots #1 250ms']);
  });
});

describe('retry classification', () => {
  test.each([
    ['TooManyRequestsException (Organizations)', error('TooManyRequestsException'), true, true],
    ['ThrottlingException', error('ThrottlingException'), true, true],
    ['HTTP 429', error('Whatever', { $metadata: { httpStatusCode: 429 } }), true, true],
    ['HTTP 503', error('ServiceUnavailableException', { $metadata: { httpStatusCode: 503 } }), false, true],
    ['a reset connection', error('Error', { code: 'ECONNRESET' }), false, true],
    ['a request timeout', error('TimeoutError', { code: 'ETIMEDOUT' }), false, true],
    ['a refused connection (wrong endpoint)', error('Error', { code: 'ECONNREFUSED' }), false, false],
    ['AccessDeniedException', error('AccessDeniedException', { $metadata: { httpStatusCode: 400 } }), false, false],
    ['ExpiredTokenException', error('ExpiredTokenException'), false, false],
  ])('%s: throttling %s, retryable %s', (_what, e, throttling, retryable) => {
    expect(isThrottling(e)).toBe(throttling);
    expect(isRetryable(e)).toBe(retryable);
  });
});

describe('retryNotice', () => {
  test('says once that AWS throttles, and nothing about other retries', () => {
    const io = bufferIo();
    const notice = retryNotice(io);
    notice({
      operation: 'organizations:ListAccountsForParent',
      attempt: 1,
      delayMs: 250,
      error: error('Error', { code: 'ECONNRESET' }),
    });
    notice({
      operation: 'organizations:ListAccountsForParent',
      attempt: 1,
      delayMs: 250,
      error: error('TooManyRequestsException'),
    });
    notice({
      operation: 'organizations:ListRoots',
      attempt: 2,
      delayMs: 500,
      error: error('TooManyRequestsException'),
    });
    expect(io.stderr()).toBe(
      'note: AWS is throttling organizations:ListAccountsForParent; backing off and retrying (slower, not failing)',
    );
  });
});

describe('timeouts and the deadline', () => {
  const timeout = () =>
    Object.assign(new Error('a request has exceeded the configured 300 ms requestTimeout.'), {
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
    });

  test('retries a timed-out request once, not eight times', async () => {
    let calls = 0;
    const failing = withRetry(
      'op',
      async () => {
        calls++;
        throw timeout();
      },
      { sleep: async () => {}, random: () => 1 },
    );
    await expect(failing).rejects.toEqual(expect.objectContaining({ attempts: 2 }));
    expect(calls).toBe(2);
  });

  test('fails when a backoff would outlast the deadline, without waiting for it', async () => {
    const deadline = new Deadline(0.1);
    const slept: number[] = [];
    const failing = withRetry('op', async () => Promise.reject(error('ThrottlingException')), {
      deadline,
      baseDelayMs: 1000,
      random: () => 1,
      sleep: async (ms) => void slept.push(ms),
    });
    await expect(failing).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(slept).toEqual([]);
  });
});

describe('AwsCaller', () => {
  test('keeps at most `concurrency` requests of one service in flight, and other services apart', async () => {
    const aws = new AwsCaller({ concurrency: 2 });
    const inFlight = new Map<string, number>();
    const max = new Map<string, number>();
    const request = (service: string) =>
      aws.call(`${service}:Op`, async () => {
        inFlight.set(service, (inFlight.get(service) ?? 0) + 1);
        max.set(service, Math.max(max.get(service) ?? 0, inFlight.get(service)!));
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight.set(service, inFlight.get(service)! - 1);
      });
    await Promise.all([...Array.from({ length: 10 }, () => request('organizations')), request('sts'), request('sts')]);
    expect(max.get('organizations')).toBe(2);
    expect(max.get('sts')).toBe(2);
  });
});

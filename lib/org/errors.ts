import { DeadlineExceededError, isServerError, isThrottling, isTimeout, RetriesExhaustedError } from './retry';

/**
 * An AWS call that failed, with a message that is one complete line: what was
 * called, what went wrong and what to do. The CLIs print it alone, without a stack.
 */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(explainAwsError(operation, cause));
  }
}

interface ErrorShape {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  $metadata?: { httpStatusCode?: number };
  /** Set by the clients of client.ts: where the request went. */
  $endpointUrl?: string;
}

/** What kind of failure a read met, so a check offers only the fix that fits it. */
export type FailureKind = 'denied' | 'unreachable' | 'timeout' | 'deadline' | 'throttled' | 'other';

export function failureKind(error: unknown): FailureKind {
  const cause = error instanceof AwsCallError ? error.cause : error;
  if (cause instanceof DeadlineExceededError) return 'deadline';
  const last = cause instanceof RetriesExhaustedError ? cause.cause : cause;
  const e = (last ?? {}) as ErrorShape;
  if (ACCESS_DENIED.has(e.name ?? '')) return 'denied';
  if (UNREACHABLE.has(e.code ?? '')) return 'unreachable';
  if (isTimeout(last)) return 'timeout';
  if (isThrottling(last)) return 'throttled';
  return 'other';
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);
const UNKNOWN_KEY = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidAccessKeyId']);
const BAD_SIGNATURE = new Set(['SignatureDoesNotMatch', 'InvalidSignatureException']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** `operation` is the IAM action, e.g. `organizations:ListAccounts`, so a denial names what to allow. */
export function explainAwsError(operation: string, error: unknown): string {
  if (error instanceof DeadlineExceededError) {
    return `${operation}: not done when ${error.message} (raise it with --deadline SECONDS)`;
  }
  if (error instanceof RetriesExhaustedError && isTimeout(error.cause)) {
    return explainTimeout(operation, error.cause, error.attempts);
  }
  if (isTimeout(error)) return explainTimeout(operation, error, 1);
  if (error instanceof RetriesExhaustedError) {
    const what = isThrottling(error.cause) ? 'still throttled' : `still failing (${describe(error.cause)})`;
    return `${operation}: ${what} after ${error.attempts} attempts with backoff; wait a minute and run again`;
  }
  const e = (error ?? {}) as ErrorShape;
  const name = e.name ?? '';
  const message = firstLine(e.message ?? String(error));
  if (ACCESS_DENIED.has(name)) {
    const who = /arn:aws[\w-]*:[^\s,]+/.exec(message)?.[0];
    const service = operation.split(':')[0];
    const hint =
      service === 'organizations'
        ? '; Organizations answers only the management account or a delegated administrator for AWS Organizations'
        : '';
    return `${operation}: access denied${who ? ` for ${who}` : ''}. Allow ${operation} for these credentials${hint}`;
  }
  if (name === 'AWSOrganizationsNotInUseException') {
    return `${operation}: the account of these credentials is not in an organization. Use the management account's credentials (check AWS_PROFILE), or create one with \`aws organizations create-organization --feature-set ALL\``;
  }
  if (EXPIRED.has(name)) {
    return `${operation}: the credentials have expired. Refresh them (\`aws sso login --profile <profile>\` for an SSO profile, or assume the role again) and rerun`;
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    return explainCredentialsError(message);
  }
  if (UNKNOWN_KEY.has(name)) {
    return `${operation}: AWS does not recognise the access key (${name}). Check AWS_PROFILE and AWS_ACCESS_KEY_ID, or that the endpoint accepts these credentials`;
  }
  if (BAD_SIGNATURE.has(name)) {
    return `${operation}: the request signature does not match (${name}). The secret key is wrong for this access key, or the clock is far off`;
  }
  if (/region is missing/i.test(message)) {
    return `${operation}: no AWS region is configured. Set AWS_REGION or \`region\` in your profile (Organizations is global; any commercial region works)`;
  }
  if (UNREACHABLE.has(e.code ?? '')) {
    const where = e.$endpointUrl ?? e.hostname ?? 'the endpoint';
    return `${operation}: cannot reach ${where} (${e.code}). Check the network, and AWS_ENDPOINT_URL* or the profile's endpoint_url if you set one`;
  }
  return `${operation}: ${describe(error)}`;
}

/**
 * `timed out after N s` first, so a preflight row reads `not checked: timed out after N s`.
 * The timeout in force is in the handler's message ("... the configured 20000 ms requestTimeout").
 */
function explainTimeout(operation: string, error: unknown, attempts: number): string {
  const e = (error ?? {}) as ErrorShape;
  const ms = Number(/(\d+) ms/.exec(e.message ?? '')?.[1]);
  const after = Number.isFinite(ms) ? ` after ${formatSeconds(ms)}` : '';
  const where = e.$endpointUrl ? ` at ${e.$endpointUrl}` : '';
  const connect = /establish a connection/.test(e.message ?? '');
  const what = connect ? 'could not connect' : 'accepted the request but did not answer';
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  return `timed out${after}: ${operation}${where} ${what}${tries}. Check the network or proxy, or raise --timeout SECONDS`;
}

/** `0.5 s`, `20 s`: the unit the flags take. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function explainCredentialsError(message: string): string {
  if (/sso/i.test(message) && /expired|invalid|refresh/i.test(message)) {
    return 'credentials: the SSO session has expired. Run `aws sso login --profile <profile>` and rerun';
  }
  if (/could not load credentials/i.test(message)) {
    return 'credentials: none found. Set AWS_PROFILE (and run `aws sso login` for an SSO profile), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  }
  return `credentials: ${message}`;
}

function describe(error: unknown): string {
  const e = (error ?? {}) as ErrorShape;
  const message = firstLine(e.message ?? String(error));
  const status = e.$metadata?.httpStatusCode;
  const name = e.name && e.name !== 'Error' ? e.name : undefined;
  if (isServerError(error) && e.$endpointUrl) {
    return `${[name, `HTTP ${status}`].filter(Boolean).join(', ')} from ${e.$endpointUrl}: ${message}`;
  }
  return (
    [name, status ? `HTTP ${status}` : undefined].filter(Boolean).join(', ') + (name || status ? ': ' : '') + message
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

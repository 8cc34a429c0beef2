/** What the handler needs from Organizations; the tests pass a fake. */
export interface PolicyTypesApi {
  listRoots(): Promise<Array<{ Id?: string; PolicyTypes?: Array<{ Type?: string; Status?: string }> }>>;
  enablePolicyType(rootId: string, policyType: string): Promise<unknown>;
}

/** Time as the handler sees it, so a test can run a long wait in no time. */
export interface Clock {
  now(): number;
  /** When the invocation began, in `now()` terms. */
  readonly start: number;
  /** When the handler gives up waiting, in `now()` terms. */
  readonly deadline: number;
  readonly firstDelay: number;
  readonly maxDelay: number;
  sleep(ms: number): Promise<void>;
}

export interface PolicyTypesEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly RootId: string; readonly PolicyTypes: readonly string[] };
}

export function onEvent(
  event: PolicyTypesEvent,
  api: PolicyTypesApi,
  clock: Clock,
): Promise<{ PhysicalResourceId: string }>;
export function handler(
  event: PolicyTypesEvent,
  context: { getRemainingTimeInMillis(): number },
): Promise<{ PhysicalResourceId: string }>;

/** What the handler needs from Organizations and Security Lake; the tests pass a fake. */
export interface SecurityLakeDelegationApi {
  /** Account IDs registered as delegated administrator for the service principal. */
  listAdministrators(servicePrincipal: string): Promise<string[]>;
  register(accountId: string): Promise<unknown>;
  /** Waits between retries. @default - a timer */
  sleep?(ms: number): Promise<void>;
}

export interface SecurityLakeDelegationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly AdminAccountId: string };
}

export function onEvent(
  event: SecurityLakeDelegationEvent,
  api: SecurityLakeDelegationApi,
): Promise<{ PhysicalResourceId?: string }>;
export function handler(event: SecurityLakeDelegationEvent): Promise<{ PhysicalResourceId?: string }>;

/** What the handler needs from Organizations; the tests pass a fake. */
export interface OrganizationPolicyTypeApi {
  listRoots(): Promise<Array<{ Id?: string; PolicyTypes?: Array<{ Type?: string; Status?: string }> }>>;
  enablePolicyType(rootId: string, policyType: string): Promise<unknown>;
}

export interface OrganizationPolicyTypeEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly RootId: string; readonly PolicyType: string };
}

export function onEvent(event: OrganizationPolicyTypeEvent): Promise<{ PhysicalResourceId?: string }>;
export function isComplete(
  event: OrganizationPolicyTypeEvent,
  api: OrganizationPolicyTypeApi,
): Promise<{ IsComplete: boolean }>;
export function onEventHandler(event: OrganizationPolicyTypeEvent): Promise<{ PhysicalResourceId?: string }>;
export function isCompleteHandler(event: OrganizationPolicyTypeEvent): Promise<{ IsComplete: boolean }>;

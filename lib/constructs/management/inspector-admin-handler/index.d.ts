/** What the handler needs from Inspector and IAM, one region at a time; the tests pass a fake. */
export interface InspectorAdminApi {
  listAdmins(region: string): Promise<Array<{ accountId?: string; status?: string }>>;
  enable(region: string, adminAccountId: string): Promise<unknown>;
  createServiceLinkedRole(): Promise<unknown>;
}

export interface InspectorAdminEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly AdminAccountId: string; readonly Regions: readonly string[] };
}

export function onEvent(
  event: InspectorAdminEvent,
  inspector: InspectorAdminApi,
): Promise<{ PhysicalResourceId?: string }>;
export function handler(event: InspectorAdminEvent): Promise<{ PhysicalResourceId?: string }>;

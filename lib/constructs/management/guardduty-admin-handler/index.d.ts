/** What the handler needs from GuardDuty, one region at a time; the tests pass a fake. */
export interface GuardDutyAdminApi {
  listAdmins(region: string): Promise<Array<{ AdminAccountId?: string; AdminStatus?: string }>>;
  enable(region: string, adminAccountId: string): Promise<unknown>;
  disable(region: string, adminAccountId: string): Promise<unknown>;
  /** Waits between retries of a denied call. @default - a timer */
  sleep?(ms: number): Promise<void>;
}

export interface GuardDutyAdminEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: {
    readonly AdminAccountId: string;
    readonly Regions: readonly string[];
    readonly RemovalPolicy: 'retain' | 'destroy';
  };
}

export function onEvent(
  event: GuardDutyAdminEvent,
  guardDuty: GuardDutyAdminApi,
): Promise<{ PhysicalResourceId: string }>;
export function handler(event: GuardDutyAdminEvent): Promise<{ PhysicalResourceId: string }>;

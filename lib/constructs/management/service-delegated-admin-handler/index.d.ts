export type DelegatedAdminService = 'guardduty' | 'inspector2' | 'securityhub';

/** A service's administrator in one region, in the handler's terms. */
export interface AdminAccount {
  readonly accountId?: string;
  /** `ENABLED` or `DISABLE_IN_PROGRESS` in all three services. */
  readonly status?: string;
}

/** What the handler needs from the service (and IAM), one region at a time; the tests pass a fake. */
export interface DelegatedAdminApi {
  listAdmins(region: string): Promise<AdminAccount[]>;
  enable(region: string, adminAccountId: string): Promise<unknown>;
  disable(region: string, adminAccountId: string): Promise<unknown>;
  /** Only for a service whose policies need its service-linked role in the management account (Inspector). */
  createServiceLinkedRole?(): Promise<unknown>;
  /** Waits between retries of a denied call. @default - a timer */
  sleep?(ms: number): Promise<void>;
}

export interface DelegatedAdminEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: {
    readonly Service: DelegatedAdminService;
    readonly AdminAccountId: string;
    readonly Regions: readonly string[];
    readonly RemovalPolicy: 'retain' | 'destroy';
  };
}

export function onEvent(event: DelegatedAdminEvent, api: DelegatedAdminApi): Promise<{ PhysicalResourceId?: string }>;
export function handler(event: DelegatedAdminEvent): Promise<{ PhysicalResourceId?: string }>;

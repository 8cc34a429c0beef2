/**
 * What discover and preflight read from AWS, as plain data. The checks are pure
 * functions over these types, so they are tested without any AWS client.
 */

export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED or PENDING_ACTIVATION. */
  readonly state: string;
  readonly parentId: string;
}

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
}

export interface DelegatedAdministrator {
  readonly accountId: string;
  readonly servicePrincipal: string;
}

export interface OrganizationSnapshot {
  readonly id: string;
  readonly arn: string;
  /** ALL or CONSOLIDATED_BILLING. */
  readonly featureSet: string;
  readonly managementAccountId: string;
  readonly roots: readonly { readonly id: string; readonly name: string }[];
  /** Parents before children, so a reader can build paths in one pass. */
  readonly organizationalUnits: readonly OrgUnit[];
  readonly accounts: readonly OrgAccount[];
  readonly delegatedAdministrators: readonly DelegatedAdministrator[];
  /** Service principals with trusted access. */
  readonly trustedServices: readonly string[];
}

/** A value read from AWS, or the one-line reason it could not be read. */
export type Checked<T> = { readonly value: T } | { readonly error: string };

export interface EventDataStoreSummary {
  readonly name: string;
  readonly arn: string;
  readonly status: string;
}

export interface TrailSummary {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly isOrganizationTrail: boolean;
}

export interface RecorderSummary {
  readonly name: string;
  /** Set for service-linked recorders, which do not take the account's one customer-managed slot. */
  readonly servicePrincipal?: string;
}

/**
 * What preflight reads in the account the credentials belong to. CloudTrail and
 * Config are regional and per account: preflight sees only this one account.
 */
export interface CallerAccountSnapshot {
  readonly identity: Checked<{ readonly accountId: string; readonly arn: string }>;
  readonly homeRegion: string;
  /** Event data stores in the home region. */
  readonly eventDataStores: Checked<readonly EventDataStoreSummary[]>;
  /** Trails visible from the home region, including other regions' multi-region (shadow) trails. */
  readonly trails: Checked<readonly TrailSummary[]>;
  readonly recorders: readonly { readonly region: string; readonly recorders: Checked<readonly RecorderSummary[]> }[];
}

export interface PreflightSnapshot {
  readonly organization: OrganizationSnapshot;
  readonly callerAccount: CallerAccountSnapshot;
}

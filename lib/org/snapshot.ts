import type { FailureKind } from './errors';

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

export interface OrgRoot {
  readonly id: string;
  readonly name: string;
  /** The policy types of the root (ListRoots): `SERVICE_CONTROL_POLICY` and `ENABLED`, `PENDING_ENABLE` or `PENDING_DISABLE`. */
  readonly policyTypes: readonly { readonly type: string; readonly status: string }[];
}

export interface OrganizationSnapshot {
  readonly id: string;
  readonly arn: string;
  /** ALL or CONSOLIDATED_BILLING. */
  readonly featureSet: string;
  readonly managementAccountId: string;
  readonly roots: readonly OrgRoot[];
  /** Parents before children, so a reader can build paths in one pass. */
  readonly organizationalUnits: readonly OrgUnit[];
  readonly accounts: readonly OrgAccount[];
  readonly delegatedAdministrators: readonly DelegatedAdministrator[];
  /** Service principals with trusted access. */
  readonly trustedServices: readonly string[];
}

/** A value read from AWS, or the one-line reason it could not be read and what kind of failure that was. */
export type Checked<T> = { readonly value: T } | { readonly error: string; readonly kind: FailureKind };

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
  /**
   * Control Tower's landing zone, asked for in `regions` (Control Tower answers
   * in its home region). Absent when nothing suggests Control Tower: then no
   * controltower:* permission is needed.
   */
  readonly landingZone?: {
    readonly regions: readonly string[];
    readonly found: Checked<LandingZoneSummary | undefined>;
  };
}

/** What GetLandingZone says about a Control Tower landing zone, reduced to what the config depends on. */
export interface LandingZoneSummary {
  readonly arn: string;
  readonly version: string;
  readonly latestAvailableVersion?: string;
  readonly status?: string;
  readonly driftStatus?: string;
  /** `centralizedLogging.enabled`: Control Tower runs its own organization trail. */
  readonly managesTrail: boolean;
  /**
   * Landing zone 4.0's `config.enabled`: Control Tower records Config in enrolled
   * accounts and runs a service-linked aggregator. Before 4.0 there is no switch:
   * it always does.
   */
  readonly managesConfig: boolean;
}

/** A policy directly attached to a root or OU (inherited ones do not count against the target's quota). */
export interface AttachedPolicy {
  readonly id: string;
  readonly name: string;
  /** FullAWSAccess and the like: created by AWS. */
  readonly awsManaged: boolean;
}

export interface PolicyAttachments {
  /** A root or OU ID the landing zone attaches to. */
  readonly targetId: string;
  readonly type: string;
  readonly policies: Checked<readonly AttachedPolicy[]>;
}

export interface PreflightSnapshot {
  readonly organization: OrganizationSnapshot;
  readonly callerAccount: CallerAccountSnapshot;
  /** Policies already attached to each target the landing zone attaches policies to, per policy type. */
  readonly policyAttachments: readonly PolicyAttachments[];
}

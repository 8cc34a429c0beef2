/**
 * An organization in memory that answers like AWS: the same operations, shapes
 * and pagination. Both the aws-sdk-client-mock tests and the local HTTP fake
 * endpoint serve from it, so the docs' example output and the tests agree.
 */

export interface FakeAccount {
  readonly Id: string;
  readonly Name: string;
  readonly Email: string;
  readonly State: string;
  readonly ParentId: string;
  readonly Tags?: Record<string, string>;
}

export interface FakeOrganization {
  readonly organization: { Id: string; Arn: string; FeatureSet: string; MasterAccountId: string };
  readonly roots: { Id: string; Name: string; PolicyTypes: { Type: string; Status: string }[] }[];
  /** Target (root or OU) ID -> the policies attached to it directly, any type. */
  readonly policies: Record<string, { Id: string; Name: string; AwsManaged: boolean; Type: string }[]>;
  /** Control Tower's landing zone, answered in its home region only. */
  landingZone?: {
    readonly region: string;
    readonly arn: string;
    readonly version: string;
    readonly manifest: object;
    readonly status?: string;
    readonly latestAvailableVersion?: string;
    readonly driftStatus?: { status: string };
  };
  readonly ous: { Id: string; Name: string; ParentId: string }[];
  readonly accounts: FakeAccount[];
  readonly delegatedAdmins: { AccountId: string; ServicePrincipal: string }[];
  readonly trustedServices: string[];
  /** The account the credentials belong to, as STS reports it. */
  readonly caller: { Account: string; Arn: string };
  readonly eventDataStores: { Name: string; EventDataStoreArn: string; Status: string }[];
  readonly trails: { Name: string; TrailARN: string; HomeRegion: string; IsOrganizationTrail: boolean }[];
  /** Region -> recorders of the caller's account. */
  readonly recorders: Record<string, { name: string; servicePrincipal?: string }[]>;
  /** Items per page, small so that every list is paginated. */
  readonly pageSize: number;
}

export const ORG_ID = 'o-a1b2c3d4e5';
export const ROOT_ID = 'r-a1b2';
export const MANAGEMENT = '111111111111';
export const LOG_ARCHIVE = '222222222222';
export const AUDIT = '333333333333';
export const FULL_AWS_ACCESS = {
  Id: 'p-FullAWSAccess',
  Name: 'FullAWSAccess',
  AwsManaged: true,
  Type: 'SERVICE_CONTROL_POLICY',
};

const ou = (id: string, Name: string, ParentId: string) => ({ Id: `ou-a1b2-${id}`, Name, ParentId });
const account = (Id: string, Name: string, ParentId: string, State = 'ACTIVE', Tags?: Record<string, string>) => ({
  Id,
  Name,
  Email: `aws+${Name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@example.com`,
  State,
  ParentId,
  ...(Tags ? { Tags } : {}),
});

/** A small organization as a platform team adopting the landing zone might have it. */
export function exampleOrganization(): FakeOrganization {
  const security = ou('s3cur1ty', 'Security', ROOT_ID);
  const workloads = ou('w0rkl0ad', 'Workloads', ROOT_ID);
  const prod = ou('pr0dpr0d', 'Prod', workloads.Id);
  const nonProd = ou('n0npr0d1', 'Non-Prod', workloads.Id);
  const sandbox = ou('s4ndb0x1', 'Sandbox', ROOT_ID);
  return {
    organization: {
      Id: ORG_ID,
      Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}`,
      FeatureSet: 'ALL',
      MasterAccountId: MANAGEMENT,
    },
    roots: [{ Id: ROOT_ID, Name: 'Root', PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }],
    ous: [security, workloads, sandbox, prod, nonProd],
    // SCPs on: AWS attaches FullAWSAccess to every root and OU.
    policies: Object.fromEntries(
      [ROOT_ID, security.Id, workloads.Id, sandbox.Id, prod.Id, nonProd.Id].map((id) => [id, [FULL_AWS_ACCESS]]),
    ),
    accounts: [
      account(MANAGEMENT, 'Management', ROOT_ID),
      account(LOG_ARCHIVE, 'Log Archive', security.Id),
      account(AUDIT, 'Audit', security.Id),
      account('444444444444', 'payments-prod', prod.Id),
      account('555555555555', 'payments-staging', nonProd.Id),
      account('666666666666', 'data-platform-prod', prod.Id),
      account('777777777777', 'sandbox-alice', sandbox.Id, 'SUSPENDED'),
    ],
    delegatedAdmins: [
      { AccountId: AUDIT, ServicePrincipal: 'guardduty.amazonaws.com' },
      { AccountId: AUDIT, ServicePrincipal: 'securityhub.amazonaws.com' },
    ],
    trustedServices: ['guardduty.amazonaws.com', 'securityhub.amazonaws.com', 'sso.amazonaws.com'],
    caller: {
      Account: MANAGEMENT,
      Arn: `arn:aws:sts::${MANAGEMENT}:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d/alice`,
    },
    eventDataStores: [],
    trails: [],
    recorders: { 'eu-west-1': [], 'eu-central-1': [] },
    pageSize: 2,
  };
}

/**
 * `size` accounts in 86 OUs three levels deep (Security, then 5 x 4 x 3), with
 * log-archive and audit in Security, as in a large enterprise organization.
 */
export function largeOrganization(size: number): FakeOrganization {
  const base = exampleOrganization();
  const ous = [ou('s3cur1ty', 'Security', ROOT_ID)];
  for (let a = 0; a < 5; a++) {
    const top = ou(`t0p0000${a}`, `BusinessUnit${a}`, ROOT_ID);
    ous.push(top);
    for (let b = 0; b < 4; b++) {
      const mid = ou(`m1d000${a}${b}`, b % 2 ? 'Prod' : 'NonProd', top.Id);
      ous.push(mid);
      for (let c = 0; c < 3; c++) ous.push(ou(`l3af0${a}${b}${c}`, `Team${c}`, mid.Id));
    }
  }
  const leaves = ous.filter((u) => u.Name.startsWith('Team'));
  const accounts = [
    account(MANAGEMENT, 'Management', ROOT_ID),
    account(LOG_ARCHIVE, 'Log Archive', ous[0].Id),
    account(AUDIT, 'Audit', ous[0].Id),
  ];
  for (let i = accounts.length; i < size; i++) {
    accounts.push(account(String(100000000000 + i), `workload-${i}`, leaves[i % leaves.length].Id));
  }
  return { ...base, ous, accounts, pageSize: 20 };
}

/** The operations discover and preflight call, keyed as the SDK names them. */
export type Operation =
  | 'DescribeOrganization'
  | 'ListRoots'
  | 'ListOrganizationalUnitsForParent'
  | 'ListAccountsForParent'
  | 'ListDelegatedAdministrators'
  | 'ListDelegatedServicesForAccount'
  | 'ListAWSServiceAccessForOrganization'
  | 'ListTagsForResource'
  | 'ListPoliciesForTarget'
  | 'ListLandingZones'
  | 'GetLandingZone'
  | 'GetCallerIdentity'
  | 'ListEventDataStores'
  | 'DescribeTrails'
  | 'DescribeConfigurationRecorders';

type Input = Record<string, unknown> & { NextToken?: string };

/** Answers one request the way the service would; `region` matters only for regional reads. */
export function respond(fake: FakeOrganization, operation: Operation, input: Input, region = 'eu-west-1'): object {
  const page = <T>(key: string, items: T[]) => {
    const start = Number(input.NextToken ?? 0);
    const end = start + fake.pageSize;
    return { [key]: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
  };
  switch (operation) {
    case 'DescribeOrganization':
      return {
        Organization: {
          ...fake.organization,
          MasterAccountArn: `arn:aws:organizations::${fake.organization.MasterAccountId}:account/${fake.organization.Id}/${fake.organization.MasterAccountId}`,
        },
      };
    case 'ListRoots':
      return page(
        'Roots',
        fake.roots.map((r) => ({ ...r, Arn: `${fake.organization.Arn}/root/${r.Id}` })),
      );
    case 'ListOrganizationalUnitsForParent':
      return page(
        'OrganizationalUnits',
        fake.ous.filter((u) => u.ParentId === input.ParentId).map(({ Id, Name }) => ({ Id, Name })),
      );
    case 'ListAccountsForParent':
      return page(
        'Accounts',
        fake.accounts
          .filter((a) => a.ParentId === input.ParentId)
          .map(({ Id, Name, Email, State }) => ({
            Id,
            Name,
            Email,
            State,
            Status: State === 'CLOSED' ? undefined : State,
            JoinedMethod: 'CREATED',
          })),
      );
    case 'ListDelegatedAdministrators': {
      const ids = [...new Set(fake.delegatedAdmins.map((d) => d.AccountId))];
      return page(
        'DelegatedAdministrators',
        ids.map((Id) => ({ Id, Name: fake.accounts.find((a) => a.Id === Id)?.Name })),
      );
    }
    case 'ListDelegatedServicesForAccount':
      return page(
        'DelegatedServices',
        fake.delegatedAdmins
          .filter((d) => d.AccountId === input.AccountId)
          .map(({ ServicePrincipal }) => ({ ServicePrincipal })),
      );
    case 'ListAWSServiceAccessForOrganization':
      return page(
        'EnabledServicePrincipals',
        fake.trustedServices.map((ServicePrincipal) => ({ ServicePrincipal })),
      );
    case 'ListTagsForResource': {
      const tags = fake.accounts.find((a) => a.Id === input.ResourceId)?.Tags ?? {};
      return page(
        'Tags',
        Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      );
    }
    case 'ListPoliciesForTarget':
      return page(
        'Policies',
        (fake.policies[input.TargetId as string] ?? [])
          .filter((p) => p.Type === input.Filter)
          .map(({ Id, Name, AwsManaged, Type }) => ({
            Id,
            Name,
            AwsManaged,
            Type,
            Arn: `arn:aws:organizations::${fake.organization.MasterAccountId}:policy/${fake.organization.Id}/${Type.toLowerCase()}/${Id}`,
          })),
      );
    case 'ListLandingZones':
      return { landingZones: fake.landingZone?.region === region ? [{ arn: fake.landingZone.arn }] : [] };
    case 'GetLandingZone': {
      const { region: _home, ...landingZone } =
        fake.landingZone ?? ({} as NonNullable<FakeOrganization['landingZone']>);
      return { landingZone };
    }
    case 'GetCallerIdentity':
      return { ...fake.caller, UserId: 'AROAEXAMPLEID:alice' };
    case 'ListEventDataStores':
      return page('EventDataStores', fake.eventDataStores);
    case 'DescribeTrails':
      return { trailList: fake.trails };
    case 'DescribeConfigurationRecorders':
      return { ConfigurationRecorders: fake.recorders[region] ?? [] };
  }
}

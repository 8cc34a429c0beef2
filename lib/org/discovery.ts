import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListDelegatedServicesForAccountCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AwsCaller, mapLimit } from './call';
import type { DelegatedAdministrator, OrgAccount, OrganizationSnapshot, OrgUnit } from './snapshot';

export interface DiscoveryOptions {
  /**
   * Parents walked at once. The requests in flight are capped by AwsCaller's
   * per-service limit, whatever this is.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Called with the organization before the walk, so a flag that contradicts
   * it (an account flag naming the management account) fails after one request.
   * @default - nothing is checked
   */
  readonly onDescribed?: (organization: { readonly id: string; readonly managementAccountId: string }) => void;
}

/**
 * Reads the organization: its settings, roots, every OU (recursively), every
 * account with its parent, delegated administrators and trusted services.
 * Needs credentials of the management account (or an Organizations delegated admin).
 */
export async function discoverOrganization(
  org: OrganizationsClient,
  aws: AwsCaller,
  options: DiscoveryOptions = {},
): Promise<OrganizationSnapshot> {
  const concurrency = options.concurrency ?? 4;
  // DescribeOrganization first and alone: it is the call that says "not in an organization" clearly.
  const { Organization: o } = await aws.call('organizations:DescribeOrganization', (send) =>
    org.send(new DescribeOrganizationCommand({}), send),
  );
  options.onDescribed?.({ id: o?.Id ?? '', managementAccountId: o?.MasterAccountId ?? '' });
  const roots = await aws.collect(
    'organizations:ListRoots',
    (NextToken, send) => org.send(new ListRootsCommand({ NextToken }), send),
    (page) => page.Roots,
  );
  const [tree, delegatedAdministrators, trustedServices] = await Promise.all([
    walkTree(
      org,
      aws,
      roots.map((r) => r.Id!),
      concurrency,
    ),
    listDelegatedAdministrators(org, aws, concurrency),
    aws.collect(
      'organizations:ListAWSServiceAccessForOrganization',
      (NextToken, send) => org.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken }), send),
      (page) => page.EnabledServicePrincipals?.map((s) => s.ServicePrincipal!),
    ),
  ]);
  return {
    id: o?.Id ?? '',
    arn: o?.Arn ?? '',
    featureSet: o?.FeatureSet ?? 'UNKNOWN',
    managementAccountId: o?.MasterAccountId ?? '',
    roots: roots.map((r) => ({
      id: r.Id!,
      name: r.Name ?? 'Root',
      policyTypes: (r.PolicyTypes ?? []).map((p) => ({ type: p.Type ?? '', status: p.Status ?? '' })),
    })),
    ...tree,
    delegatedAdministrators,
    trustedServices: [...trustedServices].sort(),
  };
}

/** Breadth-first, one level at a time, so OUs come out parents first. */
async function walkTree(org: OrganizationsClient, aws: AwsCaller, rootIds: string[], concurrency: number) {
  const organizationalUnits: OrgUnit[] = [];
  const accounts: OrgAccount[] = [];
  let parents = rootIds;
  while (parents.length > 0) {
    const children = await mapLimit(parents, concurrency, async (parentId) => {
      const [units, members] = await Promise.all([
        aws.collect(
          'organizations:ListOrganizationalUnitsForParent',
          (NextToken, send) =>
            org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }), send),
          (page) => page.OrganizationalUnits,
        ),
        aws.collect(
          'organizations:ListAccountsForParent',
          (NextToken, send) => org.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }), send),
          (page) => page.Accounts,
        ),
      ]);
      return {
        units: units.map((u) => ({ id: u.Id!, name: u.Name ?? '', parentId })),
        // `Status` is retired in September 2026; `State` replaces it and adds CLOSED and PENDING_ACTIVATION.
        accounts: members.map((a) => ({
          id: a.Id!,
          name: a.Name ?? '',
          email: a.Email ?? '',
          state: a.State ?? a.Status ?? 'UNKNOWN',
          parentId,
        })),
      };
    });
    // Flattened in parent order, not completion order, so the snapshot is the same on every run.
    const level = children.flatMap((c) => c.units);
    accounts.push(...children.flatMap((c) => c.accounts));
    organizationalUnits.push(...level);
    parents = level.map((u) => u.id);
  }
  return { organizationalUnits, accounts };
}

async function listDelegatedAdministrators(
  org: OrganizationsClient,
  aws: AwsCaller,
  concurrency: number,
): Promise<DelegatedAdministrator[]> {
  const admins = await aws.collect(
    'organizations:ListDelegatedAdministrators',
    (NextToken, send) => org.send(new ListDelegatedAdministratorsCommand({ NextToken }), send),
    (page) => page.DelegatedAdministrators,
  );
  const perAccount = await mapLimit(admins, concurrency, async (admin) => {
    const services = await aws.collect(
      'organizations:ListDelegatedServicesForAccount',
      (NextToken, send) =>
        org.send(new ListDelegatedServicesForAccountCommand({ AccountId: admin.Id!, NextToken }), send),
      (page) => page.DelegatedServices,
    );
    return services.map((s) => ({ accountId: admin.Id!, servicePrincipal: s.ServicePrincipal! }));
  });
  return perAccount.flat().sort((a, b) => a.servicePrincipal.localeCompare(b.servicePrincipal));
}

/** Tags of each account, for recognising log-archive and audit when their names do not say. */
export async function listAccountTags(
  org: OrganizationsClient,
  aws: AwsCaller,
  accountIds: readonly string[],
  options: DiscoveryOptions = {},
): Promise<Map<string, Record<string, string>>> {
  const tags = await mapLimit(accountIds, options.concurrency ?? 4, (id) =>
    aws.collect(
      'organizations:ListTagsForResource',
      (NextToken, send) => org.send(new ListTagsForResourceCommand({ ResourceId: id, NextToken }), send),
      (page) => page.Tags,
    ),
  );
  return new Map(accountIds.map((id, i) => [id, Object.fromEntries(tags[i].map((t) => [t.Key!, t.Value ?? '']))]));
}

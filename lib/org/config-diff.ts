import type { LandingZoneConfig } from '../config/schema';
import type { Identification } from './identify';
import type { OrganizationSnapshot } from './snapshot';

export type DiffStatus = 'same' | 'differs' | 'not found' | 'not active' | 'unknown';

export interface DiffRow {
  readonly key: string;
  readonly config: string;
  readonly organization: string;
  readonly status: DiffStatus;
}

export interface DiscoveredFacts {
  readonly organization: OrganizationSnapshot;
  readonly logArchive: Identification;
  readonly audit: Identification;
  /** Only compared when given on the command line: discover cannot know which regions you govern. */
  readonly regions?: { readonly home?: string; readonly governed?: readonly string[] };
}

/** Every config key discover can speak about, set against what the organization says. */
export function diffConfig(config: LandingZoneConfig, found: DiscoveredFacts): DiffRow[] {
  const org = found.organization;
  const label = (id: string) => {
    const account = org.accounts.find((a) => a.id === id);
    return account ? `${id} (${account.name})` : id;
  };
  const compare = (key: string, configured: string, actual: string, show = (v: string) => v): DiffRow => ({
    key,
    config: configured,
    organization: show(actual),
    status: configured === actual ? 'same' : 'differs',
  });
  const member = (key: string, id: string): DiffRow => {
    const account = org.accounts.find((a) => a.id === id);
    if (!account) return { key, config: id, organization: `not a member of ${org.id}`, status: 'not found' };
    const status = account.state === 'ACTIVE' ? 'same' : 'not active';
    return { key, config: id, organization: `${label(id)} ${account.state}`, status };
  };
  const role = (key: string, configured: string, identified: Identification): DiffRow => {
    if (identified.kind === 'found') return compare(key, configured, identified.account.id, label);
    const row = member(key, configured);
    const why =
      identified.kind === 'ambiguous'
        ? `several candidates ${identified.how}: ${identified.candidates.map((a) => label(a.id)).join(', ')}`
        : 'not recognised by name or tag';
    return {
      ...row,
      organization: `${row.organization}; ${why}`,
      status: row.status === 'same' ? 'unknown' : row.status,
    };
  };
  const units = new Map(org.organizationalUnits.map((u) => [u.id, u]));
  const rows: DiffRow[] = [
    compare('organization.id', config.organization.id, org.id),
    compare('organization.rootId', config.organization.rootId, org.roots[0]?.id ?? ''),
    ...Object.entries(config.organization.organizationalUnits).map(([name, id]): DiffRow => {
      const unit = units.get(id);
      return unit
        ? {
            key: `organization.organizationalUnits.${name}`,
            config: id,
            organization: `OU ${unit.name}`,
            status: 'same',
          }
        : {
            key: `organization.organizationalUnits.${name}`,
            config: id,
            organization: 'no such OU',
            status: 'not found',
          };
    }),
    ...Object.entries(config.organization.memberAccounts).map(([name, id]) =>
      member(`organization.memberAccounts.${name}`, id),
    ),
    compare('accounts.management', config.accounts.management, org.managementAccountId, label),
    role('accounts.logArchive', config.accounts.logArchive, found.logArchive),
    role('accounts.audit', config.accounts.audit, found.audit),
  ];
  if (found.regions?.home) rows.push(compare('regions.home', config.regions.home, found.regions.home));
  if (found.regions?.governed) {
    rows.push(compare('regions.governed', config.regions.governed.join(', '), found.regions.governed.join(', ')));
  }
  return rows;
}

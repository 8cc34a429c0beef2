import { diffConfig } from '../../lib/org/config-diff';
import type { Identification } from '../../lib/org/identify';
import { AUDIT, exampleOrganization, LOG_ARCHIVE, MANAGEMENT, ORG_ID } from './support/fake-organization';
import { matchingConfig, snapshotOf } from './support/preflight-input';

const org = snapshotOf(exampleOrganization()).organization;
const found = (id: string): Identification => ({
  kind: 'found',
  account: org.accounts.find((a) => a.id === id)!,
  how: 'by its name',
});
const status = (rows: ReturnType<typeof diffConfig>, key: string) => rows.find((r) => r.key === key)?.status;

describe('diffConfig', () => {
  test('a matching config is the same on every key discover knows', () => {
    const rows = diffConfig(matchingConfig(), {
      organization: org,
      logArchive: found(LOG_ARCHIVE),
      audit: found(AUDIT),
    });
    expect(rows.filter((r) => r.status !== 'same')).toEqual([]);
    expect(rows.map((r) => r.key)).toEqual([
      'organization.id',
      'organization.rootId',
      'organization.organizationalUnits.Security',
      'organization.organizationalUnits.Workloads',
      'organization.memberAccounts.payments-prod',
      'accounts.management',
      'accounts.logArchive',
      'accounts.audit',
    ]);
  });

  test('shows the example config placeholders as differences, with the real values', () => {
    const config = matchingConfig((raw) => {
      raw.organization.id = 'o-exampleorg1';
      raw.accounts.management = '999999999999';
      raw.organization.organizationalUnits.Security = 'ou-ex12-secur1ty';
    });
    const rows = diffConfig(config, { organization: org, logArchive: found(LOG_ARCHIVE), audit: found(AUDIT) });
    expect(rows.find((r) => r.key === 'organization.id')).toEqual({
      key: 'organization.id',
      config: 'o-exampleorg1',
      organization: ORG_ID,
      status: 'differs',
    });
    expect(rows.find((r) => r.key === 'accounts.management')?.organization).toBe(`${MANAGEMENT} (Management)`);
    expect(status(rows, 'organization.organizationalUnits.Security')).toBe('not found');
  });

  test('cannot confirm a role discover did not recognise, but still checks the configured account', () => {
    const rows = diffConfig(matchingConfig(), {
      organization: org,
      logArchive: { kind: 'unknown' },
      audit: found(AUDIT),
    });
    expect(rows.find((r) => r.key === 'accounts.logArchive')).toEqual({
      key: 'accounts.logArchive',
      config: LOG_ARCHIVE,
      organization: `${LOG_ARCHIVE} (Log Archive) ACTIVE; not recognised by name or tag`,
      status: 'unknown',
    });
  });

  test('compares regions only when they were given', () => {
    const rows = diffConfig(matchingConfig(), {
      organization: org,
      logArchive: found(LOG_ARCHIVE),
      audit: found(AUDIT),
      regions: { home: 'eu-west-1', governed: ['eu-west-1'] },
    });
    expect(status(rows, 'regions.home')).toBe('same');
    expect(status(rows, 'regions.governed')).toBe('differs');
  });
});

import { parseDocument } from 'yaml';
import { parseConfig } from '../../lib/config/loader';
import { ouKeys } from '../../lib/org/ou-keys';
import { renderStarterConfig } from '../../lib/org/starter-config';
import {
  exampleOrganization,
  largeOrganization,
  LOG_ARCHIVE,
  ORG_ID,
  ROOT_ID,
  type FakeOrganization,
} from './support/fake-organization';
import { snapshotOf } from './support/preflight-input';

function starter(fake: FakeOrganization = exampleOrganization()) {
  const org = snapshotOf(fake).organization;
  const byId = (id: string) => org.accounts.find((a) => a.id === id)!;
  return renderStarterConfig({
    organization: org,
    logArchive: { account: byId(LOG_ARCHIVE), how: 'by its name' },
    audit: { account: { id: '012345678901' }, how: 'from --audit-account' },
    regions: { home: 'eu-west-1', governed: ['eu-west-1', 'eu-central-1'], how: 'from --home-region' },
  });
}

describe('renderStarterConfig', () => {
  test('writes YAML the app itself accepts, with what discover found', () => {
    const config = parseConfig(starter(), 'starter.yaml');
    expect(config.organization).toEqual({
      id: ORG_ID,
      rootId: ROOT_ID,
      organizationalUnits: {
        Security: 'ou-a1b2-s3cur1ty',
        Workloads: 'ou-a1b2-w0rkl0ad',
        Sandbox: 'ou-a1b2-s4ndb0x1',
        Prod: 'ou-a1b2-pr0dpr0d',
        'Non-Prod': 'ou-a1b2-n0npr0d1',
      },
      memberAccounts: {},
    });
    expect(config.accounts).toEqual({ management: '111111111111', logArchive: LOG_ARCHIVE, audit: '012345678901' });
    expect(config.regions).toEqual({ home: 'eu-west-1', governed: ['eu-west-1', 'eu-central-1'] });
  });

  test('quotes account IDs, so one starting with 0 stays a string in every YAML reader', () => {
    expect(starter()).toContain("audit: '012345678901'");
  });

  test('says in comments where each value came from', () => {
    const text = starter();
    expect(text).toContain("logArchive: '222222222222' # Log Archive, recognised by its name");
    expect(text).toContain('Non-Prod: ou-a1b2-n0npr0d1 # Workloads/Non-Prod');
    expect(text).toContain('Security: ou-a1b2-s3cur1ty\n');
    expect(text).toMatch(/^# Landing-zone config written by `npm run discover` from organization o-a1b2c3d4e5\./);
  });

  test('hands Config recording to Control Tower when Control Tower has trusted access', () => {
    const fake = exampleOrganization();
    fake.trustedServices.push('controltower.amazonaws.com');
    const text = starter(fake);
    expect(parseConfig(text, 'starter.yaml').audit.controlTower.configRecording).toBe(true);
    expect(text).toContain('configRecording: true # Control Tower has trusted access here');
    expect(parseConfig(starter(), 'starter.yaml').audit.controlTower.configRecording).toBe(false);
  });

  test('is valid for a large organization whose OU names repeat under different parents', () => {
    const text = starter(largeOrganization(500));
    const config = parseConfig(text, 'starter.yaml');
    expect(Object.keys(config.organization.organizationalUnits)).toHaveLength(86);
    // Each business unit has two OUs named Prod, so even the path repeats and the ID decides.
    expect(config.organization.organizationalUnits['BusinessUnit0-Prod-Team1-l3af0011']).toBe('ou-a1b2-l3af0011');
    expect(config.organization.organizationalUnits['BusinessUnit0-NonProd-Team1-l3af0001']).toBe('ou-a1b2-l3af0001');
    expect(parseDocument(text).errors).toEqual([]);
  });
});

describe('ouKeys', () => {
  test('makes OU names into config keys, and tells repeats apart by path, then by ID', () => {
    const fake = exampleOrganization();
    fake.ous.push(
      { Id: 'ou-a1b2-pr0d0002', Name: 'Prod', ParentId: 'ou-a1b2-s4ndb0x1' },
      { Id: 'ou-a1b2-aaaa1111', Name: 'Shared Services (EU)', ParentId: 'r-a1b2' },
      { Id: 'ou-a1b2-bbbb2222', Name: '2024 projects', ParentId: 'r-a1b2' },
      { Id: 'ou-a1b2-cccc3333', Name: 'Dup', ParentId: 'r-a1b2' },
      { Id: 'ou-a1b2-dddd4444', Name: 'Dup', ParentId: 'r-a1b2' },
    );
    const keys = ouKeys(snapshotOf(fake).organization);
    expect(keys.get('ou-a1b2-pr0dpr0d')).toBe('Workloads-Prod');
    expect(keys.get('ou-a1b2-pr0d0002')).toBe('Sandbox-Prod');
    expect(keys.get('ou-a1b2-aaaa1111')).toBe('Shared-Services-EU');
    expect(keys.get('ou-a1b2-bbbb2222')).toBe('OU-2024-projects');
    expect([keys.get('ou-a1b2-cccc3333'), keys.get('ou-a1b2-dddd4444')]).toEqual(['Dup-cccc3333', 'Dup-dddd4444']);
  });
});

import { identifyAccount, type AccountTags } from '../../lib/org/identify';
import { AUDIT, exampleOrganization, LOG_ARCHIVE, type FakeOrganization } from './support/fake-organization';
import { snapshotOf } from './support/preflight-input';

const noTags = async (): Promise<AccountTags> => new Map();
const orgWith = (change: (fake: FakeOrganization) => void) => {
  const fake = exampleOrganization();
  change(fake);
  return snapshotOf(fake).organization;
};
const rename = (fake: FakeOrganization, id: string, Name: string) => {
  const i = fake.accounts.findIndex((a) => a.Id === id);
  fake.accounts[i] = { ...fake.accounts[i], Name };
};

describe('identifyAccount', () => {
  test("recognises Control Tower's names, Log Archive and Audit", async () => {
    const org = orgWith(() => {});
    await expect(identifyAccount('logArchive', org, noTags)).resolves.toMatchObject({
      kind: 'found',
      account: { id: LOG_ARCHIVE },
      how: 'by its name',
    });
    await expect(identifyAccount('audit', org, noTags)).resolves.toMatchObject({
      kind: 'found',
      account: { id: AUDIT },
    });
  });

  test("recognises the Security Reference Architecture's Security Tooling as audit", async () => {
    const org = orgWith((fake) => rename(fake, AUDIT, 'Security Tooling'));
    await expect(identifyAccount('audit', org, noTags)).resolves.toMatchObject({
      kind: 'found',
      account: { id: AUDIT },
    });
  });

  test('falls back to a role tag, and reads tags only then', async () => {
    const org = orgWith((fake) => rename(fake, LOG_ARCHIVE, 'acme-central-logs-prod'));
    let reads = 0;
    const tags = async (): Promise<AccountTags> => {
      reads++;
      return new Map([[LOG_ARCHIVE, { AccountType: 'Log-Archive' }]]);
    };
    await expect(identifyAccount('logArchive', org, tags)).resolves.toMatchObject({
      kind: 'found',
      account: { id: LOG_ARCHIVE },
      how: 'by its tag',
    });
    await identifyAccount('audit', org, tags);
    expect(reads).toBe(1);
  });

  test('falls back to a name that contains the role', async () => {
    const org = orgWith((fake) => rename(fake, AUDIT, 'acme-security-audit'));
    await expect(identifyAccount('audit', org, noTags)).resolves.toMatchObject({
      kind: 'found',
      how: 'by a name containing the role',
    });
  });

  test('is ambiguous when two accounts match at the same level', async () => {
    const org = orgWith((fake) => rename(fake, '444444444444', 'Audit'));
    const result = await identifyAccount('audit', org, noTags);
    expect(result.kind).toBe('ambiguous');
    expect(result.kind === 'ambiguous' && result.candidates.map((a) => a.id)).toEqual([AUDIT, '444444444444']);
  });

  test('never picks a suspended account or the management account', async () => {
    const org = orgWith((fake) => {
      rename(fake, '111111111111', 'Log Archive');
      fake.accounts[1] = { ...fake.accounts[1], State: 'SUSPENDED' };
    });
    await expect(identifyAccount('logArchive', org, noTags)).resolves.toEqual({ kind: 'unknown' });
  });
});

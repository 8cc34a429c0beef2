import type { AccountRole } from './expectations';
import type { OrgAccount, OrganizationSnapshot } from './snapshot';

/** How discover decided which account plays a role, for the summary and the config comment. */
export type Identification =
  | { readonly kind: 'found'; readonly account: OrgAccount; readonly how: string }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly OrgAccount[]; readonly how: string }
  | { readonly kind: 'unknown' };

export type AccountTags = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** Normalised (lowercase letters and digits only): Control Tower's and the Security Reference Architecture's names. */
const EXACT_NAMES: Record<AccountRole, readonly string[]> = {
  logArchive: ['logarchive', 'log', 'logs', 'logging'],
  audit: ['audit', 'securitytooling', 'security'],
};
const PARTIAL_NAMES: Record<AccountRole, readonly string[]> = {
  logArchive: ['logarchive'],
  audit: ['audit', 'securitytooling'],
};
/** A tag such as `AccountType=log-archive` or `account-role=audit`. */
const TAG_KEYS = ['accountrole', 'accounttype', 'role', 'type', 'purpose'];

const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Candidates are active members other than the management account. Names that
 * say the role exactly win; then a role tag; then a name that contains it.
 * Two accounts at the same level are ambiguous: discover then asks for a flag.
 */
export async function identifyAccount(
  role: AccountRole,
  org: OrganizationSnapshot,
  tags: () => Promise<AccountTags>,
): Promise<Identification> {
  const candidates = org.accounts.filter((a) => a.state === 'ACTIVE' && a.id !== org.managementAccountId);
  const exact = candidates.filter((a) => EXACT_NAMES[role].includes(normalise(a.name)));
  if (exact.length > 0) return decide(exact, 'by its name');
  const known = await tags();
  const tagged = candidates.filter((a) =>
    Object.entries(known.get(a.id) ?? {}).some(
      ([key, value]) => TAG_KEYS.includes(normalise(key)) && PARTIAL_NAMES[role].includes(normalise(value)),
    ),
  );
  if (tagged.length > 0) return decide(tagged, 'by its tag');
  const partial = candidates.filter((a) => PARTIAL_NAMES[role].some((n) => normalise(a.name).includes(n)));
  if (partial.length > 0) return decide(partial, 'by a name containing the role');
  return { kind: 'unknown' };
}

function decide(matches: OrgAccount[], how: string): Identification {
  return matches.length === 1
    ? { kind: 'found', account: matches[0], how }
    : { kind: 'ambiguous', candidates: matches, how };
}

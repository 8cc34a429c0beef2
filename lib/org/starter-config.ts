import { Document, isMap, isScalar, Scalar, type YAMLMap } from 'yaml';
import { parseConfig } from '../config/loader';
import type { OrgAccount, OrganizationSnapshot } from './snapshot';
import { CONTROL_TOWER_PRINCIPAL } from './checks/control-tower';
import { ouKeys, ouPath } from './ou-keys';

export interface StarterConfigInput {
  readonly organization: OrganizationSnapshot;
  readonly logArchive: {
    readonly account: OrgAccount | { readonly id: string; readonly name?: string };
    readonly how: string;
  };
  readonly audit: {
    readonly account: OrgAccount | { readonly id: string; readonly name?: string };
    readonly how: string;
  };
  readonly regions: { readonly home: string; readonly governed: readonly string[]; readonly how: string };
}

/**
 * The starter config: only what discover knows (organization, OUs, the three
 * accounts, regions), everything else left to the schema's secure defaults.
 * It is parsed with the app's own loader before it is returned, so a starter
 * that the app would refuse is never written.
 */
export function renderStarterConfig(input: StarterConfigInput): string {
  const org = input.organization;
  const keys = ouKeys(org);
  const management = org.accounts.find((a) => a.id === org.managementAccountId);
  // Control Tower records in enrolled accounts; a second recorder there is impossible.
  const controlTower = org.trustedServices.includes(CONTROL_TOWER_PRINCIPAL);
  const doc = new Document({
    organization: {
      id: org.id,
      rootId: org.roots[0]?.id,
      organizationalUnits: Object.fromEntries(org.organizationalUnits.map((u) => [keys.get(u.id)!, u.id])),
    },
    accounts: {
      management: quoted(org.managementAccountId),
      logArchive: quoted(input.logArchive.account.id),
      audit: quoted(input.audit.account.id),
    },
    regions: { home: input.regions.home, governed: [...input.regions.governed] },
    ...(controlTower ? { audit: { controlTower: { configRecording: true } } } : {}),
  });
  doc.commentBefore = [
    ` Landing-zone config written by \`npm run discover\` from organization ${org.id}.`,
    ' Review every value, then check it against the organization before deploying:',
    '   npm run preflight -- --config <this file>',
    ' Keys not written here take their secure defaults; config/landing-zone.example.yaml documents every one.',
  ].join('\n');
  const at = (...path: string[]) => doc.getIn(path, true) as Scalar | YAMLMap;
  at('organization', 'id').comment = ` ${org.arn}`;
  at('organization', 'rootId').comment = ` ${org.roots[0]?.name ?? 'Root'}`;
  const units = at('organization', 'organizationalUnits');
  if (isMap(units)) {
    units.commentBefore = ' OU name -> OU ID for every OU. Nested, renamed or repeated names show their path.';
    for (const pair of units.items) {
      const value = pair.value;
      const path = isScalar(value) ? ouPath(org, String(value.value)) : '';
      if (isScalar(value) && path !== String((pair.key as Scalar).value)) value.comment = ` ${path}`;
    }
  }
  at('accounts', 'management').comment =
    ` ${management?.name ?? 'management account'}: the organization's management account`;
  at('accounts', 'logArchive').comment = ` ${nameOf(input.logArchive.account)}, recognised ${input.logArchive.how}`;
  at('accounts', 'audit').comment = ` ${nameOf(input.audit.account)}, recognised ${input.audit.how}`;
  at('regions', 'home').comment = ` ${input.regions.how}`;
  if (controlTower) {
    at('audit', 'controlTower', 'configRecording').comment =
      ` Control Tower has trusted access here: Config recording stays with it (preflight checks this)`;
  }
  // A blank line between sections, as in the example config.
  for (const pair of (doc.contents as YAMLMap).items.slice(1)) (pair.key as Scalar).spaceBefore = true;
  const text = doc.toString({ lineWidth: 0 });
  parseConfig(text, 'the starter config');
  return text;
}

function quoted(value: string): Scalar {
  // Account IDs may start with 0: quoted, they stay strings for every YAML reader.
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

function nameOf(account: { readonly name?: string }): string {
  return (account.name || 'unnamed account').replace(/\s+/g, ' ');
}

import { fail, otherOrganization, pass, plural, type Check, type CheckResult } from './check';

export const checkOrganizationId: Check = ({ config, configPath, organization: org }) =>
  config.organization.id === org.id
    ? pass('organization', `${org.id} matches organization.id`)
    : fail(
        'organization',
        `the config names ${config.organization.id}; these credentials are in ${org.id}`,
        `set organization.id: ${org.id} in ${configPath}, or run with credentials of ${config.organization.id}'s management account`,
      );

export const checkAllFeatures: Check = ({ organization: org }) =>
  org.featureSet === 'ALL'
    ? pass('all features', `${org.id} has all features enabled`)
    : fail(
        'all features',
        `${org.id} has feature set ${org.featureSet}: no trusted access, delegated administrators or SCPs`,
        'in the management account; it completes once every invited member account accepts the handshake:\n$ aws organizations enable-all-features',
      );

export const checkManagementAccount: Check = (input) => {
  const { config, configPath, organization: org } = input;
  return (
    otherOrganization(input, 'management account') ??
    (config.accounts.management === org.managementAccountId
      ? pass('management account', `${org.managementAccountId} is the management account`)
      : fail(
          'management account',
          `accounts.management is ${config.accounts.management}, but ${org.id} is managed by ${org.managementAccountId}`,
          `set accounts.management: '${org.managementAccountId}' in ${configPath}`,
        ))
  );
};

export const checkRoot: Check = (input) => {
  const { config, configPath, organization: org } = input;
  const elsewhere = otherOrganization(input, 'root');
  if (elsewhere) return elsewhere;
  const rootId = config.organization.rootId;
  if (org.roots.some((r) => r.id === rootId)) return pass('root', `${rootId} is the organization's root`);
  const actual = org.roots.map((r) => r.id).join(', ');
  return fail(
    'root',
    `organization.rootId is ${rootId}; the organization's root is ${actual}`,
    `set organization.rootId: ${org.roots[0]?.id ?? '<root id>'} in ${configPath}`,
  );
};

export const checkOrganizationalUnits: Check = (input): CheckResult => {
  const { config, configPath, organization: org } = input;
  const elsewhere = otherOrganization(input, 'organizational units');
  if (elsewhere) return elsewhere;
  const configured = Object.entries(config.organization.organizationalUnits);
  const known = new Set(org.organizationalUnits.map((u) => u.id));
  const missing = configured.filter(([, id]) => !known.has(id));
  if (missing.length === 0) {
    return pass(
      'organizational units',
      configured.length === 0
        ? 'none named in organization.organizationalUnits'
        : `${plural(configured.length, 'OU')} in organization.organizationalUnits, all found`,
    );
  }
  return fail(
    'organizational units',
    `not OUs of ${org.id}: ${missing.map(([name, id]) => `${name} (${id})`).join(', ')}`,
    `replace them in organization.organizationalUnits of ${configPath} with existing OU IDs (\`npm run discover -- --config ${configPath}\` lists them), or create each OU:\n$ aws organizations create-organizational-unit --parent-id ${org.roots[0]?.id ?? '<root id>'} --name <name>`,
  );
};

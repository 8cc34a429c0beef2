import { baselinePolicies, GUARDRAIL_SCP_NAMES } from '../../lib/config/baseline';
import { parseConfig } from '../../lib/config/loader';
import { guardrailPolicies } from '../../lib/constructs/management/guardrail-policies';
import { organizationPolicyPlan } from '../../lib/organization-policy-plan';
import { Naming } from '../../lib/naming';
import { guardrailTargets } from '../../lib/stacks/guardrail-targets';
import { exampleConfig } from '../support/app';
import { EXAMPLE, exampleWith, exampleWithEach, expectOneProblem, minimalConfig } from '../support/config-text';

const MINIMAL = minimalConfig(['us-east-1']);
const OUS =
  'organization: { id: o-abcdefghij, rootId: r-ab12, organizationalUnits: { Public: ou-ab12-publ1c00, Workloads: ou-ab12-cd34ef56 } }';

/** The minimal config with OUs and a baseline section. */
function withBaseline(...lines: string[]): string {
  return [OUS, MINIMAL.split('\n').slice(1).join('\n'), 'baseline:', ...lines.map((l) => `  ${l}`)].join('\n');
}

describe('baseline config', () => {
  test('a config without the section gets every control on but the region guardrail, on the root', () => {
    expect(parseConfig(MINIMAL, 'minimal.yaml').baseline).toEqual({
      inspector: { enabled: true, targets: ['root'], scans: { ec2: true, ecr: true, lambda: true, lambdaCode: true } },
      s3BlockPublicAccess: { enabled: true, targets: ['root'], exceptOus: [] },
      ec2: {
        enabled: true,
        targets: ['root'],
        instanceMetadata: { httpTokens: 'required', hopLimit: 2 },
        serialConsole: false,
        imageBlockPublicAccess: 'block_new_sharing',
        snapshotBlockPublicAccess: 'block_all_sharing',
      },
      ebsEncryption: { enabled: true },
      dataPerimeter: { enabled: true, targets: ['root'], trustedAccounts: [] },
      regionGuardrail: { enabled: false, targets: ['root'] },
    });
  });

  test('the example turns every part on, the region guardrail and VPC Block Public Access included', () => {
    const baseline = parseConfig(EXAMPLE, 'example.yaml').baseline;
    for (const part of [
      'inspector',
      's3BlockPublicAccess',
      'ec2',
      'ebsEncryption',
      'dataPerimeter',
      'regionGuardrail',
    ] as const) {
      expect({ part, enabled: baseline[part].enabled }).toEqual({ part, enabled: true });
    }
    expect(baseline.ec2.vpcBlockPublicAccess).toEqual({ mode: 'block_ingress', exclusionsAllowed: true });
  });

  test('the guardrail SCP names the quota check counts are the ones ScpGuardrails attaches', () => {
    const names = guardrailPolicies(guardrailTargets(new Naming(exampleConfig()), { alerting: true })).map(
      (p) => p.name,
    );
    expect(names).toEqual([...GUARDRAIL_SCP_NAMES]);
  });

  // Each case: [name, broken config, key path the message must name, text the message must show]
  const cases: Array<[string, string, string, string]> = [
    [
      'Lambda code scanning without Lambda scanning',
      exampleWith('      lambda: true', '      lambda: false'),
      'baseline.inspector.scans.lambdaCode',
      'needs scans.lambda: Inspector scans Lambda code only where it scans functions',
    ],
    [
      'Inspector on with every scan off',
      withBaseline('inspector: { scans: { ec2: false, ecr: false, lambda: false, lambdaCode: false } }'),
      'baseline.inspector.scans',
      'must switch on at least one scan, or set inspector.enabled to false',
    ],
    [
      'a target that is not an OU of the config',
      withBaseline('dataPerimeter: { targets: [Sandbox] }'),
      'baseline.dataPerimeter.targets.0',
      "must be 'root' or an OU named in organization.organizationalUnits (root, Public, Workloads)",
    ],
    [
      'an OU listed with the root, which already covers it',
      withBaseline('ec2: { targets: [root, Workloads] }'),
      'baseline.ec2.targets.1',
      "must not be listed together with 'root'",
    ],
    [
      'a target listed twice',
      withBaseline('inspector: { targets: [Workloads, Workloads] }'),
      'baseline.inspector.targets.1',
      'lists a target twice',
    ],
    [
      'the root as a public-bucket exception',
      withBaseline('s3BlockPublicAccess: { exceptOus: [root] }'),
      'baseline.s3BlockPublicAccess.exceptOus.0',
      'must be an OU named in organization.organizationalUnits (Public, Workloads)',
    ],
    [
      'an exception OU that is also blocked',
      withBaseline('s3BlockPublicAccess: { targets: [Public], exceptOus: [Public] }'),
      'baseline.s3BlockPublicAccess.exceptOus.0',
      'is also in s3BlockPublicAccess.targets; an OU cannot be both blocked and excepted',
    ],
    [
      'an exception with Block Public Access off',
      withBaseline('s3BlockPublicAccess: { enabled: false, exceptOus: [Public] }'),
      'baseline.s3BlockPublicAccess.exceptOus.0',
      'needs s3BlockPublicAccess.enabled',
    ],
    [
      'a hop limit beyond the IMDS range',
      exampleWith('hopLimit: 2', 'hopLimit: 65'),
      'baseline.ec2.instanceMetadata.hopLimit',
      'must be a whole number from -1 to 64, got 65',
    ],
    [
      'an IMDS setting EC2 does not know',
      exampleWith('httpTokens: required', 'httpTokens: v2'),
      'baseline.ec2.instanceMetadata.httpTokens',
      'must be one of required, optional, no_preference, got "v2"',
    ],
    [
      'a snapshot setting EC2 does not know',
      exampleWith('snapshotBlockPublicAccess: block_all_sharing', 'snapshotBlockPublicAccess: private'),
      'baseline.ec2.snapshotBlockPublicAccess',
      'must be one of block_all_sharing, block_new_sharing, unblocked',
    ],
    [
      'a VPC Block Public Access mode EC2 does not know',
      exampleWith('mode: block_ingress', 'mode: block_egress'),
      'baseline.ec2.vpcBlockPublicAccess.mode',
      'must be one of block_ingress, block_bidirectional, off',
    ],
    [
      'a trusted account that is not an account ID',
      exampleWith('trustedAccounts: []', 'trustedAccounts: [vendor]'),
      'baseline.dataPerimeter.trustedAccounts.0',
      'must be a 12-digit AWS account ID',
    ],
    [
      'a trusted account listed twice',
      exampleWith('trustedAccounts: []', "trustedAccounts: ['555555555555', '555555555555']"),
      'baseline.dataPerimeter.trustedAccounts.1',
      'lists an account twice',
    ],
    [
      'so many trusted accounts that the RCP exceeds its quota',
      exampleWith(
        'trustedAccounts: []',
        `trustedAccounts: [${Array.from({ length: 200 }, (_, i) => `'${500000000000 + i}'`).join(', ')}]`,
      ),
      'baseline.dataPerimeter.trustedAccounts',
      'lists too many accounts: the resource control policy is ',
    ],
    [
      'a misspelled key',
      exampleWith('    serialConsole: false', '    serialConsoleAccess: false'),
      'baseline.ec2.serialConsoleAccess',
      'unknown key',
    ],
  ];

  test.each(cases)('fails when given %s', (_name, text, key, shown) => {
    expectOneProblem(text, key, shown);
  });

  test('fails on an oversized RCP with the size and the quota', () => {
    const accounts = Array.from({ length: 200 }, (_, i) => `'${500000000000 + i}'`).join(', ');
    const message = (() => {
      try {
        parseConfig(exampleWith('trustedAccounts: []', `trustedAccounts: [${accounts}]`), 'big.yaml');
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(
      /baseline\.dataPerimeter\.trustedAccounts: lists too many accounts: the resource control policy is \d{4,5} characters, over the 5120-character quota of RESOURCE_CONTROL_POLICY, got 200/,
    );
  });
});

describe('baseline policies', () => {
  const input = (text: string) => {
    const cfg = parseConfig(text, 'test.yaml');
    return {
      baseline: cfg.baseline,
      organization: cfg.organization,
      governedRegions: cfg.regions.governed,
      prefix: 'lz',
      exemptPrincipalArns: ['arn:aws:iam::*:role/deploy'],
    };
  };

  test('resolve targets to root and OU IDs, and name each policy after the prefix', () => {
    const policies = baselinePolicies(input(withBaseline('inspector: { targets: [Workloads] }')));
    expect(policies.map((p) => [p.id, p.type, p.name, p.targetIds])).toEqual([
      ['InspectorPolicy', 'INSPECTOR_POLICY', 'lz-inspector', ['ou-ab12-cd34ef56']],
      ['S3BlockPublicAccess', 'S3_POLICY', 'lz-s3-block-public-access', ['r-ab12']],
      ['Ec2Baseline', 'DECLARATIVE_POLICY_EC2', 'lz-ec2-baseline', ['r-ab12']],
      ['DataPerimeter', 'RESOURCE_CONTROL_POLICY', 'lz-data-perimeter', ['r-ab12']],
    ]);
  });

  test('a public-bucket OU gets Block Public Access none and is outside the S3 part of the perimeter', () => {
    const policies = baselinePolicies(input(withBaseline('s3BlockPublicAccess: { exceptOus: [Public] }')));
    const exception = policies.find((p) => p.id === 'S3PublicAccessException')!;
    expect(exception).toMatchObject({ type: 'S3_POLICY', targetIds: ['ou-ab12-publ1c00'] });
    expect(exception.content).toEqual({ s3_attributes: { public_access_block_configuration: { '@@assign': 'none' } } });
    const perimeter = JSON.stringify(policies.find((p) => p.id === 'DataPerimeter')!.content);
    expect(perimeter).toContain('"aws:ResourceOrgPaths":["o-abcdefghij/*/ou-ab12-publ1c00/*"]');
  });

  test("the perimeter admits Security Lake's SIEM subscriber and the trusted accounts", () => {
    const policies = baselinePolicies({
      ...input(withBaseline("dataPerimeter: { trustedAccounts: ['666666666666'] }")),
      siemAccountId: '555555555555',
    });
    const perimeter = policies.find((p) => p.id === 'DataPerimeter')!.content as any;
    expect(perimeter.Statement[0].Condition.StringNotEqualsIfExists['aws:PrincipalAccount']).toEqual([
      '666666666666',
      '555555555555',
    ]);
  });

  test('a part switched off has no policy', () => {
    const policies = baselinePolicies(
      input(
        withBaseline('inspector: { enabled: false }', 'ec2: { enabled: false }', 'dataPerimeter: { enabled: false }'),
      ),
    );
    expect(policies.map((p) => p.id)).toEqual(['S3BlockPublicAccess']);
  });
});

describe('the organization policy plan, for preflight', () => {
  test('lists every policy type to enable and every policy with its targets, guardrails first', () => {
    const plan = organizationPolicyPlan(parseConfig(EXAMPLE, 'example.yaml'));
    expect(plan.policyTypes).toEqual([
      'SERVICE_CONTROL_POLICY',
      'INSPECTOR_POLICY',
      'S3_POLICY',
      'DECLARATIVE_POLICY_EC2',
      'RESOURCE_CONTROL_POLICY',
    ]);
    const root = [{ name: 'root', id: 'r-ex12' }];
    expect(plan.policies).toEqual([
      { type: 'SERVICE_CONTROL_POLICY', name: 'lz-protect-logging', targets: root },
      { type: 'SERVICE_CONTROL_POLICY', name: 'lz-protect-detection', targets: root },
      { type: 'SERVICE_CONTROL_POLICY', name: 'lz-protect-organization', targets: root },
      { type: 'INSPECTOR_POLICY', name: 'lz-inspector', targets: root },
      { type: 'S3_POLICY', name: 'lz-s3-block-public-access', targets: root },
      { type: 'DECLARATIVE_POLICY_EC2', name: 'lz-ec2-baseline', targets: root },
      { type: 'RESOURCE_CONTROL_POLICY', name: 'lz-data-perimeter', targets: root },
      { type: 'SERVICE_CONTROL_POLICY', name: 'lz-region-guardrail', targets: root },
    ]);
  });

  test('names OU targets by their config name', () => {
    const text = exampleWithEach(['exceptOus: []', 'exceptOus: [Workloads]']);
    const plan = organizationPolicyPlan(parseConfig(text, 'example.yaml'));
    expect(plan.policies.find((p) => p.name === 'lz-s3-public-access-exception')!.targets).toEqual([
      { name: 'Workloads', id: 'ou-ex12-w0rkl0ad' },
    ]);
  });
});

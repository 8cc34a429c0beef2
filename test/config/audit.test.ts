import { parseConfig } from '../../lib/config/loader';
import { EXAMPLE, exampleWithEach as exampleWith, minimalConfig, expectOneProblem } from '../support/config-text';

const MINIMAL = minimalConfig(['us-east-1', 'us-west-2']);

describe('audit config', () => {
  test('a minimal config gets every protection, FSBP and the newest CIS, on the root', () => {
    const { audit } = parseConfig(MINIMAL, 'minimal.yaml');
    expect(audit).toEqual({
      guardDuty: {
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        protections: {
          s3DataEvents: true,
          eksAuditLogs: true,
          ebsMalwareProtection: true,
          rdsLoginEvents: true,
          lambdaNetworkLogs: true,
          runtimeMonitoring: { enabled: true, agentManagement: ['EKS', 'ECS_FARGATE', 'EC2'] },
        },
      },
      securityHub: {
        standards: ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/5.0.0'],
        disabledControls: [],
        policyTargets: ['root'],
      },
      controlTower: { configRecording: false },
    });
  });

  test('the example disables a control with its reason and lets the landing zone record Config', () => {
    const { audit } = parseConfig(EXAMPLE, 'example.yaml');
    expect(audit.securityHub.disabledControls).toEqual([{ id: 'Macie.1', reason: expect.stringMatching(/^.{20,}$/) }]);
    expect(audit.controlTower.configRecording).toBe(false);
  });

  test('OU targets and Control Tower recording are accepted', () => {
    const { audit } = parseConfig(
      exampleWith(
        ['policyTargets: [root]', 'policyTargets: [Workloads, Security]'],
        ['configRecording: false', 'configRecording: true'],
      ),
      'ous.yaml',
    );
    expect(audit.securityHub.policyTargets).toEqual(['Workloads', 'Security']);
    expect(audit.controlTower.configRecording).toBe(true);
  });

  test('an opt-in home region is accepted when it is the only governed region', () => {
    const text = exampleWith(
      ['home: eu-west-1', 'home: af-south-1'],
      ['    - eu-west-1\n    - eu-central-1', '    - af-south-1'],
    );
    expect(parseConfig(text, 'opt-in.yaml').regions.home).toBe('af-south-1');
  });

  // Each case: [name, broken config, key path the message must name, bad value or words it must show]
  const cases: Array<[string, string, string, string]> = [
    [
      'an unknown publishing frequency',
      exampleWith(['findingPublishingFrequency: FIFTEEN_MINUTES', 'findingPublishingFrequency: TEN_MINUTES']),
      'audit.guardDuty.findingPublishingFrequency',
      'TEN_MINUTES',
    ],
    [
      'a protection that is not true or false',
      exampleWith(['s3DataEvents: true', 's3DataEvents: sometimes']),
      'audit.guardDuty.protections.s3DataEvents',
      'sometimes',
    ],
    [
      'an agent Runtime Monitoring cannot manage',
      exampleWith(['agentManagement: [EKS, ECS_FARGATE, EC2]', 'agentManagement: [EKS, LAMBDA]']),
      'audit.guardDuty.protections.runtimeMonitoring.agentManagement.1',
      'LAMBDA',
    ],
    [
      'a CIS version Security Hub does not offer',
      exampleWith(['      - cis-aws-foundations-benchmark/v/5.0.0', '      - cis-aws-foundations-benchmark/v/9.0.0']),
      'audit.securityHub.standards.1',
      'cis-aws-foundations-benchmark/v/9.0.0',
    ],
    [
      'no standard at all',
      exampleWith([
        '    standards:\n      - aws-foundational-security-best-practices/v/1.0.0\n      - cis-aws-foundations-benchmark/v/5.0.0',
        '    standards: []',
      ]),
      'audit.securityHub.standards',
      'must enable at least one standard',
    ],
    [
      'a malformed control ID',
      exampleWith(['- id: Macie.1', '- id: Macie-1']),
      'audit.securityHub.disabledControls.0.id',
      'Macie-1',
    ],
    [
      'a disabled control without a real reason',
      exampleWith([
        'reason: Macie is not part of this landing zone; data classification is out of scope for now.',
        'reason: not needed',
      ]),
      'audit.securityHub.disabledControls.0.reason',
      'not needed',
    ],
    [
      'a control disabled twice',
      exampleWith([
        '    disabledControls:\n',
        '    disabledControls:\n      - id: Macie.1\n        reason: Disabled twice by mistake, which the schema must catch.\n',
      ]),
      'audit.securityHub.disabledControls.1.id',
      'disables a control twice, got "Macie.1"',
    ],
    [
      'a policy target that is no configured OU',
      exampleWith(['policyTargets: [root]', 'policyTargets: [Sandbox]']),
      'audit.securityHub.policyTargets.0',
      'Sandbox',
    ],
    [
      'an OU targeted together with the root',
      exampleWith(['policyTargets: [root]', 'policyTargets: [root, Workloads]']),
      'audit.securityHub.policyTargets.1',
      'which already covers every OU, got "Workloads"',
    ],
    [
      'an OU targeted twice',
      exampleWith(['policyTargets: [root]', 'policyTargets: [Workloads, Workloads]']),
      'audit.securityHub.policyTargets.1',
      'names a target twice, got "Workloads"',
    ],
    [
      'a misspelled Control Tower switch',
      exampleWith(['configRecording: false', 'configRecorder: false']),
      'audit.controlTower.configRecorder',
      'unknown key',
    ],
    [
      'an opt-in home region with other governed regions',
      exampleWith(['home: eu-west-1', 'home: af-south-1'], ['    - eu-west-1\n', '    - af-south-1\n']),
      'regions.home',
      'opt-in region, where GuardDuty cannot export',
    ],
  ];

  test.each(cases)('fails when given %s', (_name, text, key, value) => expectOneProblem(text, key, value));
});

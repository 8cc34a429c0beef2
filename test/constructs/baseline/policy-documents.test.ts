import { dataPerimeterPolicy, PERIMETER_STS_ACTIONS } from '../../../lib/constructs/baseline/data-perimeter-policy';
import { ec2DeclarativePolicy, type Ec2BaselineProps } from '../../../lib/constructs/baseline/ec2-declarative-policy';
import { inspectorPolicy, type InspectorScans } from '../../../lib/constructs/baseline/inspector-policy';
import {
  attachmentQuotaProblems,
  describeAttachmentQuotaProblem,
  policySize,
  policySizeProblem,
} from '../../../lib/constructs/baseline/policy-quotas';
import {
  GLOBAL_SERVICE_ACTIONS,
  regionGuardrailPolicy,
} from '../../../lib/constructs/baseline/region-guardrail-policy';
import { s3BlockPublicAccessPolicy } from '../../../lib/constructs/baseline/s3-block-public-access-policy';

const ORG = 'o-exampleorg1';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const ALL_SCANS: InspectorScans = { ec2: true, ecr: true, lambda: true, lambdaCode: true };
const on = { enable_in_regions: { '@@assign': REGIONS }, disable_in_regions: { '@@assign': [] } };
const off = { enable_in_regions: { '@@assign': [] }, disable_in_regions: { '@@assign': REGIONS } };

describe('Inspector policy', () => {
  test('enables EC2, ECR, Lambda and Lambda code scanning in every region, both lists given for each', () => {
    expect(inspectorPolicy({ scans: ALL_SCANS, regions: REGIONS })).toEqual({
      inspector: {
        enablement: {
          ec2_scanning: on,
          ecr_scanning: on,
          lambda_standard_scanning: { ...on, lambda_code_scanning: on },
        },
      },
    });
  });

  test('a scan set to false is switched off in those regions, not left out', () => {
    const policy = inspectorPolicy({ scans: { ...ALL_SCANS, ecr: false, lambdaCode: false }, regions: REGIONS });
    expect(policy.inspector.enablement.ecr_scanning).toEqual(off);
    expect(policy.inspector.enablement.lambda_standard_scanning).toEqual({ ...on, lambda_code_scanning: off });
  });

  test('fails when Lambda code scanning is asked for without Lambda scanning', () => {
    expect(() => inspectorPolicy({ scans: { ...ALL_SCANS, lambda: false }, regions: REGIONS })).toThrow(
      'scans.lambdaCode needs scans.lambda',
    );
  });

  test('fails when no region is given', () => {
    expect(() => inspectorPolicy({ scans: ALL_SCANS, regions: [] })).toThrow('regions must list at least one region');
  });
});

describe('S3 Block Public Access policy', () => {
  test('assigns all four settings, or none for an exception', () => {
    expect(s3BlockPublicAccessPolicy('all')).toEqual({
      s3_attributes: { public_access_block_configuration: { '@@assign': 'all' } },
    });
    expect(s3BlockPublicAccessPolicy('none')).toEqual({
      s3_attributes: { public_access_block_configuration: { '@@assign': 'none' } },
    });
  });
});

describe('EC2 declarative policy', () => {
  const props: Ec2BaselineProps = {
    instanceMetadata: { httpTokens: 'required', hopLimit: 2 },
    serialConsole: false,
    imageBlockPublicAccess: 'block_new_sharing',
    snapshotBlockPublicAccess: 'block_all_sharing',
  };

  test('sets IMDSv2 as the default, serial console off and public AMI and snapshot sharing blocked', () => {
    expect(ec2DeclarativePolicy(props)).toEqual({
      ec2_attributes: {
        instance_metadata_defaults: {
          http_tokens: { '@@assign': 'required' },
          // The documented syntax is a string, e.g. "4".
          http_put_response_hop_limit: { '@@assign': '2' },
          http_endpoint: { '@@assign': 'enabled' },
          instance_metadata_tags: { '@@assign': 'no_preference' },
        },
        serial_console_access: { status: { '@@assign': 'disabled' } },
        image_block_public_access: { state: { '@@assign': 'block_new_sharing' } },
        snapshot_block_public_access: { state: { '@@assign': 'block_all_sharing' } },
      },
    });
  });

  test('sets VPC Block Public Access and the custom message only when asked', () => {
    const policy = ec2DeclarativePolicy({
      ...props,
      serialConsole: true,
      vpcBlockPublicAccess: { mode: 'block_ingress', exclusionsAllowed: false },
      exceptionMessage: 'Blocked by the baseline',
    }) as any;
    expect(policy.ec2_attributes).toMatchObject({
      exception_message: { '@@assign': 'Blocked by the baseline' },
      serial_console_access: { status: { '@@assign': 'enabled' } },
      vpc_block_public_access: {
        internet_gateway_block: {
          mode: { '@@assign': 'block_ingress' },
          exclusions_allowed: { '@@assign': 'disabled' },
        },
      },
    });
  });

  test('fails when the hop limit is outside -1 to 64', () => {
    expect(() =>
      ec2DeclarativePolicy({ ...props, instanceMetadata: { httpTokens: 'required', hopLimit: 65 } }),
    ).toThrow('instanceMetadata.hopLimit must be a whole number from -1 to 64, got 65');
  });
});

describe('data perimeter RCP', () => {
  const policy = dataPerimeterPolicy({ organizationId: ORG });
  const statement = (sid: string) => policy.Statement.find((s) => s.Sid === sid)!;

  test("admits only the organization's principals and AWS services, on the five services", () => {
    expect(statement('EnforceOrgIdentities')).toEqual({
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*', ...PERIMETER_STS_ACTIONS, 'kms:*', 'sqs:*', 'secretsmanager:*'],
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    });
  });

  test('lets services act only for the organization, and only over TLS', () => {
    expect(statement('EnforceConfusedDeputyProtection').Condition).toEqual({
      StringNotEqualsIfExists: { 'aws:SourceOrgID': ORG },
      Null: { 'aws:SourceAccount': 'false' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    });
    expect(statement('EnforceSecureTransport')).toMatchObject({
      Action: ['s3:*', 'sts:*', 'kms:*', 'sqs:*', 'secretsmanager:*'],
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('admits trusted accounts as principals and as the accounts services act for', () => {
    const trusted = dataPerimeterPolicy({ organizationId: ORG, trustedAccounts: ['555555555555'] });
    expect(trusted.Statement[0].Condition.StringNotEqualsIfExists).toEqual({
      'aws:PrincipalOrgID': ORG,
      'aws:PrincipalAccount': ['555555555555'],
    });
    expect(trusted.Statement[1].Condition.StringNotEqualsIfExists).toEqual({
      'aws:SourceOrgID': ORG,
      'aws:SourceAccount': ['555555555555'],
    });
  });

  test('with public-bucket OUs, S3 moves to statements that skip those OUs, everything else stays', () => {
    const paths = [`${ORG}/*/ou-ex12-publ1c00/*`];
    const withPublic = dataPerimeterPolicy({ organizationId: ORG, publicS3OrgPaths: paths });
    expect(withPublic.Statement.map((s) => s.Sid)).toEqual([
      'EnforceOrgIdentities',
      'EnforceConfusedDeputyProtection',
      'EnforceSecureTransport',
      'EnforceOrgIdentitiesOnPrivateS3',
      'EnforceSecureTransportOnPrivateS3',
    ]);
    expect(withPublic.Statement[0].Action).not.toContain('s3:*');
    expect(withPublic.Statement[1].Action).toContain('s3:*');
    for (const s3 of withPublic.Statement.slice(3)) {
      expect(s3.Action).toEqual(['s3:*']);
      expect(s3.Condition['ForAllValues:StringNotLike']).toEqual({ 'aws:ResourceOrgPaths': paths });
    }
  });

  test('fails when a trusted account is not an account ID', () => {
    expect(() => dataPerimeterPolicy({ organizationId: ORG, trustedAccounts: ['vendor'] })).toThrow(
      'trustedAccounts must be 12-digit account IDs, got vendor',
    );
  });
});

describe('region guardrail SCP', () => {
  const exempt = ['arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-*'];

  test("denies all but AWS's global services outside the governed regions, exempting the deployment roles", () => {
    expect(regionGuardrailPolicy({ regions: REGIONS, exemptPrincipalArns: exempt })).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyOutsideGovernedRegions',
          Effect: 'Deny',
          NotAction: [...GLOBAL_SERVICE_ACTIONS],
          Resource: '*',
          Condition: {
            StringNotEquals: { 'aws:RequestedRegion': REGIONS },
            ArnNotLike: { 'aws:PrincipalArn': exempt },
          },
        },
      ],
    });
    expect(GLOBAL_SERVICE_ACTIONS).toEqual(expect.arrayContaining(['iam:*', 'organizations:*', 'sts:*', 'route53:*']));
  });

  test('fails when no role is exempt, which would lock the deployments out', () => {
    expect(() => regionGuardrailPolicy({ regions: REGIONS, exemptPrincipalArns: [] })).toThrow(
      'exemptPrincipalArns must list the deployment roles',
    );
  });
});

describe('policy quotas', () => {
  test('measure the minified document, as Organizations counts it', () => {
    expect(policySize({ a: [1, 2] })).toBe('{"a":[1,2]}'.length);
    expect(policySizeProblem('RESOURCE_CONTROL_POLICY', { a: 'x'.repeat(5100) })).toBeUndefined();
    expect(policySizeProblem('RESOURCE_CONTROL_POLICY', { a: 'x'.repeat(5200) })).toBe(
      'is 5208 characters, over the 5120-character quota of RESOURCE_CONTROL_POLICY',
    );
    expect(policySizeProblem('INSPECTOR_POLICY', { a: 'x'.repeat(9000) })).toBeUndefined();
  });

  test('five SCPs fit on a target, FullAWSAccess included, and a sixth does not', () => {
    const scp = (name: string, targets = ['r-ab12']) => ({ type: 'SERVICE_CONTROL_POLICY' as const, name, targets });
    const four = ['a', 'b', 'c', 'd'].map((n) => scp(n));
    expect(attachmentQuotaProblems(four)).toEqual([]);
    const problems = attachmentQuotaProblems([...four, scp('e'), scp('f', ['ou-ab12-11111111'])]);
    expect(problems.map(describeAttachmentQuotaProblem)).toEqual([
      'r-ab12 would carry 6 SERVICE_CONTROL_POLICYs (FullAWSAccess, a, b, c, d, e), over the 5 Organizations allows per target',
    ]);
  });

  test('RCPs count RCPFullAWSAccess, and other types are counted apart', () => {
    const rcps = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
      type: 'RESOURCE_CONTROL_POLICY' as const,
      name,
      targets: ['r-ab12'],
    }));
    expect(attachmentQuotaProblems(rcps)[0].policies[0]).toBe('RCPFullAWSAccess');
    expect(attachmentQuotaProblems(rcps.map((p) => ({ ...p, type: 'S3_POLICY' as const })))).toEqual([]);
  });
});

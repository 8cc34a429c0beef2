import type { LandingZoneConfig } from '../../lib/config/schema';
import { configWith } from '../support/app';
import { landingZoneAssembly } from '../support/assembly-cache';
import { DeployedLandingZone } from '../support/policies';
import { ADMIN, decide, FULL_AWS_ACCESS, type Request } from '../support/policy-decision';

/**
 * The data perimeter (RCP) and the region guardrail (SCP) as the example
 * synthesizes them, evaluated by the IAM policy engine: who is kept out, and
 * every path of the landing zone that must still work through them.
 */

const ORG = 'o-exampleorg1';
const MANAGEMENT = '111111111111';
const LOG_ARCHIVE = '222222222222';
const AUDIT = '333333333333';
const MEMBER = '444444444444';
const SIEM = '555555555555';
const PARTNER = '666666666666';
const OUTSIDER = '999999999999';
const WORKLOADS_OU = 'ou-ex12-w0rkl0ad';

/** The organization policies exactly as the landing zone app wires and synthesizes them. */
function synthesized(config: LandingZoneConfig) {
  const { organizationPolicies } = DeployedLandingZone.fromAssembly(landingZoneAssembly(config));
  return {
    perimeter: organizationPolicies.find((p) => p.name === 'lz-data-perimeter')!.document,
    scps: organizationPolicies.filter((p) => p.type === 'SERVICE_CONTROL_POLICY').map((p) => p.document),
  };
}

// GIVEN the example with a SIEM subscriber, a partner account and an OU that hosts public buckets
const { perimeter, scps } = synthesized(
  configWith((raw) => {
    raw.securityLake.siem = { accountId: SIEM, externalId: 'vendor-id', endpoint: 'https://siem.example.com/lake' };
    raw.baseline.dataPerimeter.trustedAccounts = [PARTNER];
    raw.baseline.s3BlockPublicAccess.exceptOus = ['Workloads'];
  }),
);

/** The perimeter on the root; RCPFullAWSAccess, on every level, the engine adds itself. */
const rcps = () => ({ rcps: [{ target: 'r-ex12', policies: [perimeter] }] });

const tls = { 'aws:SecureTransport': 'true' };
const inOrg = (account: string) => ({ 'aws:PrincipalOrgID': ORG, 'aws:PrincipalAccount': account });
const service = (sourceAccount: string, sourceOrg = ORG) => ({
  'aws:PrincipalIsAWSService': 'true',
  'aws:SourceAccount': sourceAccount,
  'aws:SourceOrgID': sourceOrg,
});
/** The aws:ResourceOrgPaths of an account in the Workloads OU, which hosts public buckets. */
const inWorkloads = [`${ORG}/r-ex12/${WORKLOADS_OU}/`];

/** A bucket policy that admits everyone: the perimeter must hold even against a wide-open resource policy. */
const openBucket = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    },
  ],
});

async function onBucket(
  bucket: string,
  account: string,
  request: Omit<Request, 'resource' | 'resourceAccount'> & { key?: string },
  resourceOrgPaths = [`${ORG}/r-ex12/`],
) {
  const isPrincipal = typeof request.principal === 'string' && request.principal.startsWith('arn:aws:iam::');
  return decide(
    {
      ...request,
      resource: `arn:aws:s3:::${bucket}/${request.key ?? 'k'}`,
      resourceAccount: account,
      context: { ...request.context, 'aws:ResourceOrgPaths': resourceOrgPaths },
    },
    { identity: isPrincipal ? [ADMIN] : [], resource: openBucket(bucket), rcps: rcps().rcps },
  );
}

describe('the data perimeter keeps outsiders out of member resources', () => {
  const bucket = 'payments-data-444444444444';

  test("an outsider is denied a member's bucket, even when the bucket policy admits everyone", async () => {
    const outsider = {
      principal: `arn:aws:iam::${OUTSIDER}:role/thief`,
      action: 's3:GetObject',
      context: {
        ...tls,
        'aws:PrincipalOrgID': 'o-otherorg123',
        'aws:PrincipalAccount': OUTSIDER,
        'aws:PrincipalIsAWSService': 'false',
      },
    };
    await expect(onBucket(bucket, '777777777777', outsider)).resolves.toBe('ExplicitlyDenied');
  });

  test('an anonymous reader is denied, outside the public-bucket OU', async () => {
    const anonymous = { principal: { type: 'Anonymous' as const }, action: 's3:GetObject', context: tls };
    await expect(onBucket(bucket, '777777777777', anonymous)).resolves.toBe('ExplicitlyDenied');
  });

  test('an insider is denied over plain HTTP, and allowed over TLS', async () => {
    const insider = { principal: `arn:aws:iam::${AUDIT}:role/reader`, action: 's3:GetObject' };
    await expect(
      onBucket(bucket, '777777777777', { ...insider, context: { ...inOrg(AUDIT), 'aws:SecureTransport': 'false' } }),
    ).resolves.toBe('ExplicitlyDenied');
    await expect(onBucket(bucket, '777777777777', { ...insider, context: { ...inOrg(AUDIT), ...tls } })).resolves.toBe(
      'Allowed',
    );
  });

  test('an insider is denied the other services over plain HTTP too', async () => {
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }],
    };
    const decrypt = (secure: string) =>
      decide(
        {
          principal: `arn:aws:iam::${AUDIT}:role/reader`,
          action: 'kms:Decrypt',
          resource: `arn:aws:kms:eu-west-1:777777777777:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          resourceAccount: '777777777777',
          context: { ...inOrg(AUDIT), 'aws:SecureTransport': secure },
        },
        { identity: [ADMIN], resource: keyPolicy, ...rcps() },
      );
    await expect(decrypt('false')).resolves.toBe('ExplicitlyDenied');
    await expect(decrypt('true')).resolves.toBe('Allowed');
  });

  test("an outsider's AWS service, acting for another organization, is denied", async () => {
    const foreignTrail = {
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      context: { ...tls, ...service(OUTSIDER, 'o-otherorg123') },
    };
    await expect(onBucket(`lz-cloudtrail-${LOG_ARCHIVE}-eu-west-1`, LOG_ARCHIVE, foreignTrail)).resolves.toBe(
      'ExplicitlyDenied',
    );
  });

  test('an outsider may not assume a role of a member account', async () => {
    const decision = await decide(
      {
        principal: `arn:aws:iam::${OUTSIDER}:role/thief`,
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${LOG_ARCHIVE}:role/AmazonSecurityLake-subscriber`,
        resourceAccount: LOG_ARCHIVE,
        context: { ...tls, 'aws:PrincipalAccount': OUTSIDER, 'aws:PrincipalIsAWSService': 'false' },
      },
      { identity: [ADMIN], resource: trustAnyone, ...rcps() },
    );
    expect(decision).toBe('ExplicitlyDenied');
  });
});

/** A role trust policy that admits anyone: again, the perimeter must be what decides. */
const trustAnyone = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
};

describe("the landing zone's own paths still work through the perimeter", () => {
  test('the organization trail delivers to the log-archive trail bucket (cloudtrail.amazonaws.com)', async () => {
    const trail = {
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      context: { ...tls, ...service(MANAGEMENT) },
    };
    await expect(onBucket(`lz-cloudtrail-${LOG_ARCHIVE}-eu-west-1`, LOG_ARCHIVE, trail)).resolves.toBe('Allowed');
  });

  test("every member account's Config delivers to the config bucket (config.amazonaws.com)", async () => {
    const config = {
      principal: 'config.amazonaws.com',
      action: 's3:PutObject',
      context: { ...tls, ...service(MEMBER) },
    };
    await expect(onBucket(`lz-config-${LOG_ARCHIVE}-eu-west-1`, LOG_ARCHIVE, config)).resolves.toBe('Allowed');
  });

  test("GuardDuty exports audit's findings into log-archive, encrypting with the findings key", async () => {
    const guardDuty = { principal: 'guardduty.amazonaws.com', context: { ...tls, ...service(AUDIT) } };
    await expect(
      onBucket(`lz-guardduty-findings-${LOG_ARCHIVE}-eu-west-1`, LOG_ARCHIVE, { ...guardDuty, action: 's3:PutObject' }),
    ).resolves.toBe('Allowed');
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'guardduty.amazonaws.com' },
          Action: 'kms:GenerateDataKey',
          Resource: '*',
        },
      ],
    };
    await expect(
      decide(
        {
          ...guardDuty,
          action: 'kms:GenerateDataKey',
          resource: `arn:aws:kms:eu-west-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          resourceAccount: LOG_ARCHIVE,
        },
        { resource: keyPolicy, ...rcps() },
      ),
    ).resolves.toBe('Allowed');
  });

  test('Security Lake replicates into the rollup region, and audit queries the lake', async () => {
    const replication = {
      principal: `arn:aws:iam::${LOG_ARCHIVE}:role/service-role/SecurityLake-lz-replication`,
      action: 's3:ReplicateObject',
      context: { ...tls, ...inOrg(LOG_ARCHIVE) },
    };
    const lake = `aws-security-data-lake-eu-west-1-${LOG_ARCHIVE}`;
    await expect(onBucket(lake, LOG_ARCHIVE, replication)).resolves.toBe('Allowed');
    const query = {
      principal: `arn:aws:iam::${AUDIT}:role/lz-log-investigator`,
      action: 's3:GetObject',
      context: { ...tls, ...inOrg(AUDIT) },
    };
    await expect(onBucket(lake, LOG_ARCHIVE, query)).resolves.toBe('Allowed');
  });

  test('the SIEM subscriber, outside the organization, assumes its Security Lake role', async () => {
    const decision = await decide(
      {
        principal: `arn:aws:iam::${SIEM}:role/siem-reader`,
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${LOG_ARCHIVE}:role/AmazonSecurityLake-subscriber`,
        resourceAccount: LOG_ARCHIVE,
        context: {
          ...tls,
          'aws:PrincipalAccount': SIEM,
          'aws:PrincipalIsAWSService': 'false',
          'sts:ExternalId': 'vendor-id',
        },
      },
      { identity: [ADMIN], resource: trustAnyone, ...rcps() },
    );
    expect(decision).toBe('Allowed');
  });

  test('an AWS service acting through a grant, with no source account, is left to the key policy', async () => {
    // KMS grants of EBS, Secrets Manager and others carry no aws:SourceAccount (AWS's data-perimeter notes).
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' },
      ],
    };
    const decision = await decide(
      {
        principal: 'ec2.amazonaws.com',
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:eu-west-1:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        resourceAccount: MEMBER,
        context: { ...tls, 'aws:PrincipalIsAWSService': 'true' },
      },
      { resource: keyPolicy, ...rcps() },
    );
    expect(decision).toBe('Allowed');
  });

  test('a named partner account reaches member resources', async () => {
    const partner = {
      principal: `arn:aws:iam::${PARTNER}:role/partner`,
      action: 's3:GetObject',
      context: { ...tls, 'aws:PrincipalAccount': PARTNER, 'aws:PrincipalIsAWSService': 'false' },
    };
    await expect(onBucket('shared-with-partner', '777777777777', partner)).resolves.toBe('Allowed');
  });
});

describe('the public-bucket OU', () => {
  const anonymous = { principal: { type: 'Anonymous' as const }, action: 's3:GetObject' };

  test('serves public objects, even over HTTP as S3 website endpoints do', async () => {
    await expect(
      onBucket('www-example', MEMBER, { ...anonymous, context: { 'aws:SecureTransport': 'false' } }, inWorkloads),
    ).resolves.toBe('Allowed');
  });

  test("keeps every other service inside the perimeter: an outsider is still denied the OU's keys", async () => {
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }],
    };
    const decision = await decide(
      {
        principal: `arn:aws:iam::${OUTSIDER}:role/thief`,
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:eu-west-1:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        resourceAccount: MEMBER,
        context: {
          ...tls,
          'aws:PrincipalAccount': OUTSIDER,
          'aws:PrincipalIsAWSService': 'false',
          'aws:ResourceOrgPaths': inWorkloads,
        },
      },
      { identity: [ADMIN], resource: keyPolicy, ...rcps() },
    );
    expect(decision).toBe('ExplicitlyDenied');
  });
});

describe('the region guardrail', () => {
  const member = (role: string, account = MEMBER) => `arn:aws:iam::${account}:role/${role}`;
  async function inRegion(principal: string, action: string, region: string, resource = '*') {
    const account = principal.split(':')[4];
    return decide(
      {
        principal,
        action,
        resource,
        resourceAccount: account,
        context: { 'aws:RequestedRegion': region, 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': account },
      },
      {
        identity: [ADMIN],
        scps: [
          { target: 'r-ex12', policies: [FULL_AWS_ACCESS, ...scps] },
          { target: account, policies: [FULL_AWS_ACCESS] },
        ],
      },
    );
  }

  test('is the fifth SCP on the root, with FullAWSAccess and the three guardrails', () => {
    expect(scps).toHaveLength(4);
  });

  test('lets workloads run in a governed region', async () => {
    await expect(inRegion(member('app'), 'ec2:RunInstances', 'eu-central-1')).resolves.toBe('Allowed');
  });

  test('denies them everywhere else', async () => {
    await expect(inRegion(member('app'), 'ec2:RunInstances', 'us-west-2')).resolves.toBe('ExplicitlyDenied');
    await expect(inRegion(member('app'), 'lambda:CreateFunction', 'us-east-1')).resolves.toBe('ExplicitlyDenied');
  });

  test('leaves global services alone, though their endpoints are in us-east-1', async () => {
    await expect(inRegion(member('app'), 'iam:CreateRole', 'us-east-1')).resolves.toBe('Allowed');
    await expect(inRegion(member('app'), 'sts:AssumeRole', 'us-east-1')).resolves.toBe('Allowed');
    await expect(inRegion(member('app'), 'route53:ChangeResourceRecordSets', 'us-east-1')).resolves.toBe('Allowed');
  });

  test("exempts the landing zone's own roles: its deployments, and the StackSets that forward alerts from us-east-1", async () => {
    const deploy = member(`cdk-hnb659fds-cfn-exec-role-${LOG_ARCHIVE}-us-east-1`, LOG_ARCHIVE);
    await expect(inRegion(deploy, 'cloudformation:CreateStack', 'us-east-1')).resolves.toBe('Allowed');
    // The same name in an account the landing zone deploys no regional stacks to is a workload's role.
    const workloadDeploy = member(`cdk-hnb659fds-cfn-exec-role-${MEMBER}-us-east-1`);
    await expect(inRegion(workloadDeploy, 'cloudformation:CreateStack', 'us-east-1')).resolves.toBe('ExplicitlyDenied');
    const stackSets = member('stacksets-exec-0123456789abcdef');
    await expect(inRegion(stackSets, 'events:PutRule', 'us-east-1')).resolves.toBe('Allowed');
    await expect(inRegion(member('app'), 'events:PutRule', 'us-east-1')).resolves.toBe('ExplicitlyDenied');
  });
});

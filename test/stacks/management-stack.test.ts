import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { Naming } from '../../lib/naming';
import { ManagementStack } from '../../lib/stacks/management-stack';
import { configWith, newApp, synthLandingZone } from '../support/app';

describe('Management stack', () => {
  const { stacks, template } = synthLandingZone();
  const management = stacks.management;

  test('lives in the management account and home region, with termination protection, after LogArchive', () => {
    expect(management.account).toBe('111111111111');
    expect(management.region).toBe('eu-west-1');
    expect(management.terminationProtection).toBe(true);
    expect(management.dependencies).toContain(stacks.logArchive);
  });

  test('the organization trail delivers to the log-archive bucket, encrypted with the log key by its alias', () => {
    template('management').hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'lz-organization-trail',
      S3BucketName: 'lz-cloudtrail-222222222222-eu-west-1',
      KMSKeyId: 'arn:aws:kms:eu-west-1:222222222222:alias/lz/logs',
      IsOrganizationTrail: true,
    });
    template('management').hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/lz/organization-trail',
      RetentionInDays: 365,
    });
  });

  test('alarms on every CIS control through the topic alerting subscribes to', () => {
    const t = template('management');
    t.resourceCountIs('AWS::CloudWatch::Alarm', 15);
    t.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'lz-cis-alarms' });
    expect(management.cisAlarmTopic).toBe(management.cisAlarms.topic);
  });

  test('creates the CloudTrail Lake event data store the example enables', () => {
    template('management').hasResourceProperties('AWS::CloudTrail::EventDataStore', {
      Name: 'lz-organization-events',
      BillingMode: 'EXTENDABLE_RETENTION_PRICING',
      RetentionPeriod: 366,
      OrganizationEnabled: true,
    });
  });

  test('attaches the guardrails to the root, exempting the landing zone deployment roles', () => {
    const t = template('management');
    const guardrails = t.findResources('AWS::Organizations::Policy', {
      Properties: { Name: Match.stringLikeRegexp('^lz-protect-') },
    });
    expect(Object.keys(guardrails)).toHaveLength(3);
    t.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-protect-logging',
      TargetIds: ['r-ex12'],
      Content: {
        Version: '2012-10-17',
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyChangingOrganizationTrail',
            Condition: {
              ArnNotLike: {
                'aws:PrincipalArn': [
                  'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-*',
                  'arn:aws:iam::333333333333:role/cdk-hnb659fds-cfn-exec-role-333333333333-*',
                  'arn:aws:iam::*:role/stacksets-exec-*',
                  'arn:aws:iam::333333333333:role/lz-guardduty-*',
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  test('attaches the baseline policies to the root, each once its type is enabled, after the guardrails', () => {
    const t = template('management');
    const resources = t.toJSON().Resources;
    const baseline = management.baseline!;
    const expected = {
      InspectorPolicy: ['lz-inspector', 'INSPECTOR_POLICY'],
      S3BlockPublicAccess: ['lz-s3-block-public-access', 'S3_POLICY'],
      Ec2Baseline: ['lz-ec2-baseline', 'DECLARATIVE_POLICY_EC2'],
      DataPerimeter: ['lz-data-perimeter', 'RESOURCE_CONTROL_POLICY'],
      RegionGuardrail: ['lz-region-guardrail', 'SERVICE_CONTROL_POLICY'],
    };
    expect(Object.keys(baseline.policies.policies)).toEqual(Object.keys(expected));
    const guardrailTypeId = management.getLogicalId(
      management.guardrails.node.findChild('PolicyType').node.findChild('Resource').node.defaultChild as CfnElement,
    );
    for (const [id, [name, type]] of Object.entries(expected)) {
      const policy = baseline.policies.policies[id];
      const logicalId = management.getLogicalId(policy);
      expect(resources[logicalId].Properties).toMatchObject({ Name: name, Type: type, TargetIds: ['r-ex12'] });
      // The guardrails enabled SCPs and made every earlier Organizations change; the baseline comes after.
      expect(resources[logicalId].DependsOn).toContain(guardrailTypeId);
    }
    t.resourceCountIs('Custom::OrganizationsPolicyType', 5);
  });

  test("registers audit as Inspector's delegated administrator in every governed region, before the Inspector policy", () => {
    const t = template('management');
    t.hasResourceProperties('Custom::InspectorDelegatedAdministrator', {
      AdminAccountId: '333333333333',
      Regions: ['eu-west-1', 'eu-central-1'],
    });
    const admin = management.getLogicalId(
      management.baseline!.inspectorAdmin!.resource.node.defaultChild as CfnElement,
    );
    const inspector = management.getLogicalId(management.baseline!.policies.policies.InspectorPolicy);
    expect(t.toJSON().Resources[inspector].DependsOn).toContain(admin);
  });

  test('the region guardrail exempts exactly the roles the other guardrails exempt', () => {
    const t = template('management');
    const content = (name: string) =>
      Object.values(t.findResources('AWS::Organizations::Policy', { Properties: { Name: name } }))[0].Properties
        .Content;
    const guardrailExempt = content('lz-protect-logging').Statement[0].Condition.ArnNotLike['aws:PrincipalArn'];
    expect(content('lz-region-guardrail').Statement[0].Condition.ArnNotLike['aws:PrincipalArn']).toEqual(
      guardrailExempt,
    );
  });

  test('every AwsCustomResource of the stack logs to the one retained group the stack exposes', () => {
    const provider = management.node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    template('management').hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: management.resolve(management.customResourceLogGroup.logGroupName) },
    });
    expect(provider).toBeDefined();
  });

  test('with Lake switched off, guardrails on an OU and a vault trail bucket', () => {
    // GIVEN a config that changes the three switches the stack reads
    const config = configWith((raw) => {
      raw.management.cloudTrailLake.enabled = false;
      raw.management.guardrails.targets = ['Workloads'];
      raw.logArchive.trailBucket = { mfaDelete: 'vault', objectLock: { mode: 'COMPLIANCE', days: 3650 } };
    });
    // WHEN the stack is built from it
    const other = new ManagementStack(newApp(), 'Management', {
      env: { account: config.accounts.management, region: config.regions.home },
      naming: new Naming(config),
      management: config.management,
      organization: config.organization,
      governedRegions: config.regions.governed,
      trailBucketMfaDelete: config.logArchive.trailBucket.mfaDelete,
    });
    // THEN there is no event data store, the SCPs target the OU, and log-archive root may enable MFA delete
    const t = Template.fromStack(other);
    t.resourceCountIs('AWS::CloudTrail::EventDataStore', 0);
    expect(other.eventDataStore).toBeUndefined();
    t.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-protect-organization',
      TargetIds: ['ou-ex12-w0rkl0ad'],
      Content: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyLogArchiveRootUserExceptMfaDelete' })]),
      }),
    });
  });

  test('matches the snapshot', () => {
    expect(template('management').toJSON()).toMatchSnapshot();
  });
});

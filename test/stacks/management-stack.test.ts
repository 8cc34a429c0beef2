import { type CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { Naming } from '../../lib/naming';
import { ManagementStack } from '../../lib/stacks/management-stack';
import { configWith, exampleConfig, newApp, synthLandingZone } from '../support/app';

describe('Management stack', () => {
  const { app, stacks, template } = synthLandingZone();
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

  test('records AWS Config in its own account, every governed region, with the log key ARN read at deploy time', () => {
    const t = template('management');
    const [lookupId] = Object.keys(t.findResources('Custom::KmsAliasTarget'));
    t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'lz-management-config-recorders',
      StackInstancesGroup: [
        { DeploymentTargets: { Accounts: ['111111111111'] }, Regions: ['eu-west-1', 'eu-central-1'] },
      ],
      Parameters: [{ ParameterKey: 'DeliveryKeyArn', ParameterValue: { 'Fn::GetAtt': [lookupId, 'KeyMetadata.Arn'] } }],
    });
  });

  test('holds no CloudTrail Lake event data store, whose refusal would roll back the trail', () => {
    template('management').resourceCountIs('AWS::CloudTrail::EventDataStore', 0);
  });

  test('attaches the guardrails to the root, exempting the home deployment role from the log-bucket deny', () => {
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
            Sid: 'DenyDeletingLogBucketsOrPolicies',
            Condition: {
              ArnNotLike: {
                'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-1',
              },
            },
          }),
          // Security Lake and alerting are on in the example, so the guardrails cover them.
          Match.objectLike({ Sid: 'DenyChangingSecurityLake' }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-protect-detection',
      Content: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenySilencingAlerts' })]) },
    });
  });

  test('the landing zone stack patterns the guardrails protect cover every stack of log-archive and audit', () => {
    const naming = new Naming(exampleConfig());
    const patterns = naming.landingZoneStackArnPatterns.map(
      (p) => new RegExp(`^${p.split(':stack/')[1].replace(/\*/g, '.*')}$`),
    );
    const guarded = app.node.children.filter(
      (c): c is Stack => c instanceof Stack && [naming.accounts.logArchive, naming.accounts.audit].includes(c.account),
    );
    expect(guarded.length).toBeGreaterThan(0);
    for (const stack of guarded) {
      expect({ stack: stack.stackName, guarded: patterns.some((p) => p.test(`${stack.stackName}/id`)) }).toEqual({
        stack: stack.stackName,
        guarded: true,
      });
    }
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
    expect(Object.keys(baseline.policies)).toEqual(Object.keys(expected));
    const typesId = management.getLogicalId(management.policyTypes.resource.node.defaultChild as CfnElement);
    for (const [id, [name, type]] of Object.entries(expected)) {
      const logicalId = management.getLogicalId(baseline.policies[id]);
      expect(resources[logicalId].Properties).toMatchObject({ Name: name, Type: type, TargetIds: ['r-ex12'] });
      expect(resources[logicalId].DependsOn).toContain(typesId);
    }
    // One resource enables every type the stack attaches, one after another.
    t.resourceCountIs('Custom::OrganizationPolicyTypes', 1);
    t.hasResourceProperties('Custom::OrganizationPolicyTypes', {
      PolicyTypes: [
        'SERVICE_CONTROL_POLICY',
        'INSPECTOR_POLICY',
        'S3_POLICY',
        'DECLARATIVE_POLICY_EC2',
        'RESOURCE_CONTROL_POLICY',
      ],
    });
  });

  test("registers audit as Inspector's delegated administrator in every governed region, before the Inspector policy", () => {
    const t = template('management');
    t.hasResourceProperties('Custom::InspectorDelegatedAdministrator', {
      AdminAccountId: '333333333333',
      Regions: ['eu-west-1', 'eu-central-1'],
    });
    const [admin] = Object.keys(t.findResources('Custom::InspectorDelegatedAdministrator'));
    // The Inspector policy type, and so the Inspector policy, wait for the administrator.
    const types = management.getLogicalId(management.policyTypes.resource.node.defaultChild as CfnElement);
    expect(t.toJSON().Resources[types].DependsOn).toContain(admin);
    // Its call waits for the delegations, its role and policy do not: IAM applies a new policy only after a while.
    const resources = t.toJSON().Resources;
    expect(resources[admin].DependsOn).toEqual(
      expect.arrayContaining([
        management.getLogicalId(management.delegations.guardDutyAdmin.resource.node.defaultChild as CfnElement),
      ]),
    );
    const waiting = Object.entries<any>(resources)
      .filter(
        ([id, r]) =>
          id.startsWith('InspectorDelegatedAdmin') && ['AWS::IAM::Role', 'AWS::IAM::Policy'].includes(r.Type),
      )
      .filter(([, r]) => (r.DependsOn ?? []).some((d: string) => d.startsWith('Delegations')));
    expect(waiting).toEqual([]);
  });

  test("gives the delegated administrators' custom resources other logical IDs than 0.2's", () => {
    // GIVEN the construct paths of 0.2's GuardDutyAdmin and InspectorAdmin custom resources
    const v02 = new Stack(newApp(), 'Management', { env: { account: '111111111111', region: 'eu-west-1' } });
    const at = (...path: string[]) => {
      const [id, ...scopes] = [...path].reverse();
      const scope = scopes.reverse().reduce<Construct>((parent, name) => new Construct(parent, name), v02);
      return v02.getLogicalId(new CfnResource(scope, id, { type: 'Custom::X' }));
    };
    const old = [at('Delegations', 'GuardDutyAdmin', 'Resource'), at('InspectorAdmin', 'Resource')];
    // THEN none is reused: CloudFormation refuses a new service token on an existing custom resource, so the
    // new ones are created (accepting the designation in place) and the old ones deleted, their 0.2 handlers
    // making no call on delete (GuardDuty's with RemovalPolicy retain, Inspector's always).
    const types = ['Custom::GuardDutyDelegatedAdministrator', 'Custom::InspectorDelegatedAdministrator'];
    const ids = types.flatMap((type) => Object.keys(template('management').findResources(type)));
    expect(ids).toHaveLength(2);
    expect(ids.filter((id) => old.includes(id))).toEqual([]);
  });

  test('the region guardrail exempts every role any other guardrail exempts, and no other', () => {
    const t = template('management');
    const content = (name: string) =>
      Object.values(t.findResources('AWS::Organizations::Policy', { Properties: { Name: name } }))[0].Properties
        .Content;
    const exemptAnywhere = new Set<string>();
    for (const name of ['lz-protect-logging', 'lz-protect-detection', 'lz-protect-organization']) {
      for (const statement of content(name).Statement) {
        const arns = statement.Condition?.ArnNotLike?.['aws:PrincipalArn'] ?? [];
        (Array.isArray(arns) ? arns : [arns]).forEach((arn: string) => exemptAnywhere.add(arn));
      }
    }
    const regionExempt = content('lz-region-guardrail').Statement[0].Condition.ArnNotLike['aws:PrincipalArn'];
    expect([...regionExempt].sort()).toEqual([...exemptAnywhere].sort());
  });

  test('every AwsCustomResource of the stack logs to the one retained group the stack exposes', () => {
    const provider = management.node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    template('management').hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: management.resolve(management.customResourceLogGroup.logGroupName) },
    });
    expect(provider).toBeDefined();
  });

  test('the logging guardrail denies members CloudTrail administration and protects their own-logs readers', () => {
    template('management').hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'lz-protect-logging',
      Content: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DenyCloudTrailAdministration', Resource: '*' }),
          Match.objectLike({ Sid: 'DenyChangingOwnLogsReader', Resource: 'arn:aws:iam::*:role/lz-own-logs-reader' }),
        ]),
      }),
    });
  });

  test('with guardrails on an OU and a vault trail bucket', () => {
    // GIVEN a config that changes the switches the stack reads
    const config = configWith((raw) => {
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
    // THEN the SCPs target the OU, log-archive root may enable MFA delete, and no reader role is protected
    const t = Template.fromStack(other);
    expect(JSON.stringify(t.findResources('AWS::Organizations::Policy'))).not.toContain('DenyChangingOwnLogsReader');
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

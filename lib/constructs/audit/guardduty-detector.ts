import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeWildcard, awsApiCall } from './aws-api-call';
import { detectorFeatures, type GuardDutyProtections } from './guardduty-protections';

export type FindingPublishingFrequency = 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';

export interface GuardDutyDetectorProps {
  /** How often updates to active findings are published to EventBridge and exported. @default 'FIFTEEN_MINUTES' */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
  readonly protections: GuardDutyProtections;
  /** The role the API calls run as. @default - the AwsCustomResource provider's own role */
  readonly role?: iam.IRole;
}

/**
 * The GuardDuty detector of this account and region, with its protection plans.
 *
 * It is adopted rather than declared as `AWS::GuardDuty::Detector`: designating
 * this account as GuardDuty's delegated administrator (in the management
 * account, which deploys first) already creates the detector, and
 * CloudFormation cannot create a second one. So the detector is created only if
 * missing, looked up, then configured; deleting the stack leaves it running,
 * as turning off threat detection must never be a side effect.
 */
export class GuardDutyDetector extends Construct {
  /** The detector's ID, resolved at deploy time. */
  readonly detectorId: string;

  constructor(scope: Construct, id: string, props: GuardDutyDetectorProps) {
    super(scope, id);
    const stack = Stack.of(this);

    const create = awsApiCall(this, 'Create', {
      role: props.role,
      onCreate: {
        service: 'GuardDuty',
        action: 'CreateDetector',
        parameters: { Enable: true },
        physicalResourceId: PhysicalResourceId.of('guardduty-detector'),
        // "a detector already exists for the current account", the usual case.
        ignoreErrorCodesMatching: 'BadRequestException',
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['guardduty:CreateDetector'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            stack.formatArn({
              service: 'iam',
              region: '',
              resource: 'role',
              resourceName: 'aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty',
            }),
          ],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'guardduty.amazonaws.com' } },
        }),
      ]),
    });
    acknowledgeWildcard(
      create,
      '*',
      "guardduty:CreateDetector supports no resource-level permissions; it can only create this account's one detector per region.",
    );

    const lookup = awsApiCall(this, 'Lookup', {
      role: props.role,
      onCreate: {
        service: 'GuardDuty',
        action: 'ListDetectors',
        parameters: {},
        physicalResourceId: PhysicalResourceId.fromResponse('DetectorIds.0'),
        outputPaths: ['DetectorIds.0'],
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['guardduty:ListDetectors'], resources: ['*'] }),
      ]),
    });
    acknowledgeWildcard(
      lookup,
      '*',
      "guardduty:ListDetectors supports no resource-level permissions; it only reads the IDs of this account's detectors.",
    );
    lookup.node.addDependency(create);
    this.detectorId = lookup.getResponseField('DetectorIds.0');
    const detector = stack.formatArn({ service: 'guardduty', resource: 'detector', resourceName: this.detectorId });

    const configure = {
      service: 'GuardDuty',
      action: 'UpdateDetector',
      parameters: {
        DetectorId: this.detectorId,
        Enable: true,
        FindingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
        Features: detectorFeatures(props.protections),
      },
      physicalResourceId: PhysicalResourceId.of(this.detectorId),
    };
    awsApiCall(this, 'Configure', {
      role: props.role,
      onCreate: configure,
      onUpdate: configure,
      policy: AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['guardduty:UpdateDetector'], resources: [detector] }),
        // Malware Protection for EC2 runs as its own service-linked role, created on first use.
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            stack.formatArn({
              service: 'iam',
              region: '',
              resource: 'role',
              resourceName:
                'aws-service-role/malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection',
            }),
          ],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'malware-protection.guardduty.amazonaws.com' } },
        }),
      ]),
    });
  }
}

import * as config from 'aws-cdk-lib/aws-config';
import { Construct } from 'constructs';
import type { CfnTemplate } from './config-recorder-template';

export interface LoggingBaselineRulesProps {
  /** The organization trail's bucket: a trail must deliver there. */
  readonly trailBucketName: string;
  /**
   * The trail bucket is in vault mode, where the root user turns on true S3 MFA
   * delete: a rule then reports whether it really is on. @default false
   */
  readonly vault?: boolean;
}

export interface LoggingConformancePackProps extends LoggingBaselineRulesProps {
  readonly packName: string;
  /** Accounts without a recorder, where the pack cannot deploy (the management account). @default - none */
  readonly excludedAccounts?: readonly string[];
}

type Rule = { identifier: string; periodic?: boolean; parameters?: Record<string, string>; scope?: object };

/** The logging baseline as AWS Config managed rules, keyed by the rule's name in the pack. */
export function loggingBaselineRules(props: LoggingBaselineRulesProps): Record<string, Rule> {
  return {
    'cloudtrail-enabled': {
      identifier: 'CLOUD_TRAIL_ENABLED',
      periodic: true,
      parameters: { s3BucketName: props.trailBucketName },
    },
    'cloudtrail-log-file-validation-enabled': { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', periodic: true },
    's3-bucket-public-read-prohibited': {
      identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
      scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] },
    },
    's3-bucket-public-write-prohibited': {
      identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
      scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] },
    },
    'cmk-backing-key-rotation-enabled': { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED', periodic: true },
    ...(props.vault && {
      'trail-bucket-mfa-delete-enabled': {
        identifier: 'S3_BUCKET_VERSIONING_ENABLED',
        parameters: { isMfaDeleteEnabled: 'true' },
        scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'], ComplianceResourceId: props.trailBucketName },
      },
    }),
  };
}

/** The conformance pack's template: one `AWS::Config::ConfigRule` per baseline rule. */
export function loggingBaselineTemplate(props: LoggingBaselineRulesProps): CfnTemplate {
  const rules = Object.entries(loggingBaselineRules(props));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Landing zone logging baseline',
    Resources: Object.fromEntries(
      rules.map(([name, rule]) => [
        name.replace(/(^|-)(\w)/g, (_m, _dash, c: string) => c.toUpperCase()),
        {
          Type: 'AWS::Config::ConfigRule',
          Properties: {
            ConfigRuleName: name,
            Source: { Owner: 'AWS', SourceIdentifier: rule.identifier },
            ...(rule.parameters && { InputParameters: rule.parameters }),
            ...(rule.scope && { Scope: rule.scope }),
            ...(rule.periodic && { MaximumExecutionFrequency: 'TwentyFour_Hours' }),
          },
        },
      ]),
    ),
  };
}

/**
 * The logging baseline, checked in every account of the organization by an
 * organization conformance pack: a trail delivering to the landing zone's
 * bucket with log file validation, no public bucket, key rotation on every
 * customer-managed key, and in vault mode MFA delete on the trail bucket.
 */
export class LoggingConformancePack extends Construct {
  readonly pack: config.CfnOrganizationConformancePack;

  constructor(scope: Construct, id: string, props: LoggingConformancePackProps) {
    super(scope, id);
    this.pack = new config.CfnOrganizationConformancePack(this, 'Resource', {
      organizationConformancePackName: props.packName,
      templateBody: JSON.stringify(loggingBaselineTemplate(props)),
      excludedAccounts: props.excludedAccounts?.length ? [...props.excludedAccounts] : undefined,
    });
  }
}

import type * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { memberStackSet } from '../member-stack-set';
import { LOG_KEY_ARN_PARAMETER, ownLogsTemplate, type OwnLogsTemplateProps } from './own-logs-template';

export interface OwnLogsStackSetProps extends OwnLogsTemplateProps {
  readonly stackSetName: string;
  /** Organization root or OU IDs whose accounts, present and future, read their own logs. */
  readonly targets: readonly string[];
  /** ARN of the log key (another account's), resolved at deploy time. */
  readonly logKeyArn: string;
}

/**
 * The own-logs reader (and, when asked, its Athena workgroup and table) in
 * every member account, through a service-managed StackSet with automatic
 * deployment, run by the audit account as StackSets delegated administrator:
 * an account that joins has its reader within minutes, and one that leaves
 * loses it. Only the home region: the role is global, and the trail bucket
 * and Athena's table live there. StackSets never reach the management
 * account, whose own logs its administrators read directly.
 */
export class OwnLogsStackSet extends Construct {
  readonly stackSet: cdk.CfnStackSet;

  constructor(scope: Construct, id: string, props: OwnLogsStackSetProps) {
    super(scope, id);
    this.stackSet = memberStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: "Landing zone: every member account's read-only window on its own logs",
      targets: props.targets,
      regions: [props.bucketRegion],
      template: ownLogsTemplate(props),
      parameters: { [LOG_KEY_ARN_PARAMETER]: props.logKeyArn },
    });
  }
}

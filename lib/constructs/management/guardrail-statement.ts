/** One IAM policy statement as an SCP holds it. */
export interface ScpStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * Every IAM action that creates, re-trusts, re-permissions, tags or deletes a
 * role, or replaces a managed policy's default version, on a role or policy ARN.
 */
export const CHANGE_IAM = [
  'iam:Attach*',
  'iam:Create*',
  'iam:Delete*',
  'iam:Detach*',
  'iam:Put*',
  'iam:Set*',
  'iam:Tag*',
  'iam:Untag*',
  'iam:Update*',
];

/** Every CloudFormation action that changes a stack or StackSet, or runs it again (as its role). */
export const CHANGE_STACK = [
  'cloudformation:Cancel*',
  'cloudformation:Create*',
  'cloudformation:Delete*',
  'cloudformation:Update*',
  'cloudformation:Execute*',
  'cloudformation:Rollback*',
  'cloudformation:Continue*',
  'cloudformation:Import*',
  'cloudformation:Set*',
];

/** A deny statement, exempting `exempt` (ARN patterns) when there are any. */
export function deny(
  Sid: string,
  Action: string | string[],
  Resource: string | string[],
  exempt: readonly string[] = [],
  condition: ScpStatement['Condition'] = {},
): ScpStatement {
  const unique = [...new Set(exempt)];
  const Condition = {
    ...(unique.length > 0 && { ArnNotLike: { 'aws:PrincipalArn': unique.length === 1 ? unique[0] : unique } }),
    ...condition,
  };
  return { Sid, Effect: 'Deny', Action, Resource, ...(Object.keys(Condition).length > 0 && { Condition }) };
}

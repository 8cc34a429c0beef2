import { type CfnResource, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { AwsCustomResource } from 'aws-cdk-lib/custom-resources';

/** A deploy-time value inside an SDK call, rendered as `${GetAtt:<logicalId>.<attribute>}`. */
function renderToken(part: Record<string, any>): string {
  if (part['Fn::GetAtt']) return `\${GetAtt:${part['Fn::GetAtt'][0]}.${part['Fn::GetAtt'][1]}}`;
  throw new Error(`unexpected token in an SDK call: ${JSON.stringify(part)}`);
}

export function logicalIdOf(call: AwsCustomResource): string {
  const resource = call.node.findChild('Resource').node.defaultChild as CfnResource;
  return Stack.of(call).getLogicalId(resource);
}

/** The SDK call an AwsCustomResource makes on `event`, parsed, with deploy-time values rendered. */
export function sdkCall(
  template: Template,
  call: AwsCustomResource,
  event: 'Create' | 'Update' | 'Delete',
): Record<string, any> | undefined {
  const value = template.toJSON().Resources[logicalIdOf(call)].Properties[event];
  if (value === undefined) return undefined;
  const text =
    typeof value === 'string'
      ? value
      : (value['Fn::Join'][1] as Array<string | Record<string, any>>)
          .map((p) => (typeof p === 'string' ? p : renderToken(p)))
          .join('');
  return JSON.parse(text);
}

/** How a deploy-time response field of `call` appears in a rendered SDK call. */
export function responseField(call: AwsCustomResource, field: string): string {
  return `\${GetAtt:${logicalIdOf(call)}.${field}}`;
}

/** The statements of the policy AwsCustomResource attached for `call`. */
export function policyStatements(template: Template, call: AwsCustomResource): any[] {
  const policy = call.node.findChild('CustomResourcePolicy').node.defaultChild as CfnResource;
  return template.toJSON().Resources[Stack.of(call).getLogicalId(policy)].Properties.PolicyDocument.Statement;
}
